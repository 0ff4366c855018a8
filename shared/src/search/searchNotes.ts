import * as Y from 'yjs'
import { NOTES_FRAGMENT, NodeName } from '../doc/tableDocument.js'
import { textUnder } from '../doc/xmlNodes.js'
import { SynthesisNode } from '../synthesis/compileSynthesis.js'
import { findFolded, type TextMatch } from '../text/foldForSearch.js'

/**
 * The elements whose text is one paragraph to search and to jump to: the editor's text blocks
 * (a paragraph also stands for a list item's or a table cell's line, which hold paragraphs).
 */
const TEXT_BLOCKS = new Set(['paragraph', 'heading', 'codeBlock'])
const QUESTIONS = new Set<string>([NodeName.questionSection, SynthesisNode.question])
const PARTS = new Set<string>([NodeName.questionPart, SynthesisNode.part])

/** One paragraph of a room where a query occurs (its first occurrence there). */
export interface NotesHit {
  /** The question id of the section (table) or question (synthesis) around it; null outside. */
  question: string | null
  /** The part id of the part around it; null outside a part. */
  part: string | null
  /** In the synthesis, the table whose contribution holds it; null elsewhere. */
  table: string | null
  /**
   * The paragraph's place among the room's non-empty text blocks (paragraphs, headings, code
   * blocks; prompts and titles are attributes, not text blocks), counted from 0 in document
   * order: the pages count their rendered blocks the same way to jump to it.
   */
  paragraph: number
  /** The paragraph's text (its lines joined by a space) and where the query occurs in it. */
  text: string
  match: TextMatch
}

interface Place {
  question: string | null
  part: string | null
  table: string | null
}

const stringAttribute = (node: Y.XmlElement, name: string): string | null => {
  const value: unknown = node.getAttribute(name)
  return typeof value === 'string' ? value : null
}

/**
 * The paragraphs of a room's notes (a table's or the synthesis's `notes` fragment) where the
 * folded `query` (`foldQuery`, non-empty) occurs, in document order, at most `limit`. Reads
 * with a stack of its own, so a stored document nested 20,000 deep is searched, not overflowed;
 * the cost is one pass over the document's text.
 */
export function searchNotes(doc: Y.Doc, query: string, limit: number): NotesHit[] {
  const hits: NotesHit[] = []
  if (query === '' || limit <= 0) return hits
  const top: Place = { question: null, part: null, table: null }
  const pending: Array<[Y.XmlElement, Place]> = []
  const pushChildren = (parent: Y.XmlFragment | Y.XmlElement, place: Place) => {
    const children = parent.toArray()
    for (let index = children.length - 1; index >= 0; index--) {
      const child = children[index]
      if (child instanceof Y.XmlElement) pending.push([child, place])
    }
  }
  pushChildren(doc.getXmlFragment(NOTES_FRAGMENT), top)
  let paragraph = 0
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [node, place] = next
    if (TEXT_BLOCKS.has(node.nodeName)) {
      const text = textUnder(node)
      if (text.trim() === '') continue
      const match = findFolded(text, query)
      if (match) {
        hits.push({ ...place, paragraph, text, match })
        if (hits.length >= limit) break
      }
      paragraph++
    } else if (QUESTIONS.has(node.nodeName)) {
      pushChildren(node, { ...place, question: stringAttribute(node, 'questionId'), part: null })
    } else if (PARTS.has(node.nodeName)) {
      pushChildren(node, { ...place, part: stringAttribute(node, 'partId') })
    } else if (node.nodeName === SynthesisNode.contribution) {
      pushChildren(node, { ...place, table: stringAttribute(node, 'tableId') })
    } else pushChildren(node, place)
  }
  return hits
}

/** Characters of context a snippet keeps on each side of the hit, at most. */
export const SNIPPET_CONTEXT = 60

/** Whether `index` falls between the two halves of a surrogate pair in `text`. */
const splitsPair = (text: string, index: number) =>
  index > 0 &&
  index < text.length &&
  /[\uDC00-\uDFFF]/.test(text[index] ?? '') &&
  /[\uD800-\uDBFF]/.test(text[index - 1] ?? '')

/**
 * A short excerpt of `text` around `match`: up to SNIPPET_CONTEXT characters on each side, cut
 * at a space where there is one (else at a character's edge), with "…" where text was left out.
 */
export function snippetAround(text: string, match: TextMatch): string {
  let from = Math.max(0, match.start - SNIPPET_CONTEXT)
  let to = Math.min(text.length, match.end + SNIPPET_CONTEXT)
  if (from > 0) {
    const space = text.indexOf(' ', from)
    if (space !== -1 && space < match.start) from = space + 1
    else if (splitsPair(text, from)) from++
  }
  if (to < text.length) {
    const space = text.lastIndexOf(' ', to)
    if (space >= match.end) to = space
    else if (splitsPair(text, to)) to--
  }
  const excerpt = text.slice(from, to).trim()
  return `${from > 0 ? '…' : ''}${excerpt}${to < text.length ? '…' : ''}`
}
