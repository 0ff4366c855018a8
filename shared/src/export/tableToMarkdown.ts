import * as Y from 'yjs'
import { NOTES_FRAGMENT, NodeName, PRIORITIES_ARRAY, RETIRED } from '../doc/tableDocument.js'
import { jsonArrayAttribute } from '../doc/xmlNodes.js'
import { SynthesisNode } from '../synthesis/compileSynthesis.js'
import {
  ENGLISH_EXPORT_WORDS,
  type ExportWords,
  retiredHeading,
  tableWithContributors,
} from './exportLabels.js'
import { escapeText, renderInline } from './renderInline.js'

/** A rendered block; `name` and `canInterrupt` decide how it joins its neighbours in a list item. */
interface Block {
  text: string
  name: string
  /** A list that Markdown lets start right under a paragraph line. */
  canInterrupt: boolean
}

interface Context {
  /** Added to heading levels, so a heading inside an answer sits below its question's heading. */
  headingOffset: number
  /** The priority line, until the first title is written with it; shared by every context. */
  pending: { priorities: string | null }
  words: ExportWords
}

type Node = Y.XmlElement | Y.XmlText | Y.XmlHook

const ANSWER_HEADING_OFFSET = 3

/**
 * A table's notes, or a session's synthesis, as Markdown, for the Markdown export: people take a table's work
 * into their own tools, so the file must keep every word the table wrote. Pure and deterministic,
 * with no editor import, so the server and the browser give the same file for the same document.
 * Locked structure becomes headings (title `#`, question `##`, part `###`); answers keep their
 * formatting, and text Markdown would read as syntax is escaped so it stays text. Checked against
 * a CommonMark reader: where Markdown cannot place a delimiter (`a**"b"**c`), the pair becomes
 * `<strong>`, `<em>` or `<del>`.
 */
export function tableToMarkdown(doc: Y.Doc, words: ExportWords = ENGLISH_EXPORT_WORDS): string {
  const labels = doc
    .getArray<unknown>(PRIORITIES_ARRAY)
    .toArray()
    .map(readLabel)
    .filter((label) => label !== '')
  const priorities = labels.length > 0 ? `**${words.priorityIssues}:** ${labels.join('; ')}` : null
  const context: Context = { headingOffset: 0, pending: { priorities }, words }
  const blocks = renderBlocks(doc.getXmlFragment(NOTES_FRAGMENT).toArray(), context)
  const texts = blocks.map((block) => block.text)
  // A document without a title still shows its priorities, first.
  if (context.pending.priorities !== null) texts.unshift(context.pending.priorities)
  return `${texts.join('\n\n')}\n`
}

function readLabel(item: unknown): string {
  const label = typeof item === 'object' && item !== null && 'label' in item ? item.label : null
  return typeof label === 'string' ? oneLine(label) : ''
}

/** Renders sibling nodes; loose inline nodes (text outside any paragraph) become a paragraph. */
function renderBlocks(nodes: readonly Node[], context: Context): Block[] {
  const blocks: Block[] = []
  let inline: Node[] = []
  let previous = { name: '', alternate: false }
  const flush = () => {
    const text = renderParagraph(inline)
    if (text !== null) {
      blocks.push({ text, name: NodeName.paragraph, canInterrupt: false })
      previous = { name: NodeName.paragraph, alternate: false }
    }
    inline = []
  }
  for (const node of nodes) {
    if (node instanceof Y.XmlText || nameOf(node) === 'hardBreak') {
      inline.push(node)
      continue
    }
    flush()
    if (!(node instanceof Y.XmlElement)) continue
    // Two lists of one kind in a row would merge into one in Markdown; another marker keeps them apart.
    const alternate = node.nodeName === previous.name && !previous.alternate
    const rendered = renderElement(node, context, alternate)
    if (rendered.length > 0) previous = { name: node.nodeName, alternate }
    blocks.push(...rendered)
  }
  flush()
  return blocks
}

