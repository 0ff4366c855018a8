import { NOTES_FRAGMENT } from '@tablenotes/shared'
import * as Y from 'yjs'
import { MIN_COPIED } from './orphanedText.js'
import { type DeletedByName, plainText } from './ownText.js'
import { createdTexts } from './strandedText.js'

/** A run of letters of a text this client copied that another person copied too. */
export interface DoubleCopy {
  text: Y.XmlText
  at: number
  length: number
}

/**
 * The text this client copied that `transaction` (a remote update's) copied as well: two people
 * pressing Enter at the same spot at once. y-prosemirror turns each into deleting the text after
 * the caret and writing a copy of it in a new paragraph, so after the merge the text stood twice
 * ("echo Bravo sentence two." and "kappa Bravo sentence two.").
 *
 * Not recognised: Tab on the same list item by both, which deletes the whole item; Yjs collects
 * a deleted block's content at once, so nothing says how many letters it held.
 *
 * Recognised when the update deletes by name letters this copy had deleted already, the update
 * created one text ending with as many letters, and this client created one ending with the
 * same ones. One of the two copies
 * goes, and both pages agree which without a word: the copy of the client with the higher id
 * (Yjs client ids are random), so only that client removes its own.
 */
export function doubleCopies(
  doc: Y.Doc,
  transaction: Y.Transaction,
  named: DeletedByName,
): DoubleCopy[] {
  const created = createdTexts(transaction)
  if (created.length === 0) return []
  const deletedByName = named()
  const texts = new Set<Y.XmlText>()
  for (const [client, ranges] of deletedByName.clients) {
    const structs = doc.store.clients.get(client) ?? []
    for (const { clock, len } of ranges) {
      for (let index = Y.findIndexSS(structs, clock); index < structs.length; index++) {
        const struct = structs[index]!
        if (struct.id.clock >= clock + len) break
        const deletedBefore =
          struct instanceof Y.Item &&
          struct.deleted &&
          !Y.isDeleted(transaction.deleteSet, struct.id) &&
          struct.parent instanceof Y.XmlText &&
          !struct.parent._item?.deleted
        if (deletedBefore) texts.add(struct.parent as Y.XmlText)
      }
    }
  }
  const doubles: DoubleCopy[] = []
  for (const text of texts) {
    // This copy removed those letters already, so it no longer has them (Yjs collected them):
    // only their number is known. Each copy ends with them, as Enter and Tab leave it (the
    // caret goes before them, where its owner goes on typing).
    let removed = 0
    for (let item = text._start; item; item = item.right) {
      if (item.deleted && item.countable && Y.isDeleted(deletedByName, item.id)) {
        removed += item.length
      }
    }
    if (removed < MIN_COPIED) continue
    const [theirs, ...more] = created.filter((copy) => plainText(copy).length >= removed)
    if (!theirs || more.length > 0 || (theirs._item?.id.client ?? 0) > doc.clientID) continue
    const copied = plainText(theirs).slice(-removed)
    const ours = ownTexts(doc).filter((own) => own !== theirs && plainText(own).endsWith(copied))
    if (ours.length !== 1) continue
    const own = ours[0]!
    doubles.push({ text: own, at: plainText(own).length - removed, length: removed })
  }
  return doubles
}

/** The texts of the notes this client created, alive. */
function ownTexts(doc: Y.Doc): Y.XmlText[] {
  const found: Y.XmlText[] = []
  const pending: Array<Y.XmlElement | Y.XmlFragment> = [doc.getXmlFragment(NOTES_FRAGMENT)]
  for (let next = pending.pop(); next; next = pending.pop()) {
    for (const child of next.toArray()) {
      if (child instanceof Y.XmlText && child._item?.id.client === doc.clientID) found.push(child)
      else if (child instanceof Y.XmlElement) pending.push(child)
    }
  }
  return found
}

/**
 * Removes each double copy's letters from this client's copy, in the caller's transaction; a
 * copy left empty goes with the blocks this client made to hold it (the new paragraph, or a new
 * list item and its list), up to the first block that holds something else.
 */
export function removeDoubles(doubles: readonly DoubleCopy[], clientID: number): void {
  for (const { text, at, length } of doubles) {
    text.delete(at, length)
    if (text.length > 0) continue
    let holder: Y.XmlElement | Y.XmlText = text
    let parent = holder.parent
    while (
      parent instanceof Y.XmlElement &&
      parent._item?.id.client === clientID &&
      parent.length === 1
    ) {
      holder = parent
      parent = holder.parent
    }
    if (parent instanceof Y.XmlElement && holder instanceof Y.XmlElement) {
      parent.delete(parent.toArray().indexOf(holder), 1)
    }
  }
}
