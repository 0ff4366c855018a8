import * as Y from 'yjs'
import { NOTES_FRAGMENT, NodeName, PRIORITIES_ARRAY, RETIRED } from '../doc/tableDocument.js'
import { jsonArrayAttribute, type XmlNode } from '../doc/xmlNodes.js'
import { SynthesisNode } from '../synthesis/compileSynthesis.js'
import {
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
  href?: string
  /** A line break before this run's text. */
  breakBefore?: boolean
}

/** A table's notes or a synthesis as blocks any exporter (HTML, DOCX) can write. */
export type Block =
  | { type: 'heading'; level: number; runs: Run[] }
  | { type: 'paragraph'; runs: Run[] }
  | { type: 'list'; ordered: boolean; items: Block[][] }
  | { type: 'quote'; blocks: Block[] }
  | { type: 'code'; text: string }
  | { type: 'rule' }

const plain = (text: string): Run[] => [{ text }]

/**
 * Reads a notes document, a table's or a synthesis, into blocks: the locked structure becomes
 * headings (title 1, question 2, part 3, a table's contribution 4), and headings written inside
 * answers sit below their question's. Every character of the document is kept.
 */
export function readNotes(doc: Y.Doc, words: ExportWords = ENGLISH_EXPORT_WORDS): Block[] {
  const labels = doc
    .getArray<{ label?: unknown }>(PRIORITIES_ARRAY)
    .toArray()
    .map((issue) => (typeof issue?.label === 'string' ? issue.label : ''))
    .filter(Boolean)
  const blocks = readChildren(doc.getXmlFragment(NOTES_FRAGMENT).toArray(), 0, words)
  if (labels.length > 0) {
    const at = blocks.findIndex((block) => block.type === 'heading') + 1
    blocks.splice(at, 0, {
      type: 'paragraph',
      runs: [{ text: `${words.priorityIssues}: `, bold: true }, { text: labels.join('; ') }],
    })
  }
  return blocks
}

type Node = XmlNode

function readChildren(nodes: readonly Node[], offset: number, words: ExportWords): Block[] {
  const blocks: Block[] = []
  let loose: Node[] = []
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
    if (node instanceof Y.XmlElement) blocks.push(...readElement(node, offset, words))
  }
  flush()
  return blocks
}

