import * as Y from 'yjs'
import { CALL_TO_ACTION } from '../doc/callToAction.js'
import {
  MAX_PRIORITIES,
  NOTES_FRAGMENT,
  NodeName,
  PRIORITIES_ARRAY,
  RETIRED,
} from '../doc/tableDocument.js'
import { jsonArrayAttribute, type XmlNode } from '../doc/xmlNodes.js'
import { fillMessage } from '../i18n/catalogue.js'
import {
  CONTRIBUTION_WRITERS,
  type CompiledCall,
  contributionWriters,
  SynthesisNode,
} from '../synthesis/compileSynthesis.js'
import { safeHref } from '../text/linkPolicy.js'
import {
  contributionLabel,
  ENGLISH_EXPORT_WORDS,
  type ExportWords,
  retiredHeading,
  tableWithContributors,
} from './exportLabels.js'

/** A stretch of text with its formatting. */
export interface Run {
  text: string
  bold?: boolean
  italic?: boolean
  strike?: boolean
  code?: boolean
  /** Only ever an address `safeHref` allows: other links are read as plain text. */
  href?: string
  /** A line break before this run's text. */
  breakBefore?: boolean
}

/** One cell of a table block, as the editor's `tableHeader` / `tableCell` nodes hold it. */
export interface TableCell {
  /** A `tableHeader` cell: `<th>`, a bold Word cell, a GFM header. */
  header: boolean
  /** Columns and rows the cell covers, each from 1 to MAX_SPAN. */
  colspan: number
  rowspan: number
  blocks: Block[]
}

/** A table's notes or a synthesis as blocks each writer (Markdown, HTML, Word) turns into a file. */
export type Block =
  | { type: 'heading'; level: number; runs: Run[] }
  | { type: 'paragraph'; runs: Run[] }
  /** `start` is an ordered list's first number (1 for bullets). */
  | { type: 'list'; ordered: boolean; start: number; items: Block[][] }
  | { type: 'quote'; blocks: Block[] }
  | { type: 'code'; text: string; language: string }
  | { type: 'rule' }
  /** Rows of cells in document order, as ProseMirror tables keep them: a cell spanning rows is
   * left out of the rows below it (`tableGrid` places them). */
  | { type: 'table'; rows: TableCell[][] }

/**
 * How many levels of elements, counted from the document's root, are read as structure. A stored
 * document can nest far deeper (a stock client can write 20,000 levels), and every writer walks
 * the blocks recursively; content below this level is read as plain paragraphs after a note
 * saying so, with an explicit stack, so no export can run out of call stack. The editor's own
 * documents stay well within it (a question, its part and answer, then 13 levels of lists).
 */
export const NESTING_LIMIT = 32

/** The most columns or rows one cell may span; a stored `colspan` of a billion is read as this. */
export const MAX_SPAN = 100

const plain = (text: string): Run[] => [{ text }]

interface Reader {
  words: ExportWords
  /** The priority line, until the table's title block is written with it. */
  priorities: Run[] | null
  /**
   * Inside a removed question's section: its parts went with it, though `reconcileTable` marks
   * only the section, so an empty part there is no more "other notes" than the section is.
   */
  inRetiredSection: boolean
}

/**
 * Reads a notes document, a table's or a synthesis, into blocks: the locked structure becomes
 * headings (title 1, question 2, part 3, a table's contribution 4), headings written inside
 * answers sit below their question's, and the table's priority issues follow its title. Every
 * character of the document is kept; links other than http, https and mailto become plain text
 * (`safeHref`), and content nested deeper than NESTING_LIMIT becomes plain paragraphs after a
 * note in the document's language. Never recurses deeper than NESTING_LIMIT + 3 levels.
 */