function renderElement(node: Y.XmlElement, context: Context, alternate: boolean): Block[] {
  const block = (text: string | null): Block[] =>
    text === null ? [] : [{ text, name: node.nodeName, canInterrupt: false }]
  const children = node.toArray()
  const inAnswer = { ...context, headingOffset: ANSWER_HEADING_OFFSET }
  switch (node.nodeName) {
    case NodeName.tableTitle: {
      const region = oneLine(readString(node, 'region'))
      const title = [`# ${oneLine(readString(node, 'name'))}`.trim()]
      if (region !== '') title.push(`*${region}*`)
      if (context.pending.priorities !== null) title.push(context.pending.priorities)
      context.pending.priorities = null
      return title.flatMap((text) => block(text))
    }
    case NodeName.questionSection: {
      const heading =
        `## ${questionHeading(node, readString(node, 'number'), context.words)}`.trim()
      return [...block(heading), ...renderBlocks(children, inAnswer)]
    }
    case NodeName.questionPart: {
      const heading =
        `### ${questionHeading(node, readString(node, 'partId'), context.words)}`.trim()
      return [...block(heading), ...renderBlocks(children, inAnswer)]
    }
    case NodeName.answer:
    case SynthesisNode.summary:
      return renderBlocks(children, inAnswer)
    case SynthesisNode.header:
      return renderSynthesisHeader(node, context.words).flatMap((text) => block(text))
    case SynthesisNode.question: {
      const heading = `## ${oneLine(readString(node, 'number'))}. ${oneLine(readString(node, 'prompt'))}`
      return [...block(heading), ...renderBlocks(children, context)]
    }
    case SynthesisNode.part: {
      const heading = `### ${oneLine(readString(node, 'partId'))}. ${oneLine(readString(node, 'prompt'))}`
      return [...block(heading), ...renderBlocks(children, context)]
    }
    case SynthesisNode.contribution: {
      const region = oneLine(readString(node, 'region'))
      const label = `#### ${oneLine(readString(node, 'tableName'))}${region ? ` (${region})` : ''}`
      return [...block(label), ...renderBlocks(children, { ...context, headingOffset: 4 })]
    }
    case SynthesisNode.priorities:
      return renderSynthesisPriorities(node, context.words).flatMap((text) => block(text))
    case SynthesisNode.otherNotes:
      return children.length === 0
        ? []
        : [...block(`## ${context.words.otherNotes}`), ...renderBlocks(children, context)]
    case NodeName.paragraph:
      return block(renderParagraph(children))
    case 'heading': {
      const text = renderInline(children).join(' ').trim()
      const level = Math.min(6, readLevel(node) + context.headingOffset)
      return block(text === '' ? null : `${'#'.repeat(level)} ${text}`)
    }
    case 'bulletList':
    case 'orderedList':
      return renderList(node, context, alternate)
    case 'blockquote': {
      const text = joinBlocks(renderBlocks(children, context), false)
      return block(text === '' ? null : prefixLines(text, '> ', '> '))
    }
    case 'codeBlock':
      return block(renderCodeBlock(node))
    case 'horizontalRule':
      // Not `---`, which a list marker before it (`- ---`) would make a rule instead of an item.
      return block('___')
    default:
      return renderBlocks(children, context)
  }
}

function renderParagraph(nodes: readonly Node[]): string | null {
  const lines = renderInline(nodes, true)
  return lines.length === 0 ? null : lines.join('\\\n')
}

/** `alternate` switches to the other marker (`*`, `1)`), so that two lists in a row stay two. */
function renderList(node: Y.XmlElement, context: Context, alternate: boolean): Block[] {
  const start = node.nodeName === 'orderedList' ? readStart(node) : null
  const items = node.toArray().map((item, index) => {
    const content =
      item instanceof Y.XmlElement && item.nodeName === 'listItem' ? item.toArray() : [item]
    const marker =
      start === null ? (alternate ? '*' : '-') : `${start + index}${alternate ? ')' : '.'}`
    return { marker, text: joinBlocks(renderBlocks(content, context), true) }
  })
  if (items.length === 0) return []
  const text = items
    .map(({ marker, text }) => prefixLines(text, `${marker} `, ' '.repeat(marker.length + 1)))
    .join('\n')
  // Markdown lets a list interrupt a paragraph only with bullets or from 1, and with a first word.
  const canInterrupt = (start === null || start === 1) && items[0]?.text !== ''
  return [{ text, name: node.nodeName, canInterrupt }]
}

