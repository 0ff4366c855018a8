import { NOTES_FRAGMENT, NodeName, PRIORITIES_ARRAY } from '@tablenotes/shared'
import * as Y from 'yjs'

/**
 * A copy of a table document holding only what the server has not stored: the text (and
 * priority issues) whose Yjs items lie beyond `stored`, the state vector of what the server
 * holds, under the questions they were written in; questions with none of it are left out.
 * Null when there is no such text. Deletions cannot be shown as text and are not in it.
 *
 * Yjs gives every item its writer's client id and clock, and a server's state vector says up to
 * which clock of each writer it holds everything: so an item is unstored exactly when its clock
 * is at or past the server's for its writer. The copy keeps the items' ids, so they compare.
 */
export function unstoredNotes(doc: Y.Doc, stored: ReadonlyMap<number, number>): Y.Doc | null {
  const copy = new Y.Doc()
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
  let unstored = false
  copy.transact(() => {
    const visit = (node: Y.XmlFragment | Y.XmlElement) => {
      for (const child of node.toArray()) {
        if (child instanceof Y.XmlText) unstored = keepUnstored(child, stored) || unstored
        else if (child instanceof Y.XmlElement) visit(child)
      }
    }
    const fragment = copy.getXmlFragment(NOTES_FRAGMENT)
    visit(fragment)
    unstored = keepUnstored(copy.getArray(PRIORITIES_ARRAY), stored) || unstored
    dropSilentQuestions(fragment)
  })
  return unstored ? copy : null
}

/**
 * Deletes from `type` every item the server holds; whether anything is left. Items of one
 * writer typed in a row merge into one, which the server may hold only the start of.
 */
function keepUnstored(type: Y.XmlText | Y.Array<unknown>, stored: ReadonlyMap<number, number>) {
  const storedRanges: Array<[index: number, length: number]> = []
  let index = 0
  let left = false
  for (let item = type._start; item !== null; item = item.right) {
    if (item.deleted || !item.countable) continue
    const storedLength = Math.min(
      item.length,
      Math.max(0, (stored.get(item.id.client) ?? 0) - item.id.clock),
    )
    if (storedLength > 0) storedRanges.push([index, storedLength])
    if (storedLength < item.length) left = true
    index += item.length
  }
  for (const [at, length] of storedRanges.reverse()) type.delete(at, length)
  return left
}

/** Removes the sections and parts under which nothing unstored was written. */
function dropSilentQuestions(fragment: Y.XmlFragment): void {
  const isQuestion = (node: unknown): node is Y.XmlElement =>
    node instanceof Y.XmlElement &&
    (node.nodeName === NodeName.questionSection || node.nodeName === NodeName.questionPart)
  const prune = (parent: Y.XmlFragment | Y.XmlElement) => {
    const children = parent.toArray()
    for (let index = children.length - 1; index >= 0; index--) {
      const child = children[index]
      if (!isQuestion(child)) continue
      prune(child)
      if (!hasText(child)) parent.delete(index, 1)
    }
  }
  prune(fragment)
}

function hasText(node: Y.XmlElement | Y.XmlText | Y.XmlHook): boolean {
  if (node instanceof Y.XmlText) return node.length > 0
  if (node instanceof Y.XmlElement) return node.toArray().some(hasText)
  return false
}