export function readNotes(doc: Y.Doc, words: ExportWords = ENGLISH_EXPORT_WORDS): Block[] {
  const labels = doc
    .getArray<{ label?: unknown }>(PRIORITIES_ARRAY)
    .toArray()
    // The first two, as the page, the wall and the compile read them: a race may store more (P13).
    .slice(0, MAX_PRIORITIES)
    .map((issue) => (typeof issue?.label === 'string' ? issue.label : ''))
    .filter(Boolean)
  const reader: Reader = {
    words,
    priorities:
      labels.length > 0
        ? [{ text: `${words.priorityIssues}: `, bold: true }, { text: labels.join('; ') }]
        : null,
    inRetiredSection: false,
  }
  const blocks = readChildren(doc.getXmlFragment(NOTES_FRAGMENT).toArray(), 0, 1, reader)
  // A document without a title still shows its priorities, first.
  if (reader.priorities) blocks.unshift({ type: 'paragraph', runs: reader.priorities })
  return blocks
}

/** Reads sibling nodes at `level` (1 for the fragment's children); loose text becomes a paragraph. */
function readChildren(
  nodes: readonly XmlNode[],
  offset: number,
  level: number,
  reader: Reader,
): Block[] {
  if (level > NESTING_LIMIT) return readTooDeep(nodes, reader.words)
  const blocks: Block[] = []
  let loose: XmlNode[] = []
  const flush = () => {
    const runs = readRuns(loose)
    if (runs.length > 0) blocks.push({ type: 'paragraph', runs })
    loose = []
  }
  for (const node of nodes) {
    if (
      node instanceof Y.XmlText ||
      (node instanceof Y.XmlElement && node.nodeName === 'hardBreak')
    ) {
      loose.push(node)
      continue
    }
    flush()
    if (node instanceof Y.XmlElement) {
      // One by one: a cut-off subtree can give more blocks than push() takes arguments.
      for (const block of readElement(node, offset, level, reader)) blocks.push(block)
    }
  }
  flush()
  return blocks
}

function attribute(node: Y.XmlElement, name: string): string {
  const value: unknown = node.getAttribute(name)
  return typeof value === 'string' || typeof value === 'number' ? String(value) : ''
}

/** A whole-number attribute within [min, max], or `fallback`. */
function integerAttribute(
  node: Y.XmlElement,
  name: string,
  [min, max]: [number, number],
  fallback: number,
): number {
  const value = Number(attribute(node, name) || fallback)
  return Number.isInteger(value) ? Math.min(max, Math.max(min, value)) : fallback
}

function promptHeading(
  node: Y.XmlElement,
  level: number,
  label: string,
  words: ExportWords,
): Block {
  const prompt = attribute(node, 'prompt')
  const text =
    attribute(node, RETIRED) === 'true'
      ? retiredHeading(words, prompt)
      : `${label ? `${label}. ` : ''}${prompt}`
  return { type: 'heading', level, runs: plain(text) }
}