function renderCodeBlock(node: Y.XmlElement): string | null {
  const code = node.toArray().map(plainText).join('')
  if (code === '') return null
  const longestTicks = Math.max(0, ...(code.match(/`+/g) ?? []).map((ticks) => ticks.length))
  const fence = '`'.repeat(Math.max(3, longestTicks + 1))
  const language = readString(node, 'language').replace(/[\s`]/g, '')
  return `${fence}${language}\n${code}\n${fence}`
}

function plainText(node: Node): string {
  if (node instanceof Y.XmlText) {
    const ops = node.toDelta() as { insert?: unknown }[]
    return ops
      .map(({ insert }) => {
        if (typeof insert === 'string') return insert
        return insert instanceof Y.XmlElement ? plainText(insert) : ''
      })
      .join('')
  }
  if (nameOf(node) === 'hardBreak') return '\n'
  return node instanceof Y.XmlElement ? node.toArray().map(plainText).join('') : ''
}

/**
 * In a list item a nested list follows its paragraph on the next line, which keeps the list tight;
 * an ordered list not starting at 1 cannot interrupt a paragraph, so it gets a blank line.
 */
function joinBlocks(blocks: readonly Block[], inListItem: boolean): string {
  return blocks
    .map((block, index) => {
      const before = blocks[index - 1]
      if (!before) return block.text
      const tight = inListItem && before.name === NodeName.paragraph && block.canInterrupt
      return `${tight ? '\n' : '\n\n'}${block.text}`
    })
    .join('')
}

function prefixLines(text: string, first: string, rest: string): string {
  return text
    .split('\n')
    .map((line, index) => {
      const prefix = index === 0 ? first : rest
      return line === '' ? prefix.trimEnd() : prefix + line
    })
    .join('\n')
}

/** The element's name, so a check for one name does not narrow the other elements away. */
function nameOf(node: Node): string | null {
  return node instanceof Y.XmlElement ? node.nodeName : null
}

function readString(node: Y.XmlElement, key: string): string {
  const value: unknown = node.getAttribute(key)
  return typeof value === 'string' || typeof value === 'number' ? String(value) : ''
}

function readLevel(node: Y.XmlElement): number {
  const level = Number(readString(node, 'level'))
  return Number.isInteger(level) ? Math.min(6, Math.max(1, level)) : 1
}

function readStart(node: Y.XmlElement): number {
  const start = Number(readString(node, 'start') || 1)
  return Number.isInteger(start) && start >= 0 && start <= 999_999_999 ? start : 1
}

/** The synthesis's title block: session, event and date, the tables and their contributors. */
function renderSynthesisHeader(node: Y.XmlElement, words: ExportWords): string[] {
  const lines = [`# ${oneLine(readString(node, 'title'))}`]
  const when = [readString(node, 'event'), readString(node, 'date')].filter(Boolean).map(oneLine)
  if (when.length > 0) lines.push(`*${when.join(' · ')}*`)
  const tables = jsonArrayAttribute<{ name: string; region: string; contributors: number }>(
    node,
    'tables',
  )
  if (tables.length > 0) {
    const listed = tables.map(({ name, region, contributors }) =>
      tableWithContributors(words, oneLine(name), oneLine(region), contributors),
    )
    lines.push(`**${words.tables}:** ${listed.join('; ')}`)
  }
  return lines
}

function renderSynthesisPriorities(node: Y.XmlElement, words: ExportWords): string[] {
  const issues = jsonArrayAttribute<{ label: string; tables: string[] }>(node, 'issues')
  if (issues.length === 0) return []
  const items = issues.map(
    ({ label, tables }) => `- ${oneLine(label)}: ${tables.map(oneLine).join(', ')}`,
  )
  return [`## ${words.priorityIssues}`, items.join('\n')]
}

/** `3. prompt`, or for a question the organizer removed, a heading saying these are other notes. */
function questionHeading(node: Y.XmlElement, label: string, words: ExportWords): string {
  const prompt = oneLine(readString(node, 'prompt'))
  if (node.getAttribute(RETIRED) === 'true') return retiredHeading(words, prompt)
  const number = oneLine(label)
  return `${number === '' ? '' : `${number}. `}${prompt}`
}

/** Attribute text (titles, prompts, labels) on one line, escaped like any other text. */
function oneLine(text: string): string {
  return escapeText(text.replace(/\s+/g, ' ').trim())
}
