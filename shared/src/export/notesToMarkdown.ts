import type {
  BlockContent,
  List,
  TableCell as MarkdownTableCell,
  PhrasingContent,
  Root,
  Table,
} from 'mdast'
import { gfmStrikethroughToMarkdown } from 'mdast-util-gfm-strikethrough'
import { gfmTableToMarkdown } from 'mdast-util-gfm-table'
import { toMarkdown } from 'mdast-util-to-markdown'
import type * as Y from 'yjs'
import { safeHref } from '../text/linkPolicy.js'
import { ENGLISH_EXPORT_WORDS, type ExportWords } from './exportLabels.js'
import { type Block, type Run, readNotes, type TableCell } from './notesModel.js'
import { tableGrid } from './tableGrid.js'

/**
 * A table's notes or a synthesis as Markdown (CommonMark with GFM tables and strikethrough), for
 * people who take a table's work into their own tools: every word the table wrote is kept. The
 * blocks of `readNotes` (the model the HTML and Word writers share) become an mdast tree, which
 * `mdast-util-to-markdown` serialises: it escapes whatever Markdown would read as syntax, so text
 * such as `*`, `# ` or `1. ` at a line start stays text. Pure and deterministic, with no editor
 * import, so the server and the browser (offline download) give the same file for one document.
 */
export function notesToMarkdown(
  doc: Y.Doc,
  { words = ENGLISH_EXPORT_WORDS }: { words?: ExportWords } = {},
): string {
  const root: Root = { type: 'root', children: readNotes(doc, words).map(toFlow) }
  return toMarkdown(root, {
    bullet: '-',
    extensions: [gfmTableToMarkdown(), gfmStrikethroughToMarkdown()],
  })
}

function toFlow(block: Block): BlockContent {
  switch (block.type) {
    case 'heading':
      return { type: 'heading', depth: headingDepth(block.level), children: toPhrasing(block.runs) }
    case 'paragraph':
      return { type: 'paragraph', children: toPhrasing(block.runs) }
    case 'list':
      return {
        type: 'list',
        ordered: block.ordered,
        ...(block.ordered ? { start: block.start } : {}),
        spread: false,
        children: block.items.map((item) => ({
          type: 'listItem',
          spread: false,
          children: item.map(toFlow),
        })),
      } satisfies List
    case 'quote':
      return { type: 'blockquote', children: block.blocks.map(toFlow) }
    case 'code':
      return { type: 'code', lang: block.language || null, value: block.text }
    case 'rule':
      return { type: 'thematicBreak' }
    case 'table':
      return toTable(block.rows)
  }
}

const headingDepth = (level: number) => Math.min(6, Math.max(1, level)) as 1 | 2 | 3 | 4 | 5 | 6

/** The marks Markdown can write, outermost first; `link` carries its address in the key. */
const MARK_ORDER = ['link', 'strong', 'emphasis', 'delete'] as const
type MarkType = (typeof MARK_ORDER)[number]

/** A run cut at its spaces, or a hard break, with the keys of its marks (`strong`, `link URL`). */
interface Piece {
  kind: 'text' | 'code' | 'break'
  text: string
  marks: Set<string>
}

function marksOf(run: Run): Set<string> {
  const href = run.href ? safeHref(run.href) : null
  const marks = new Set<string>()
  if (href) marks.add(`link ${href}`)
  if (run.bold) marks.add('strong')
  if (run.italic) marks.add('emphasis')
  if (run.strike) marks.add('delete')
  return marks
}

const LINE_ENDING = /\r\n|\r|\n/g

/**
 * Runs as mdast phrasing: runs sharing a mark share one node (`**a *b***`, not `**a****b**`),
 * and spaces and hard breaks at the edge of a marked stretch go outside it (`**bold** next`,
 * not `**bold **next`, which Markdown reads as no bold at all). `lineBreak` is what a hard break
 * becomes (a `break`, or `<br>` in a table cell).
 */
function toPhrasing(
  runs: readonly Run[],
  lineBreak: () => PhrasingContent = () => ({ type: 'break' }),
): PhrasingContent[] {
  const pieces: Piece[] = []
  for (const run of runs) {
    const marks = marksOf(run)
    if (run.breakBefore) pieces.push({ kind: 'break', text: '', marks })
    if (run.code) {
      // A code span cannot hold a line ending (a blank line would end the paragraph).
      pieces.push({ kind: 'code', text: run.text.replace(LINE_ENDING, ' '), marks })
      continue
    }
    // A line ending in text (stored by a script; the editor writes hard breaks) is written as
    // a hard break, as Markdown would otherwise take a blank line for a new paragraph.
    run.text.split(LINE_ENDING).forEach((line, index) => {
      if (index > 0) pieces.push({ kind: 'break', text: '', marks })
      const [, lead = '', core = '', trail = ''] = /^(\s*)([\s\S]*?)(\s*)$/.exec(line) ?? []
      for (const text of [lead, core, trail]) {
        if (text !== '') pieces.push({ kind: 'text', text, marks })
      }
    })
  }
  // Spaces and breaks at a paragraph's ends show nowhere, and Markdown would need them encoded.
  const [first, last] = withoutBlankEdges(pieces, 0, pieces.length)
  return nest(pieces.slice(first, last), 0, lineBreak)
}

const isBlank = (piece: Piece) =>
  piece.kind === 'break' || (piece.kind === 'text' && piece.text.trim() === '')

