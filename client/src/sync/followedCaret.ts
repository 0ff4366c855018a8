import * as Y from 'yjs'
import { findCopy } from './orphanedText.js'
import type { CaretPlace, DeletedByName } from './ownText.js'

/**
 * Where this person's caret goes when `transaction` (a remote update's) moved the text it stood
 * in: a join or an indent by another person deletes the paragraph and writes its letters again
 * elsewhere (y-prosemirror), so the caret's Yjs position, tied to a deleted letter, no longer
 * says where it is, and y-tiptap's guess put it in the next question's answer, where the next
 * keys went (newcomer: 3/5). `anchor` is the caret as a relative position, read before the
 * transaction; the place is the same letter's in the copy (findCopy), or the end of the copy
 * for a caret at the end of its text. Null when the caret's text did not move, or its copy is
 * not found.
 */
export function followedCaret(
  doc: Y.Doc,
  transaction: Y.Transaction,
  named: DeletedByName,
  anchor: Y.RelativePosition | null,
): CaretPlace | null {
  const caret = anchor && whereIn(doc, anchor)
  if (!caret) return null
  const { text, at } = caret
  // A position that keeps to the letter on its left (assoc < 0, as y-tiptap makes them) stands
  // after that letter; otherwise before its letter.
  const clock = anchor.item?.clock ?? 0
  const after = anchor.assoc < 0 ? 1 : 0
  const movedNow = (item: Y.Item) =>
    Y.isDeleted(transaction.deleteSet, item.id) && Y.isDeleted(named(), item.id)
  if (at ? !movedNow(at) : !(text._item && movedNow(text._item))) return null
  let copied = ''
  let offset: number | null = null
  for (let item = text._start; item; item = item.right) {
    if (!(item.content instanceof Y.ContentString)) continue
    const holds = at !== null && item.id.client === at.id.client && item.id.clock <= clock
    if (holds && clock < item.id.clock + item.length) {
      offset = copied.length + (clock - item.id.clock) + after
    }
    if (movedNow(item)) copied += item.content.str
  }
  const copy = findCopy(copied, transaction)
  if (!copy) return null
  return { text: copy.to, index: copy.at + (offset ?? copied.length) }
}

/** The text a relative position stands in, and the letter it stands before (null: the end). */
function whereIn(
  doc: Y.Doc,
  anchor: Y.RelativePosition,
): { text: Y.XmlText; at: Y.Item | null } | null {
  const id = anchor.item ?? anchor.type
  if (!id || Y.getState(doc.store, id.client) <= id.clock) return null
  const struct = Y.getItem(doc.store, id)
  if (!(struct instanceof Y.Item)) return null
  if (anchor.item) {
    return struct.parent instanceof Y.XmlText ? { text: struct.parent, at: struct } : null
  }
  const type = struct.content instanceof Y.ContentType ? struct.content.type : null
  return type instanceof Y.XmlText ? { text: type, at: null } : null
}
