import { toBase64 } from 'lib0/buffer'
import * as Y from 'yjs'
import { type CallToAction, callsToActionOf } from '../doc/callToAction.js'
import {
  MAX_PRIORITIES,
  NOTES_FRAGMENT,
  NodeName,
  PRIORITIES_ARRAY,
  type PriorityIssue,
  RETIRED,
  SEED_CLIENT_ID,
} from '../doc/tableDocument.js'
import { childElements, element, isElement, setAttribute, type XmlNode } from '../doc/xmlNodes.js'
import type { Session } from '../session/sessionSchema.js'
import { distinctRegion } from '../session/tableLabel.js'

/**
 * The shape of the `_synthesis` room: the session rapporteur's report, in the same `notes`
 * fragment an editor works on.
 *
 * ```
 * synthesisHeader     { title, event, date, compiledAt, tables, versions }
 *                     tables: JSON [{ id, name, region, contributors }]
 *                     versions: JSON { [tableId]: base64 state vector the compile read }
 * synthesisQuestion   { questionId, number, prompt }
 *   summary           block content: the rapporteurs' own, never touched by a compile
 *   contribution      { tableId, tableName, region }   a copy of the table's answer
 *   synthesisPart     { partId, prompt }
 *     summary
 *     contribution …
 * synthesisPriorities { issues }    issues: JSON [{ label, tables: [table names] }], most flagged first
 * synthesisCallsToAction { calls }  calls: JSON [{ action, actor, timeframe, table }], every
 *                     table's calls to action in the session's table order (issue 20)
 * otherNotes
 *   contribution …   what a table wrote outside the session's questions
 * ```
 */
export const SynthesisNode = {
  header: 'synthesisHeader',
  question: 'synthesisQuestion',
  part: 'synthesisPart',
  summary: 'summary',
  contribution: 'contribution',
  priorities: 'synthesisPriorities',
  callsToAction: 'synthesisCallsToAction',
  otherNotes: 'otherNotes',
} as const

/** One call to action in the synthesis: the call, and the table's label (name, region). */
export interface CompiledCall extends CallToAction {
  table: string
}

/** One table as the compile reads it. */
export interface TableSource {
  id: string
  doc: Y.Doc
  /**
   * The names of who wrote these nodes of `doc` (most text first), as the server recorded
   * them (issue 17: "the synthesis names the writers of each contribution"); absent, a
   * contribution names no one.
   */
  writers?: (nodes: ReadonlyArray<XmlNode>) => readonly string[]
}

/**
 * The attribute of a contribution that names its writers: a JSON array of names, most text
 * first (JSON, since a name may hold a comma). Read by `contributionWriters`.
 */
export const CONTRIBUTION_WRITERS = 'writers'

/** A table with its definition, as the compile reads it. */
type Source = { table: Session['tables'][number]; doc: Y.Doc; writers?: TableSource['writers'] }

/** A contribution's writers from its `writers` attribute; [] when absent or unreadable. */
export function contributionWriters(value: unknown): string[] {
  try {
    const names: unknown = JSON.parse(String(value ?? '[]'))
    return Array.isArray(names) ? names.filter((name) => typeof name === 'string') : []
  } catch {
    return []
  }
}

/**
 * A table the compile leaves out because its document cannot be read safely (one stored before
 * the server checked updates, nested 20,000 deep): the synthesis says so under "other notes".
 */
export interface SkippedTable {
  id: string
  /** The words shown in its place, in the synthesis's language. */
  note: string
}

type Element = Y.XmlElement

/**
 * Compiles every table into the synthesis document `target`, in one transaction: for each
 * question and part, in the session's order, the summary area (created once, then never touched,
 * so rapporteurs can type in it while compiles run) and one contribution per table that wrote
 * there, labelled with the table; the priority issues by how many tables flagged them; and what
 * tables wrote outside the questions, under "other notes". Contributions, header, priorities and
 * other notes are replaced on every compile. A table in `skipped` is left out, with its note
 * under "other notes", so one bad table never stops the synthesis of the others. Deterministic:
 * the same session, tables and `compiledAt` give the same content.
 */
