import type * as Y from 'yjs'
import { NOTES_FRAGMENT, NodeName } from './tableDocument.js'

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