/** The bounds of pieces[from, to) without the blank pieces (spaces, breaks) at either end. */
function withoutBlankEdges(pieces: readonly Piece[], from: number, to: number): [number, number] {
  let [first, last] = [from, to]
  while (first < last && isBlank(pieces[first]!)) first++
  while (last > first && isBlank(pieces[last - 1]!)) last--
  return [first, last]
}

/**
 * Groups neighbouring pieces by their mark of MARK_ORDER[depth] and wraps each marked group,
 * leaving its leading and trailing blank pieces outside the wrapper.
 */
function nest(
  pieces: readonly Piece[],
  depth: number,
  lineBreak: () => PhrasingContent,
): PhrasingContent[] {
  const type: MarkType | undefined = MARK_ORDER[depth]
  if (type === undefined) return leaves(pieces, lineBreak)
  const keyOf = (piece: Piece) =>
    [...piece.marks].find((mark) => mark === type || mark.startsWith(`${type} `)) ?? null
  const nodes: PhrasingContent[] = []
  let start = 0
  while (start < pieces.length) {
    const key = keyOf(pieces[start]!)
    let end = start + 1
    while (end < pieces.length && keyOf(pieces[end]!) === key) end++
    const [first, last] = key === null ? [start, end] : withoutBlankEdges(pieces, start, end)
    append(nodes, nest(pieces.slice(start, first), depth + 1, lineBreak))
    const children = nest(pieces.slice(first, last), depth + 1, lineBreak)
    if (key === null || children.length === 0) append(nodes, children)
    else if (type === 'link') nodes.push({ type, url: key.slice('link '.length), children })
    else nodes.push({ type, children } as PhrasingContent)
    append(nodes, nest(pieces.slice(last, end), depth + 1, lineBreak))
    start = end
  }
  return nodes
}

function leaves(pieces: readonly Piece[], lineBreak: () => PhrasingContent): PhrasingContent[] {
  const nodes: PhrasingContent[] = []
  for (const piece of pieces) {
    const last = nodes.at(-1)
    if (piece.kind === 'break') nodes.push(lineBreak())
    else if (piece.kind === 'code') nodes.push({ type: 'inlineCode', value: piece.text })
    else if (last?.type === 'text') last.value += piece.text
    else nodes.push({ type: 'text', value: piece.text })
  }
  return nodes
}

/**
 * A GFM table on the grid of `tableGrid`, one Markdown cell per slot (spans leave empty cells).
 * GFM's first row is always the header: a table whose first row is not header cells gets an empty
 * header row, so data never reads as headings; header cells further down are bold.
 */
function toTable(rows: readonly (readonly TableCell[])[]): Table {
  const grid = tableGrid(rows)
  const width = grid[0]?.length ?? 0
  const headed = (rows[0]?.length ?? 0) > 0 && rows[0]!.every((cell) => cell.header)
  const cells = grid.map((slots, rowIndex) =>
    slots.map((slot): MarkdownTableCell => {
      if (slot.type !== 'cell') return { type: 'tableCell', children: [] }
      const children = toCellPhrasing(slot.cell.blocks)
      const strong = slot.cell.header && !(headed && rowIndex === 0) && children.length > 0
      return { type: 'tableCell', children: strong ? [{ type: 'strong', children }] : children }
    }),
  )
  if (!headed)
    cells.unshift(Array.from({ length: width }, () => ({ type: 'tableCell', children: [] })))
  return {
    type: 'table',
    align: Array.from({ length: width }, () => null),
    children: cells.map((children) => ({ type: 'tableRow', children })),
  }
}

/** A line break inside a table cell, where Markdown has no other: GFM readers render it. */
const cellBreak = (): PhrasingContent => ({ type: 'html', value: '<br>' })

/** A cell's blocks on one Markdown line: each block or list item a line, joined by `<br>`. */
function toCellPhrasing(blocks: readonly Block[]): PhrasingContent[] {
  return cellLines(blocks).flatMap((line, index) => (index === 0 ? line : [cellBreak(), ...line]))
}

/**
 * The lines a cell's blocks flatten to: paragraphs and headings as they are, list items after
 * their marker (`- `, `3. `), code line by line, a nested table a line per row with its cells
 * joined by ` | `; a rule gives no line.
 */
function cellLines(blocks: readonly Block[]): PhrasingContent[][] {
  const lines: PhrasingContent[][] = []
  for (const block of blocks) {
    switch (block.type) {
      case 'heading':
      case 'paragraph':
        lines.push(toPhrasing(block.runs, cellBreak))
        break
      case 'list':
        block.items.forEach((item, index) => {
          const marker = block.ordered ? `${block.start + index}. ` : '- '
          const [first = [], ...rest] = cellLines(item)
          lines.push([{ type: 'text', value: marker }, ...first])
          append(lines, rest)
        })
        break
      case 'quote':
        append(lines, cellLines(block.blocks))
        break
      case 'code':
        for (const line of block.text.split('\n')) {
          if (line.trim() !== '') lines.push([{ type: 'inlineCode', value: line }])
        }
        break
      case 'rule':
        break
      case 'table':
        for (const slots of tableGrid(block.rows)) {
          const row = slots.flatMap((slot) =>
            slot.type === 'cell' ? [toCellPhrasing(slot.cell.blocks)] : [],
          )
          const separator: PhrasingContent = { type: 'text', value: ' | ' }
          lines.push(row.flatMap((cell, index) => (index === 0 ? cell : [separator, ...cell])))
        }
        break
    }
  }
  return lines
}

/** Appends one by one: a hostile paragraph can hold more runs than push() takes arguments. */
function append<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item)
}