export function compileSynthesis(
  session: Session,
  tables: readonly TableSource[],
  target: Y.Doc,
  compiledAt: string,
  skipped: readonly SkippedTable[] = [],
): void {
  const fragment = target.getXmlFragment(NOTES_FRAGMENT)
  const left = new Set(skipped.map((table) => table.id))
  const sources = session.tables.flatMap((table) => {
    const source = tables.find((candidate) => candidate.id === table.id)
    return source && !left.has(table.id)
      ? [{ table, doc: source.doc, ...(source.writers ? { writers: source.writers } : {}) }]
      : []
  })
  target.transact(() => {
    removeAll(fragment, (node) =>
      [
        SynthesisNode.header,
        SynthesisNode.priorities,
        SynthesisNode.callsToAction,
        SynthesisNode.otherNotes,
      ].includes(node.nodeName as never),
    )
    fragment.insert(0, [createHeader(session, sources, compiledAt)])

    const containers = new Map<string, Element>()
    for (const node of childElements(fragment, SynthesisNode.question)) {
      containers.set(String(node.getAttribute('questionId')), node)
    }
    let previous: Element = fragment.get(0) as Element
    session.questions.forEach((question, index) => {
      let container = containers.get(question.id)
      if (!container) {
        container = element(SynthesisNode.question, {}, [
          element(SynthesisNode.summary, {}, [paragraph()]),
        ])
        fragment.insert(fragment.toArray().indexOf(previous) + 1, [container])
      }
      setAttributes(container, {
        questionId: question.id,
        number: String(index + 1),
        prompt: question.text,
      })
      refreshContributions(container, sources, (doc) => answerOf(doc, question.id, null))

      const parts = new Map<string, Element>()
      for (const node of childElements(container, SynthesisNode.part)) {
        parts.set(String(node.getAttribute('partId')), node)
      }
      for (const part of question.parts ?? []) {
        let partContainer = parts.get(part.id)
        if (!partContainer) {
          partContainer = element(SynthesisNode.part, {}, [
            element(SynthesisNode.summary, {}, [paragraph()]),
          ])
          container.insert(container.length, [partContainer])
        }
        setAttributes(partContainer, { partId: part.id, prompt: part.text })
        refreshContributions(partContainer, sources, (doc) => answerOf(doc, question.id, part.id))
      }
      previous = container
    })

    fragment.insert(fragment.length, [
      createPriorities(sources),
      createCallsToAction(sources),
      createOtherNotes(session, sources, skipped),
    ])
  })
}

/** Replaces a question's (or part's) contributions with fresh copies, after its summary. */
function refreshContributions(
  container: Element,
  sources: ReadonlyArray<Source>,
  answer: (doc: Y.Doc) => Element | null,
): void {
  removeAll(container, (node) => node.nodeName === SynthesisNode.contribution)
  const fresh = sources.flatMap(({ table, doc, writers }) => {
    const found = answer(doc)
    return found && hasText(found) ? [contribution(table, found.toArray(), writers)] : []
  })
  const summaryAt = container.toArray().findIndex((node) => isElement(node, SynthesisNode.summary))
  container.insert(summaryAt + 1, fresh)
}

function contribution(
  table: Session['tables'][number],
  content: ReadonlyArray<XmlNode>,
  writers?: TableSource['writers'],
): Element {
  return element(
    SynthesisNode.contribution,
    {
      tableId: table.id,
      tableName: table.name,
      region: distinctRegion(table) ?? '',
      [CONTRIBUTION_WRITERS]: JSON.stringify(writers?.(content) ?? []),
    },
    content.map((node) => node.clone() as Element),
  )
}

