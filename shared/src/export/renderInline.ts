import * as Y from 'yjs'

type MarkType = 'link' | 'bold' | 'italic' | 'strike' | 'code'

/** A mark that has Markdown syntax; `href` is only set for links. */
interface Mark {
  type: MarkType
  href: string
}

interface Run {
  text: string
  marks: Mark[]
}

interface DeltaOp {
  insert?: unknown
  attributes?: Record<string, unknown>
}

/** Outermost first; code is always innermost because nothing can be nested in a code span. */
const MARK_TYPES: readonly string[] = ['link', 'bold', 'italic', 'strike', 'code']

/** y-prosemirror stores a mark that may overlap itself (e.g. comments) as `name--hash`. */
const HASHED_MARK = /^(.*)--[a-zA-Z0-9+/=]{8}$/

/**
 * Renders inline content (Y.XmlText runs, hard breaks, text embedded in other elements) as
 * Markdown lines, one per hard break or newline, without empty lines at either end. Every
 * character is kept; marks without Markdown syntax (underline, highlight) leave plain text.
 * `escapeLineStarts` escapes what would start a list or a setext heading at a paragraph's line.
 */
export function renderInline(nodes: readonly unknown[], escapeLineStarts = false): string[] {
  const lines: Run[][] = [[]]
  collect(nodes, lines)
  const rendered = lines.map((line) => {
    const text = renderLine(line)
    return escapeLineStarts ? escapeLineStart(text) : text
  })
  while (rendered[0] === '') rendered.shift()
  while (rendered.at(-1) === '') rendered.pop()
  return rendered
}

