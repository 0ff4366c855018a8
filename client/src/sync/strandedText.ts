import * as Y from 'yjs'
import { type CaretPlace, type DeletedByName, ownStrings, plainText } from './ownText.js'

/** Letters of this client left behind in `from`, and where their text went: `to`, from `at`. */
export interface Stranded {
  from: Y.XmlText
  /**
   * The letters (their text, read while the transaction runs: Yjs collects deleted content
   * after it), each with its place among the moved text's letters.
   */
  letters: Array<{ item: Y.Item; text: string; offset: number }>
  to: Y.XmlText
  at: number
}

/**
 * The letters of this client that `transaction` (a remote update's) left behind when it moved
 * the end of a paragraph into a new one: Enter in the middle of a paragraph, which y-prosemirror
 * turns into deleting the paragraph's end and inserting a new paragraph holding a copy of it.
 * Letters this client typed into that end meanwhile were not in the copy, and stayed where they
 * were, now glued to the end of the first half: "alice wrote. bruno wrote" split before
 * "bruno" while Bruno types " more" gave "alice wrote.  more" and "bruno wrote".
 *
 * Recognised when, in one text, everything from the first letter the update deleted by name to
 * the end is either deleted by it by name or this client's (letters deleted before do not
 * count), and the update created exactly one text holding the deleted letters in one run, in a
 * new block right after the text's own (a paragraph, or a list item after the item): the copy.
 * A plain deletion (no copy), or one whose text went elsewhere (a word dragged away), leaves this
 * client's letters where they are: that is where their author put them.
 */
export function strandedLetters(
  doc: Y.Doc,
  transaction: Y.Transaction,
  named: DeletedByName,
): Stranded[] {
  const touched = new Set<Y.XmlText>()
  Y.iterateDeletedStructs(transaction, transaction.deleteSet, (struct) => {
    if (
      struct instanceof Y.Item &&
      struct.parent instanceof Y.XmlText &&
      !struct.parent._item?.deleted
    )
      touched.add(struct.parent)
  })
  if (touched.size === 0) return []
  const stranded: Stranded[] = []
  for (const text of touched) {
    const moved = movedEnd(doc, text, transaction, named)
    if (!moved) continue
    const copies = createdTexts(transaction).filter(
      (copy) => plainText(copy).includes(moved.text) && comesRightAfter(copy, text, transaction),
    )
    if (copies.length !== 1) continue
    const to = copies[0]!
    stranded.push({ from: text, letters: moved.letters, to, at: plainText(to).indexOf(moved.text) })
  }
  return stranded
}

/**
 * The end of `text` that `transaction` deleted by name, with this client's letters left in it,
 * or null when its end is not such: when someone else's letters survive after the deletion, or
 * none of this client's is there.
 */
function movedEnd(
  doc: Y.Doc,
  text: Y.XmlText,
  transaction: Y.Transaction,
  named: DeletedByName,
): { text: string; letters: Stranded['letters'] } | null {
  let moved = ''
  const letters: Stranded['letters'] = []
  let started = false
  for (let item = text._start; item; item = item.right) {
    if (!(item.content instanceof Y.ContentString)) continue
    const deletedNow = item.deleted && Y.isDeleted(transaction.deleteSet, item.id)
    if (deletedNow && Y.isDeleted(named(), item.id)) {
      started = true
      moved += item.content.str
    } else if (!started || (item.deleted && !deletedNow)) {
      // Before the deletion, or deleted long ago.
    } else if (!item.deleted && ownStrings(doc, item)) {
      letters.push({ item, text: item.content.str, offset: moved.length })
    } else {
      return null
    }
  }
  return letters.length > 0 && moved.length > 0 ? { text: moved, letters } : null
}

/**
 * Whether `copy`'s block comes right after `text`'s, as Enter leaves them: below the nearest
 * element holding both, the branch holding the copy follows the one holding the text with only
 * content `transaction` created, or deleted, between them.
 */
function comesRightAfter(copy: Y.XmlText, text: Y.XmlText, transaction: Y.Transaction): boolean {
  // Each ancestor of the copy, by its parent.
  const copyBranch = new Map<Y.AbstractType<unknown>, Y.AbstractType<unknown>>()
  for (let type = copy as Y.AbstractType<unknown>; type.parent; type = type.parent) {
    copyBranch.set(type.parent, type)
  }
  for (let type = text as Y.AbstractType<unknown>; type.parent; type = type.parent) {
    const next = copyBranch.get(type.parent)
    if (!next) continue
    if (next === type) return false
    for (let item = type._item?.right ?? null; item; item = item.right) {
      if (item.content instanceof Y.ContentType && item.content.type === next) return true
      const created = item.id.clock >= (transaction.beforeState.get(item.id.client) ?? 0)
      if (!item.deleted && !created) return false
    }
    return false
  }
  return false
}

/** The texts `transaction` created (inserted whole), alive. */
export function createdTexts(transaction: Y.Transaction): Y.XmlText[] {
  const created: Y.XmlText[] = []
  const { doc } = transaction
  for (const [client, after] of transaction.afterState) {
    const before = transaction.beforeState.get(client) ?? 0
    if (after <= before) continue
    const structs = doc.store.clients.get(client) ?? []
    for (let index = Y.findIndexSS(structs, before); index < structs.length; index++) {
      const struct = structs[index]!
      if (
        struct instanceof Y.Item &&
        !struct.deleted &&
        struct.content instanceof Y.ContentType &&
        struct.content.type instanceof Y.XmlText
      ) {
        created.push(struct.content.type)
      }
    }
  }
  return created
}

/**
 * Moves `stranded` letters into the copy of the text they were typed in, each where it was
 * among the copied letters, in the caller's transaction; returns where the last letter this
 * client typed went, if it was among them. Marks are not kept. Also places orphaned letters
 * whose text's copy was found (orphanedText.ts).
 */
export function moveStranded(
  stranded: readonly Stranded[],
  isLast: (item: Y.Item) => boolean,
): CaretPlace | null {
  let caret: CaretPlace | null = null
  for (const { from, letters, to, at } of stranded) {
    let shift = 0
    for (const { item, text: typed, offset } of letters) {
      to.insert(at + offset + shift, typed)
      shift += typed.length
      if (isLast(item)) caret = { text: to, index: at + offset + shift }
    }
    // Deleted from the last, so that the indexes of the others stay true; letters deleted with
    // their block (orphanedText) are gone already.
    for (const { item } of [...letters].reverse()) {
      if (!item.deleted) from.delete(indexOf(from, item), item.length)
    }
  }
  return caret
}

/** Where `item` starts in `text`, counted as Yjs counts a text's length. */
function indexOf(text: Y.XmlText, item: Y.Item): number {
  let index = 0
  for (let each = text._start; each && each !== item; each = each.right) {
    if (!each.deleted && each.countable) index += each.length
  }
  return index
}