/** Reads one element at `level`; its children are at `level + 1`. */
function readElement(node: Y.XmlElement, offset: number, level: number, reader: Reader): Block[] {
  const { words } = reader
  const children = node.toArray()
  const inner = (childOffset: number) => readChildren(children, childOffset, level + 1, reader)
  switch (node.nodeName) {
    case NodeName.tableTitle: {
      const region = attribute(node, 'region')
      const priorities = reader.priorities
      reader.priorities = null
      return [
        { type: 'heading', level: 1, runs: plain(attribute(node, 'name')) },
        ...(region ? [{ type: 'paragraph' as const, runs: [{ text: region, italic: true }] }] : []),
        ...(priorities ? [{ type: 'paragraph' as const, runs: priorities }] : []),
      ]
    }
    case SynthesisNode.header:
      return readSynthesisHeader(node, words)
    case NodeName.questionSection:
    case NodeName.questionPart: {
      const isSection = node.nodeName === NodeName.questionSection
      const [headingLevel, label] = isSection ? [2, 'number'] : [3, 'partId']
      const retired = attribute(node, RETIRED) === 'true' || (!isSection && reader.inRetiredSection)
      const outer = reader.inRetiredSection
      if (isSection) reader.inRetiredSection = retired
      const notes = inner(3)
      reader.inRetiredSection = outer
      // A removed question (or part) with nothing written under it has no other notes to show.
      if (notes.length === 0 && retired) return []
      return [promptHeading(node, headingLevel, attribute(node, label), words), ...notes]
    }
    // In the synthesis `offset` is the level of the heading a node sits under: a summary and
    // each table's contribution are one level below their question's or part's, never skipping
    // one (a question without parts has its contributions at level 3, not 4).
    case SynthesisNode.question:
      return [promptHeading(node, 2, attribute(node, 'number'), words), ...inner(2)]
    case SynthesisNode.part:
      return [promptHeading(node, 3, attribute(node, 'partId'), words), ...inner(3)]
    case SynthesisNode.summary: {
      const summary = inner(offset + 1)
      if (summary.length === 0) return []
      return [{ type: 'heading', level: offset + 1, runs: plain(words.summary) }, ...summary]
    }
    case SynthesisNode.contribution: {
      const writers = contributionWriters(node.getAttribute(CONTRIBUTION_WRITERS))
      const label = contributionLabel(
        words,
        attribute(node, 'tableName'),
        attribute(node, 'region'),
        writers,
      )
      return [{ type: 'heading', level: offset + 1, runs: plain(label) }, ...inner(offset + 1)]
    }
    case SynthesisNode.priorities:
      return readSynthesisPriorities(node, words)
    case SynthesisNode.callsToAction:
      return readSynthesisCalls(node, words)
    case CALL_TO_ACTION:
      return readCallToAction(node, children, words)
    case SynthesisNode.otherNotes:
      return children.length === 0
        ? []
        : [{ type: 'heading', level: 2, runs: plain(words.otherNotes) }, ...inner(2)]
    case 'paragraph': {
      const runs = readRuns(children)
      return runs.length > 0 ? [{ type: 'paragraph', runs }] : []
    }
    case 'heading': {
      const heading = integerAttribute(node, 'level', [1, 6], 1) + offset
      const runs = readRuns(children)
      return runs.length > 0 ? [{ type: 'heading', level: Math.min(6, heading), runs }] : []
    }
    case 'bulletList':
    case 'orderedList': {
      const ordered = node.nodeName === 'orderedList'
      return [
        {
          type: 'list',
          ordered,
          start: ordered ? integerAttribute(node, 'start', [0, 999_999_999], 1) : 1,
          items: children.map((item) =>
            item instanceof Y.XmlElement
              ? readChildren(item.toArray(), offset, level + 2, reader)
              : readChildren([item], offset, level + 1, reader),
          ),
        },
      ]
    }
    case 'blockquote':
      return [{ type: 'quote', blocks: inner(offset) }]
    case 'codeBlock':
      return [
        {
          type: 'code',
          text: readRuns(children)
            .map((run) => run.text)
            .join(''),
          language: attribute(node, 'language'),
        },
      ]
    case 'horizontalRule':
      return [{ type: 'rule' }]
    case 'table':
      return readTable(children, offset, level, reader)
    default:
      return inner(offset)
  }
}

/**
 * A table element's rows (`tableRow`) of cells (`tableHeader`, `tableCell`). Anything else a
 * stored table holds is kept as text: a stray element as a row or cell, stray text as a cell.
 */
function readTable(
  children: readonly XmlNode[],
  offset: number,
  level: number,
  reader: Reader,
): Block[] {
  const cellOf = (node: XmlNode, cellLevel: number): TableCell =>
    node instanceof Y.XmlElement
      ? {
          header: node.nodeName === 'tableHeader',
          colspan: integerAttribute(node, 'colspan', [1, MAX_SPAN], 1),
          rowspan: integerAttribute(node, 'rowspan', [1, MAX_SPAN], 1),
          blocks: readChildren(node.toArray(), offset, cellLevel + 1, reader),
        }
      : {
          header: false,
          colspan: 1,
          rowspan: 1,
          blocks: readChildren([node], offset, cellLevel, reader),
        }
  const rows = children.map((row) =>
    row instanceof Y.XmlElement
      ? row.toArray().map((cell) => cellOf(cell, level + 2))
      : [cellOf(row, level + 1)],
  )
  return rows.some((row) => row.length > 0) ? [{ type: 'table', rows }] : []
}