/** Backslash-escapes what Markdown would read as syntax anywhere in a line. */
export function escapeText(text: string): string {
  return text.replace(/[\\*_`[\]#<>~|]/g, '\\$&').replace(/&(?=#?[a-z0-9]+;)/gi, '\\&')
}

function collect(nodes: readonly unknown[], lines: Run[][]): void {
  for (const node of nodes) {
    if (node instanceof Y.XmlText) {
      for (const op of node.toDelta() as DeltaOp[]) {
        if (typeof op.insert !== 'string') collect([op.insert], lines)
        else addText(op.insert, readMarks(op.attributes), lines)
      }
    } else if (node instanceof Y.XmlElement) {
      if (node.nodeName === 'hardBreak') lines.push([])
      else collect(node.toArray(), lines)
    }
  }
}

function addText(text: string, marks: Mark[], lines: Run[][]): void {
  text.split(/\r\n|\r|\n/).forEach((part, index) => {
    if (index > 0) lines.push([])
    if (part !== '') lines.at(-1)!.push({ text: part, marks })
  })
}

function readMarks(attributes: Record<string, unknown> = {}): Mark[] {
  const marks: Mark[] = []
  for (const [key, value] of Object.entries(attributes)) {
    const type = HASHED_MARK.exec(key)?.[1] ?? key
    if (value == null || !isMarkType(type) || marks.some((mark) => mark.type === type)) continue
    const href = typeof value === 'object' && 'href' in value ? value.href : null
    if (type !== 'link') marks.push({ type, href: '' })
    else if (typeof href === 'string' && href !== '') marks.push({ type, href })
  }
  return marks.sort((a, b) => MARK_TYPES.indexOf(a.type) - MARK_TYPES.indexOf(b.type))
}

function isMarkType(name: string): name is MarkType {
  return MARK_TYPES.includes(name)
}

/** A piece of output; emphasis and strike delimiters carry the HTML tag to fall back on. */
interface Token {
  text: string
  tag?: string
  opens?: boolean
  partner?: Token
}

/**
 * Keeps a stack of open marks across runs so that shared marks stay open (`**a _b_**`, not
 * `**a****_b_**`); of the marks a run opens, the one that lasts longest goes outside. Spaces at a
 * boundary go outside the delimiters (`**bold** next`), the only place Markdown sees them.
 */
function renderLine(runs: readonly Run[]): string {
  const pieces = mergeEqual(spaceOutside(runs))
  const tokens: Token[] = []
  const open: { key: string; close: Token }[] = []
  const closeTo = (depth: number) => {
    if (open.length <= depth) return
    const last = tokens.findLast((token) => token.text !== '')
    const gap = last && last.tag === undefined ? (/\s*$/.exec(last.text)?.[0] ?? '') : ''
    if (last && gap !== '') last.text = last.text.slice(0, -gap.length)
    while (open.length > depth) tokens.push(open.pop()!.close)
    tokens.push({ text: gap })
  }
  pieces.forEach((piece, index) => {
    const keys = piece.marks.map(keyOf)
    let keep = 0
    while (keep < open.length && keys.includes(open[keep]!.key)) keep++
    closeTo(keep)
    // Spaces never open a mark: that would leave the delimiters with nothing between them.
    const blank = /^\s*$/.test(piece.text)
    const opening = blank
      ? []
      : piece.marks
          .filter((mark) => mark.type !== 'code' && !open.some(({ key }) => key === keyOf(mark)))
          .sort((a, b) => reach(pieces, index, b) - reach(pieces, index, a))
    const code = !blank && piece.marks.some((mark) => mark.type === 'code')
    const [, lead = '', core = '', trail = ''] = /^(\s*)([\s\S]*?)(\s*)$/.exec(piece.text) ?? []
    if (opening.length > 0 || code) tokens.push({ text: lead })
    for (const mark of opening) {
      const [start, close] = createDelimiters(mark, tokens, open)
      tokens.push(start)
      open.push({ key: keyOf(mark), close })
    }
    const text = opening.length > 0 ? piece.text.slice(lead.length) : piece.text
    tokens.push({ text: code ? `${core === '' ? '' : codeSpan(core)}${trail}` : escapeText(text) })
  })
  closeTo(0)
  return joinTokens(tokens).trim()
}

/**
 * Emphasis nested in or right after a `*` delimiter uses `_`, so that two delimiters never form
 * one run (`**_a_**`, `*a*__b__`), which Markdown would split differently.
 */
function createDelimiters(mark: Mark, tokens: Token[], open: { close: Token }[]): [Token, Token] {
  const last = tokens.findLast((token) => token.text !== '')
  if (mark.type === 'link') {
    // `!` right before a link's `[` would turn it into an image.
    if (last?.tag === undefined && last?.text.endsWith('!'))
      last.text = `${last.text.slice(0, -1)}\\!`
    return [{ text: '[' }, { text: `](${linkDestination(mark.href)})` }]
  }
  const enclosing = open.findLast(({ close }) => /^[*_]/.test(close.text))?.close.text[0]
  const star = enclosing !== '*' && !(last?.tag !== undefined && last.text.startsWith('*'))
  const [text, tag] =
    mark.type === 'bold'
      ? [star ? '**' : '__', 'strong']
      : mark.type === 'italic'
        ? [star ? '*' : '_', 'em']
        : ['~~', 'del']
  const start: Token = { text, tag: `<${tag}>`, opens: true }
  const close: Token = { text, tag: `</${tag}>`, opens: false, partner: start }
  start.partner = close
  return [start, close]
}

/**
 * Markdown only reads a delimiter whose neighbours allow it (CommonMark's flanking rules):
 * `a**"b"**` is not bold. Such a pair falls back to its HTML tags, which every CommonMark
 * reader renders, so no formatting turns into stray asterisks.
 */
function joinTokens(tokens: readonly Token[]): string {
  const text = tokens.map((token) => token.text).join('')
  const fallback = new Set<Token>()
  let offset = 0
  for (const token of tokens) {
    const before = text[offset - 1] ?? ' '
    offset += token.text.length
    if (token.partner && !canDelimit(token, before, text[offset] ?? ' ')) {
      fallback.add(token).add(token.partner)
    }
  }
  return tokens.map((token) => (fallback.has(token) ? token.tag : token.text)).join('')
}

function canDelimit(token: Token, before: string, after: string): boolean {
  const space = (char: string) => /\s/u.test(char)
  const punctuation = (char: string) => /[\p{P}\p{S}]/u.test(char)
  const left = !space(after) && (!punctuation(after) || space(before) || punctuation(before))
  const right = !space(before) && (!punctuation(before) || space(after) || punctuation(after))
  if (!token.text.startsWith('_')) return token.opens ? left : right
  return token.opens
    ? left && (!right || punctuation(before))
    : right && (!left || punctuation(after))
}

/**
 * Splits off each run's leading and trailing spaces and keeps on them only the marks of the text
 * on both sides: a mark ends where its text ends, not at the next space.
 */
function spaceOutside(runs: readonly Run[]): Run[] {
  const pieces: (Run & { space: boolean })[] = []
  for (const { text, marks } of runs) {
    const [, lead = '', core = '', trail = ''] = /^(\s*)([\s\S]*?)(\s*)$/.exec(text) ?? []
    if (lead !== '') pieces.push({ text: lead, marks, space: true })
    if (core !== '') pieces.push({ text: core, marks, space: false })
    if (trail !== '') pieces.push({ text: trail, marks, space: true })
  }
  return pieces.map(({ text, marks, space }, index) => {
    if (!space) return { text, marks }
    const before = pieces.slice(0, index).findLast((piece) => !piece.space)
    const after = pieces.slice(index + 1).find((piece) => !piece.space)
    const shared = (mark: Mark) =>
      [before, after].every((side) => side?.marks.some((other) => keyOf(other) === keyOf(mark)))
    return { text, marks: marks.filter(shared) }
  })
}

function mergeEqual(pieces: readonly Run[]): Run[] {
  const merged: Run[] = []
  for (const piece of pieces) {
    const last = merged.at(-1)
    if (last && last.marks.map(keyOf).join() === piece.marks.map(keyOf).join()) {
      last.text += piece.text
    } else merged.push({ ...piece })
  }
  return merged
}

/** How many pieces from `index` on carry `mark`. */
function reach(pieces: readonly Run[], index: number, mark: Mark): number {
  let end = index
  while (pieces[end]?.marks.some((other) => keyOf(other) === keyOf(mark))) end++
  return end - index
}

function keyOf(mark: Mark): string {
  return mark.type === 'link' ? `link ${mark.href}` : mark.type
}

function linkDestination(href: string): string {
  const url = href.replace(/[\r\n]/g, '')
  if (/[\s<>]/.test(url)) return `<${url.replace(/[\\<>]/g, '\\$&')}>`
  return url.replace(/[\\()]/g, '\\$&')
}

/** A code span fenced by more backticks than it contains, padded when it starts or ends with one. */
function codeSpan(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((ticks) => ticks.length))
  const fence = '`'.repeat(longest + 1)
  const pad = /^`|`$/.test(text) ? ' ' : ''
  return `${fence}${pad}${text}${pad}${fence}`
}

/** Escapes a line start that would begin a list item, a thematic break or a setext underline. */
function escapeLineStart(line: string): string {
  if (/^[-+](?:\s|$)|^[-=][-=\s]*$/.test(line)) return `\\${line}`
  return line.replace(/^(\d{1,9})([.)])(?=\s|$)/, '$1\\$2')
}