function attribute(node: Y.XmlElement, name: string): string {
  const value: unknown = node.getAttribute(name)
  return typeof value === 'string' || typeof value === 'number' ? String(value) : ''
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

function readElement(node: Y.XmlElement, offset: number, words: ExportWords): Block[] {
  const children = node.toArray()
  switch (node.nodeName) {
    case NodeName.tableTitle: {
      const region = attribute(node, 'region')
      return [
        { type: 'heading', level: 1, runs: plain(attribute(node, 'name')) },
        ...(region ? [{ type: 'paragraph' as const, runs: [{ text: region, italic: true }] }] : []),
      ]
    }
    case SynthesisNode.header: {
      const when = [attribute(node, 'event'), attribute(node, 'date')].filter(Boolean).join(' · ')
      const tables = jsonArrayAttribute<{ name: string; region: string; contributors: number }>(
        node,
        'tables',
      )
      return [
        { type: 'heading', level: 1, runs: plain(attribute(node, 'title')) },
        ...(when ? [{ type: 'paragraph' as const, runs: [{ text: when, italic: true }] }] : []),
        ...(tables.length > 0
          ? [
              {
                type: 'paragraph' as const,
                runs: [
                  { text: `${words.tables}: `, bold: true },
                  {
                    text: tables
                      .map((t) => tableWithContributors(words, t.name, t.region, t.contributors))
                      .join('; '),
                  },
                ],
              },
            ]
          : []),
      ]
    }
    case NodeName.questionSection:
    case NodeName.questionPart: {
      const [level, label] =
        node.nodeName === NodeName.questionSection ? [2, 'number'] : [3, 'partId']
      const notes = readChildren(children, 3, words)
      // A removed question with nothing written under it has no other notes to show.
      if (notes.length === 0 && attribute(node, RETIRED) === 'true') return []
      return [promptHeading(node, level, attribute(node, label), words), ...notes]
    }
    // In the synthesis `offset` is the level of the heading a node sits under: a summary and
    // each table's contribution are one level below their question's or part's, never skipping
    // one (a question without parts has its contributions at level 3, not 4).
    case SynthesisNode.question:
      return [
        promptHeading(node, 2, attribute(node, 'number'), words),
        ...readChildren(children, 2, words),
      ]
    case SynthesisNode.part:
      return [
        promptHeading(node, 3, attribute(node, 'partId'), words),
        ...readChildren(children, 3, words),
      ]
    case SynthesisNode.summary: {
      const summary = readChildren(children, offset + 1, words)
      if (summary.length === 0) return []
      return [{ type: 'heading', level: offset + 1, runs: plain(words.summary) }, ...summary]
    }
    case SynthesisNode.contribution: {
      const region = attribute(node, 'region')
      const label = `${attribute(node, 'tableName')}${region ? ` (${region})` : ''}`
      return [
        { type: 'heading', level: offset + 1, runs: plain(label) },
        ...readChildren(children, offset + 1, words),
      ]
    }
    case SynthesisNode.priorities: {
      const issues = jsonArrayAttribute<{ label: string; tables: string[] }>(node, 'issues')
      if (issues.length === 0) return []
      return [
        { type: 'heading', level: 2, runs: plain(words.priorityIssues) },
        {
          type: 'list',
          ordered: false,
          items: issues.map((issue) => [
            {
              type: 'paragraph',
              runs: [{ text: issue.label, bold: true }, { text: `: ${issue.tables.join(', ')}` }],
            },
          ]),
        },
      ]
    }
    case SynthesisNode.otherNotes:
      return children.length === 0
        ? []
        : [
            { type: 'heading', level: 2, runs: plain(words.otherNotes) },
            ...readChildren(children, 2, words),
          ]
    case 'paragraph': {
      const runs = readRuns(children)
      return runs.length > 0 ? [{ type: 'paragraph', runs }] : []
    }
    case 'heading': {
      const level = Math.min(6, Math.max(1, Number(attribute(node, 'level')) || 1) + offset)
      const runs = readRuns(children)
      return runs.length > 0 ? [{ type: 'heading', level, runs }] : []
    }
    case 'bulletList':
    case 'orderedList':
      return [
        {
          type: 'list',
          ordered: node.nodeName === 'orderedList',
          items: children.map((item) =>
            item instanceof Y.XmlElement ? readChildren(item.toArray(), offset, words) : [],
          ),
        },
      ]
    case 'blockquote':
      return [{ type: 'quote', blocks: readChildren(children, offset, words) }]
    case 'codeBlock':
      return [
        {
          type: 'code',
          text: readRuns(children)
            .map((run) => run.text)
            .join(''),
        },
      ]
    case 'horizontalRule':
      return [{ type: 'rule' }]
    default:
      return readChildren(children, offset, words)
  }
}

interface DeltaOp {
  insert?: unknown
  attributes?: Record<string, unknown>
}

function readRuns(nodes: readonly unknown[]): Run[] {
  const runs: Run[] = []
  let breakNext = false
  const visit = (node: unknown) => {
    if (node instanceof Y.XmlText) {
      for (const op of node.toDelta() as DeltaOp[]) {
        if (typeof op.insert !== 'string') {
          visit(op.insert)
          continue
        }
        const marks = op.attributes ?? {}
        const link = marks.link as { href?: unknown } | undefined
        runs.push({
          text: op.insert,
          ...(marks.bold ? { bold: true } : {}),
          ...(marks.italic ? { italic: true } : {}),
          ...(marks.strike ? { strike: true } : {}),
          ...(marks.code ? { code: true } : {}),
          ...(typeof link?.href === 'string' ? { href: link.href } : {}),
          ...(breakNext ? { breakBefore: true } : {}),
        })
        breakNext = false
      }
    } else if (node instanceof Y.XmlElement) {
      if (node.nodeName === 'hardBreak') breakNext = true
      else for (const child of node.toArray()) visit(child)
    }
  }
  for (const node of nodes) visit(node)
  return runs.some((run) => run.text.trim() !== '') ? runs : []
}