function readSynthesisHeader(node: Y.XmlElement, words: ExportWords): Block[] {
  const when = [attribute(node, 'event'), attribute(node, 'date')].filter(Boolean).join(' · ')
  const tables = jsonArrayAttribute<{ name: string; region: string; contributors: number }>(
    node,
    'tables',
  )
  const listed = tables
    .map((table) => tableWithContributors(words, table.name, table.region, table.contributors))
    .join('; ')
  return [
    { type: 'heading', level: 1, runs: plain(attribute(node, 'title')) },
    ...(when ? [{ type: 'paragraph' as const, runs: [{ text: when, italic: true }] }] : []),
    ...(tables.length > 0
      ? [
          {
            type: 'paragraph' as const,
            runs: [{ text: `${words.tables}: `, bold: true }, { text: listed }],
          },
        ]
      : []),
  ]
}

function readSynthesisPriorities(node: Y.XmlElement, words: ExportWords): Block[] {
  const issues = jsonArrayAttribute<{ label: string; tables: string[] }>(node, 'issues')
  if (issues.length === 0) return []
  return [
    { type: 'heading', level: 2, runs: plain(words.priorityIssues) },
    {
      type: 'list',
      ordered: false,
      start: 1,
      items: issues.map((issue) => [
        {
          type: 'paragraph',
          runs: [{ text: issue.label, bold: true }, { text: `: ${issue.tables.join(', ')}` }],
        },
      ]),
    },
  ]
}

/**
 * A call to action in a table's notes as one paragraph: its label, the action with its
 * formatting, then who and by when where given ("Call to action: Fund shelters (Who: Ministry;
 * By when: June)"). A card holding several paragraphs (concurrent edits merged, P13) has them
 * joined by a space, as callToAction.ts reads them. Nothing for an empty card.
 */
function readCallToAction(
  node: Y.XmlElement,
  children: readonly XmlNode[],
  words: ExportWords,
): Block[] {
  const action = children
    .map((child) => readRuns([child]))
    .filter((runs) => runs.length > 0)
    .flatMap((runs, index) => (index === 0 ? runs : [{ text: ' ' }, ...runs]))
  const fields = [
    [words.callActor, attribute(node, 'actor').trim()],
    [words.callTimeframe, attribute(node, 'timeframe').trim()],
  ].filter(([, value]) => value !== '')
  if (action.length === 0 && fields.length === 0) return []
  const details = fields.map(([label, value]) => `${label}: ${value}`).join('; ')
  return [
    {
      type: 'paragraph',
      runs: [
        { text: `${words.callToAction}: `, bold: true },
        ...action.map(({ breakBefore: _, ...run }) => run),
        ...(details ? [{ text: `${action.length > 0 ? ' ' : ''}(${details})` }] : []),
      ],
    },
  ]
}

/**
 * The synthesis's calls to action: a heading, then one group per actor (alphabetical, the calls
 * naming nobody last), each a table of one row per call: action, actor, timeframe, table. A row
 * is one line in every format, so a reader finds a call and everything about it together.
 */
function readSynthesisCalls(node: Y.XmlElement, words: ExportWords): Block[] {
  const calls = jsonArrayAttribute<CompiledCall>(node, 'calls').filter(
    (call) => typeof call?.action === 'string',
  )
  if (calls.length === 0) return []
  const groups = new Map<string, CompiledCall[]>()
  for (const call of calls) {
    const actor = typeof call.actor === 'string' ? call.actor : ''
    groups.set(actor, [...(groups.get(actor) ?? []), call])
  }
  const actors = [...groups.keys()].sort((a, b) =>
    a === '' ? 1 : b === '' ? -1 : a.localeCompare(b),
  )
  const cell = (text: string, header = false): TableCell => ({
    header,
    colspan: 1,
    rowspan: 1,
    blocks: text.trim() === '' ? [] : [{ type: 'paragraph', runs: plain(text) }],
  })
  const head = [words.callAction, words.callActor, words.callTimeframe, words.callTable]
  const blocks: Block[] = [{ type: 'heading', level: 2, runs: plain(words.callsToAction) }]
  for (const actor of actors) {
    blocks.push({ type: 'heading', level: 3, runs: plain(actor || words.callNoActor) })
    blocks.push({
      type: 'table',
      rows: [
        head.map((label) => cell(label, true)),
        ...(groups.get(actor) ?? []).map((call) =>
          [call.action, call.actor, call.timeframe, call.table].map((text) =>
            cell(typeof text === 'string' ? text : ''),
          ),
        ),
      ],
    })
  }
  return blocks
}