/** The answer element of a question (or of one of its parts) in a table document. */
function answerOf(doc: Y.Doc, questionId: string, partId: string | null): Element | null {
  const section = childElements(doc.getXmlFragment(NOTES_FRAGMENT), NodeName.questionSection).find(
    (node) =>
      node.getAttribute('questionId') === questionId && node.getAttribute(RETIRED) !== 'true',
  )
  if (!section) return null
  const holder =
    partId === null
      ? section
      : childElements(section, NodeName.questionPart).find(
          (node) => node.getAttribute('partId') === partId && node.getAttribute(RETIRED) !== 'true',
        )
  return holder ? (childElements(holder, NodeName.answer)[0] ?? null) : null
}

/**
 * What a table wrote outside the session's questions: sections and parts of removed questions,
 * answers of parts the session no longer has, and blocks outside any section.
 */
function strayContent(session: Session, doc: Y.Doc): Array<XmlNode> {
  const stray: Array<XmlNode> = []
  const known = new Map(session.questions.map((question) => [question.id, question]))
  for (const node of doc.getXmlFragment(NOTES_FRAGMENT).toArray()) {
    if (isElement(node, NodeName.tableTitle)) continue
    if (!isElement(node, NodeName.questionSection)) {
      stray.push(node)
      continue
    }
    const question = known.get(String(node.getAttribute('questionId')))
    const sectionKnown = question !== undefined && node.getAttribute(RETIRED) !== 'true'
    for (const child of node.toArray()) {
      if (isElement(child, NodeName.answer)) {
        if (!sectionKnown) stray.push(...child.toArray())
      } else if (isElement(child, NodeName.questionPart)) {
        const partKnown =
          sectionKnown &&
          child.getAttribute(RETIRED) !== 'true' &&
          (question?.parts ?? []).some((part) => part.id === child.getAttribute('partId'))
        if (!partKnown)
          for (const answer of childElements(child, NodeName.answer))
            stray.push(...answer.toArray())
      } else {
        stray.push(child)
      }
    }
  }
  return stray.filter(hasText)
}

function createOtherNotes(
  session: Session,
  sources: ReadonlyArray<Source>,
  skipped: readonly SkippedTable[],
): Element {
  const contributions = sources.flatMap(({ table, doc, writers }) => {
    const stray = strayContent(session, doc)
    return stray.length > 0 ? [contribution(table, stray, writers)] : []
  })
  const notes = session.tables.flatMap((table) => {
    const note = skipped.find((candidate) => candidate.id === table.id)?.note
    if (note === undefined) return []
    // Made here, not copied: a copy of an element not yet in a document would come out empty.
    const words = paragraph()
    words.insert(0, [new Y.XmlText(note)])
    const attributes = { tableId: table.id, tableName: table.name, region: table.region ?? '' }
    return [element(SynthesisNode.contribution, attributes, [words])]
  })
  return element(SynthesisNode.otherNotes, {}, [...notes, ...contributions])
}

function createPriorities(
  sources: ReadonlyArray<{ table: Session['tables'][number]; doc: Y.Doc }>,
): Element {
  const byIssue = new Map<string, { label: string; tables: string[] }>()
  for (const { table, doc } of sources) {
    // Two writers who each added one at the same moment can leave more; the first ones count.
    const issues = doc.getArray<PriorityIssue>(PRIORITIES_ARRAY).toArray().slice(0, MAX_PRIORITIES)
    for (const issue of issues) {
      if (typeof issue?.label !== 'string' || issue.label.trim() === '') continue
      const key = issue.tagId ? `tag:${issue.tagId}` : `own:${issue.label.trim().toLowerCase()}`
      const entry = byIssue.get(key) ?? { label: issue.label.trim(), tables: [] }
      if (!entry.tables.includes(table.name)) entry.tables.push(table.name)
      byIssue.set(key, entry)
    }
  }
  const issues = [...byIssue.values()].sort(
    (a, b) => b.tables.length - a.tables.length || a.label.localeCompare(b.label),
  )
  return element(SynthesisNode.priorities, { issues: JSON.stringify(issues) })
}

