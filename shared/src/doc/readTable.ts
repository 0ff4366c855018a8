import * as Y from 'yjs'
import { NOTES_FRAGMENT, NodeName, RETIRED } from './tableDocument.js'
import { textUnder } from './xmlNodes.js'

const isXmlElement = (node: unknown): node is Y.XmlElement => node instanceof Y.XmlElement

/** The question ids of a table document's sections, in document order. */
export function listQuestionIds(doc: Y.Doc): string[] {
  const ids: string[] = []
  for (const node of doc.getXmlFragment(NOTES_FRAGMENT).toArray()) {
    if ('nodeName' in node && node.nodeName === NodeName.questionSection) {
      const id = node.getAttribute('questionId')
      if (typeof id === 'string') ids.push(id)
    }
  }
  return ids
}

/** How far a table has come with one guiding question: what the moderator wall shows. */
export interface QuestionProgress {
  questionId: string
  number: string
  prompt: string
  /** Words written in the question's answer and its parts' answers. */
  words: number
  /** The question was removed from the session; these are other notes. */
  retired: boolean
}

/** Progress per question section, in document order. */
export function questionProgress(doc: Y.Doc): QuestionProgress[] {
  const progress: QuestionProgress[] = []
  for (const node of doc.getXmlFragment(NOTES_FRAGMENT).toArray()) {
    if (!(node instanceof Y.XmlElement) || node.nodeName !== NodeName.questionSection) continue
    progress.push({
      questionId: String(node.getAttribute('questionId') ?? ''),
      number: String(node.getAttribute('number') ?? ''),
      prompt: String(node.getAttribute('prompt') ?? ''),
      words: countWords(textOf(node)),
      retired: node.getAttribute(RETIRED) === 'true',
    })
  }
  return progress
}

/** The text of everything under an element, prompts excluded (they are attributes). */
function textOf(node: Y.XmlElement | Y.XmlText | Y.XmlHook): string {
  return textUnder(node)
}

function countWords(text: string): number {
  return text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length
}

/** A question's written paragraphs, in document order: what "what changed" compares. */
export interface QuestionText {
  questionId: string
  number: string
  prompt: string
  paragraphs: string[]
}

const TEXT_BLOCKS = new Set(['paragraph', 'heading', 'codeBlock'])

/** The non-empty paragraphs under each question section, its parts' included. */
export function questionTexts(doc: Y.Doc): QuestionText[] {
  const texts: QuestionText[] = []
  for (const node of doc.getXmlFragment(NOTES_FRAGMENT).toArray()) {
    if (!(node instanceof Y.XmlElement) || node.nodeName !== NodeName.questionSection) continue
    const paragraphs: string[] = []
    // Depth first in document order, with a stack of its own: a document stored before the
    // server limited nesting can be 20,000 elements deep.
    const pending: Y.XmlElement[] = node.toArray().filter(isXmlElement).reverse()
    for (let child = pending.pop(); child; child = pending.pop()) {
      if (TEXT_BLOCKS.has(child.nodeName)) {
        const text = textOf(child).trim()
        if (text) paragraphs.push(text)
      } else pending.push(...child.toArray().filter(isXmlElement).reverse())
    }
    texts.push({
      questionId: String(node.getAttribute('questionId') ?? ''),
      number: String(node.getAttribute('number') ?? ''),
      prompt: String(node.getAttribute('prompt') ?? ''),
      paragraphs,
    })
  }
  return texts
}