/**
 * Content below NESTING_LIMIT: a note, then each text node's runs as a paragraph, found with an
 * explicit stack in document order. Nothing at all when there is neither text nor an element.
 */
function readTooDeep(nodes: readonly XmlNode[], words: ExportWords): Block[] {
  const hasContent = (node: XmlNode) =>
    node instanceof Y.XmlElement || (node instanceof Y.XmlText && node.length > 0)
  if (!nodes.some(hasContent)) return []
  const note: Block = {
    type: 'paragraph',
    runs: [{ text: fillMessage(words.nestingCut, { depth: NESTING_LIMIT }), italic: true }],
  }
  const paragraphs: Block[] = []
  const stack = reversed(nodes)
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (node instanceof Y.XmlText) {
      const runs = readRuns([node])
      if (runs.length > 0) paragraphs.push({ type: 'paragraph', runs })
    } else if (node instanceof Y.XmlElement) {
      pushReversed(stack, node.toArray())
    }
  }
  return [note, ...paragraphs]
}

interface DeltaOp {
  insert?: unknown
  attributes?: Record<string, unknown>
}

/** A delta op holding text, as it waits on the stack beside nodes. */
interface TextOp {
  insert: string
  attributes?: Record<string, unknown>
}

const isTextOp = (item: unknown): item is TextOp =>
  typeof item === 'object' && item !== null && typeof (item as DeltaOp).insert === 'string'

/**
 * The runs of inline content in document order: text with its marks, hard breaks, and the text
 * of elements embedded in or nested under it, read with an explicit stack (inline content can
 * nest as deep as a stored document does). Empty when there is no visible character.
 */
function readRuns(nodes: readonly unknown[]): Run[] {
  const runs: Run[] = []
  let breakNext = false
  const stack = reversed(nodes)
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    if (item instanceof Y.XmlText) {
      const ops = item.toDelta() as DeltaOp[]
      pushReversed(
        stack,
        ops.map((op) => (typeof op.insert === 'string' ? op : op.insert)),
      )
    } else if (item instanceof Y.XmlElement) {
      if (item.nodeName === 'hardBreak') breakNext = true
      else pushReversed(stack, item.toArray())
    } else if (isTextOp(item)) {
      runs.push(runOf(item, breakNext))
      breakNext = false
    }
  }
  return runs.some((run) => run.text.trim() !== '') ? runs : []
}

function runOf({ insert, attributes: marks = {} }: TextOp, breakBefore: boolean): Run {
  const link = marks.link as { href?: unknown } | undefined
  const href = safeHref(link?.href)
  return {
    text: insert,
    ...(marks.bold ? { bold: true } : {}),
    ...(marks.italic ? { italic: true } : {}),
    ...(marks.strike ? { strike: true } : {}),
    ...(marks.code ? { code: true } : {}),
    ...(href ? { href } : {}),
    ...(breakBefore ? { breakBefore: true } : {}),
  }
}

/** A stack whose next pop is `items[0]`. */
function reversed<T>(items: readonly T[]): T[] {
  const stack: T[] = []
  pushReversed(stack, items)
  return stack
}

/** Pushes one by one: spreading a long child list into push() would itself overflow the stack. */
function pushReversed<T>(stack: T[], items: readonly T[]): void {
  for (let index = items.length - 1; index >= 0; index--) stack.push(items[index]!)
}
