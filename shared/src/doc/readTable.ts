import * as Y from 'yjs'
import { NOTES_FRAGMENT, NodeName, RETIRED } from './tableDocument.js'

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
  if (node instanceof Y.XmlText) {
    return (node.toDelta() as Array<{ insert: unknown }>)
      .map(({ insert }) => (typeof insert === 'string' ? insert : ''))
      .join('')
  }
  if (node instanceof Y.XmlElement) return node.toArray().map(textOf).join(' ')
  return ''
}

function countWords(text: string): number {
  return text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length
}
