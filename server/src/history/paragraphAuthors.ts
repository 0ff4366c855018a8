import { NOTES_FRAGMENT, NodeName, SynthesisNode } from '@tablenotes/shared'
import * as Y from 'yjs'
import type { AuthorshipSpan } from '../storage/DocStore.js'

/** One writer of a paragraph: the link that sent the text and the name it announced. */
export interface ParagraphAuthor {
  name: string | null
  linkId: string | null
  /** Characters of the paragraph's text this writer typed. */
  characters: number
}

/** Who wrote the text of one paragraph (block) of an answer or a summary. */
export interface ParagraphAuthorship {
  questionId: string | null
  partId: string | null
  /** The block's place in its answer or summary, from 0. */
  index: number
  /** Most characters first; text the server has no record of (the seed, imports) is left out. */
  authors: ParagraphAuthor[]
}

const QUESTIONS = new Set<string>([NodeName.questionSection, SynthesisNode.question])
const PARTS = new Set<string>([NodeName.questionPart, SynthesisNode.part])
const WRITTEN = new Set<string>([NodeName.answer, SynthesisNode.summary])

/** The spans of each client id, for finding who wrote an item. */
function spansByClient(spans: readonly AuthorshipSpan[]): Map<number, AuthorshipSpan[]> {
  const byClient = new Map<number, AuthorshipSpan[]>()
  for (const span of spans) {
    if (span.clockTo <= span.clockFrom) continue
    byClient.set(span.client, [...(byClient.get(span.client) ?? []), span])
  }
  return byClient
}

/** Every Y.XmlText under `node`, itself included, iteratively (stored nesting may be deep). */
function textsUnder(node: Y.XmlElement): Y.XmlText[] {
  const texts: Y.XmlText[] = []
  const pending: Array<Y.XmlElement | Y.XmlText | Y.XmlHook> = [node]
  for (let next = pending.pop(); next; next = pending.pop()) {
    if (next instanceof Y.XmlText) texts.push(next)
    else if (next instanceof Y.XmlElement) pending.push(...next.toArray())
  }
  return texts
}

/**
 * Calls `each` with every written part of a room's notes (a table's answers, the synthesis's
 * summaries) in document order, with the question id and part id it answers (null outside
 * one). Shared by the authorship and version-change readers, so both walk the structure alike.
 */
export function forEachWrittenPart(
  doc: Y.Doc,
  each: (written: Y.XmlElement, questionId: string | null, partId: string | null) => void,
): void {
  const visit = (
    container: Y.XmlFragment | Y.XmlElement,
    questionId: string | null,
    partId: string | null,
  ) => {
    for (const child of container.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue
      if (QUESTIONS.has(child.nodeName)) {
        visit(child, String(child.getAttribute('questionId') ?? ''), null)
      } else if (PARTS.has(child.nodeName)) {
        visit(child, questionId, String(child.getAttribute('partId') ?? ''))
      } else if (WRITTEN.has(child.nodeName)) {
        each(child, questionId, partId)
      }
    }
  }
  visit(doc.getXmlFragment(NOTES_FRAGMENT), null, null)
}

/**
 * Who wrote each paragraph's visible text (issue 17: "per paragraph, who wrote its text"):
 * Yjs names every character's item by (client, clock), and the server recorded which
 * connection sent each clock range (AuthorshipRecorder), so this credits each character to the
 * link and name that really sent it, whatever names connections announce later. Walks the
 * answers of a table and the summaries of the synthesis, by question and part.
 */
export function paragraphAuthors(
  doc: Y.Doc,
  spans: readonly AuthorshipSpan[],
): ParagraphAuthorship[] {
  const byClient = spansByClient(spans)
  const result: ParagraphAuthorship[] = []
  forEachWrittenPart(doc, (written, questionId, partId) => {
    written.toArray().forEach((block, index) => {
      if (!(block instanceof Y.XmlElement)) return
      result.push({ questionId, partId, index, authors: creditBlock(block, byClient) })
    })
  })
  return result
}

/**
 * The names of who wrote the visible text of `nodes` (a table's answer, for its contribution to
 * the synthesis), most characters first: the names the writing connections announced. Writing
 * of a connection that announced none is left out: a link id means nothing in a report.
 */
export function writersOf(
  nodes: ReadonlyArray<Y.XmlElement | Y.XmlText | Y.XmlHook>,
  spans: readonly AuthorshipSpan[],
): string[] {
  const byClient = spansByClient(spans)
  const characters = new Map<string, number>()
  for (const node of nodes) {
    if (!(node instanceof Y.XmlElement)) continue
    for (const { name, characters: count } of creditBlock(node, byClient)) {
      if (name) characters.set(name, (characters.get(name) ?? 0) + count)
    }
  }
  return [...characters].sort((a, b) => b[1] - a[1]).map(([writer]) => writer)
}

/** The writers of a block's visible characters, most characters first. */
function creditBlock(
  block: Y.XmlElement,
  byClient: Map<number, AuthorshipSpan[]>,
): ParagraphAuthor[] {
  const credited = new Map<string, ParagraphAuthor>()
  for (const text of textsUnder(block)) {
    // Yjs keeps a type's items as a linked list from `_start`; only undeleted strings show.
    for (let item = text._start; item !== null; item = item.right) {
      if (item.deleted || !(item.content instanceof Y.ContentString)) continue
      const { client, clock } = item.id
      for (const span of byClient.get(client) ?? []) {
        const overlap =
          Math.min(span.clockTo, clock + item.length) - Math.max(span.clockFrom, clock)
        if (overlap <= 0) continue
        const key = `${span.linkId} ${span.name}`
        const author = credited.get(key) ?? { name: span.name, linkId: span.linkId, characters: 0 }
        author.characters += overlap
        credited.set(key, author)
      }
    }
  }
  return [...credited.values()].sort((a, b) => b.characters - a.characters)
}