/**
 * Every call to action of every table, questions and other notes alike, in the session's table
 * order and each table's document order; the readers group them by actor.
 */
function createCallsToAction(
  sources: ReadonlyArray<{ table: Session['tables'][number]; doc: Y.Doc }>,
): Element {
  const calls: CompiledCall[] = sources.flatMap(({ table, doc }) => {
    const region = distinctRegion(table)
    const label = region ? `${table.name} (${region})` : table.name
    return callsToActionOf(doc).map((call) => ({ ...call, table: label }))
  })
  return element(SynthesisNode.callsToAction, { calls: JSON.stringify(calls) })
}

function createHeader(
  session: Session,
  sources: ReadonlyArray<Source>,
  compiledAt: string,
): Element {
  const tables = sources.map(({ table, doc, writers }) => ({
    id: table.id,
    name: table.name,
    // A table named after its region is labelled once: not "Europe (Europe)".
    region: distinctRegion(table) ?? '',
    contributors: contributorsOf(doc, writers),
  }))
  const versions = Object.fromEntries(sources.map(({ table, doc }) => [table.id, versionOf(doc)]))
  return element(SynthesisNode.header, {
    title: session.title,
    event: session.event ?? '',
    date: session.starts ?? '',
    compiledAt,
    tables: JSON.stringify(tables),
    versions: JSON.stringify(versions),
  })
}

function versionOf(doc: Y.Doc): string {
  return toBase64(Y.encodeStateVector(doc))
}

/** When the synthesis was last compiled, and which tables have changed since. */
export function synthesisStatus(
  synthesis: Y.Doc,
  tables: readonly TableSource[],
): { compiledAt: string | null; changedTables: string[] } {
  const header = childElements(synthesis.getXmlFragment(NOTES_FRAGMENT), SynthesisNode.header)[0]
  if (!header) return { compiledAt: null, changedTables: tables.map((table) => table.id) }
  let versions: Record<string, unknown> = {}
  try {
    versions = JSON.parse(String(header.getAttribute('versions') ?? '{}')) as Record<
      string,
      unknown
    >
  } catch {
    // An unreadable record counts every table as changed.
  }
  return {
    compiledAt: String(header.getAttribute('compiledAt') ?? ''),
    changedTables: tables
      .filter((table) => versions[table.id] !== versionOf(table.doc))
      .map((table) => table.id),
  }
}

/**
 * How many people wrote in a table: the distinct writers of its notes as the server recorded
 * them (`writers`: a person who reloaded, or wrote from two tabs, counts once). Without that
 * record, the devices that wrote: every Yjs client in its document but the seed's, one per
 * page load.
 */
function contributorsOf(doc: Y.Doc, writers: Source['writers']): number {
  if (writers) return writers(doc.getXmlFragment(NOTES_FRAGMENT).toArray()).length
  return [...Y.decodeStateVector(Y.encodeStateVector(doc)).keys()].filter(
    (client) => client !== SEED_CLIENT_ID,
  ).length
}

/** Whether a node holds any text or a rule; walks with a stack of its own, never recursing. */
function hasText(node: XmlNode): boolean {
  const pending: XmlNode[] = [node]
  for (let next = pending.pop(); next; next = pending.pop()) {
    if (next instanceof Y.XmlText && next.toString().trim() !== '') return true
    if (next instanceof Y.XmlElement) {
      if (next.nodeName === 'horizontalRule') return true
      pending.push(...next.toArray())
    }
  }
  return false
}

function removeAll(parent: Y.XmlFragment | Element, matches: (node: Element) => boolean): void {
  const nodes = parent.toArray()
  for (let index = nodes.length - 1; index >= 0; index--) {
    const node = nodes[index]
    if (node instanceof Y.XmlElement && matches(node)) parent.delete(index, 1)
  }
}

function setAttributes(node: Element, attributes: Record<string, string>): void {
  for (const [key, value] of Object.entries(attributes)) setAttribute(node, key, value)
}

function paragraph(): Element {
  return element(NodeName.paragraph, {})
}
