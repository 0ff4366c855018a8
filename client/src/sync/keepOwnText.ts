import * as Y from 'yjs'
import { type DoubleCopy, doubleCopies, removeDoubles } from './doubleCopy.js'
import { followedCaret } from './followedCaret.js'
import { orphanedBlocks, putBack, type Rescue } from './orphanedText.js'
import type { CaretPlace } from './ownText.js'
import { moveStranded, type Stranded, strandedLetters } from './strandedText.js'

/**
 * The transaction origin of what `applyKeepingOwnText` puts back or moves. It is a local change:
 * the page sends it to the server and shows it like anything typed.
 */
export const KEPT_OWN_TEXT = Symbol('own text kept through another person’s change of blocks')

/**
 * `Y.Transaction.meta` key, on the transaction with origin `KEPT_OWN_TEXT`: a CaretPlace right
 * after the last letter this client typed, when that letter was among the text put back or
 * moved (the editor puts the caret there, so that typing goes on after it).
 */
export const CARET_PLACE = 'caretPlace'

/**
 * For a document bound to an editor: the editor's caret now, as a Yjs relative position, or null
 * when it has none to keep (no focus). Set by the editor (CaretAfterKeptText), read here before a
 * remote update applies. The caret the page publishes in its presence lags one keystroke.
 */
export const CARETS = new WeakMap<Y.Doc, () => Y.RelativePosition | null>()

/**
 * Applies `update` (a Yjs update, V1) from another copy of the document with `origin`, then
 * keeps, as a local change, the letters of this client that the update took from where their
 * author typed them without meaning to: y-prosemirror turns a join, an indent or a split of a
 * block into deleting Yjs content and inserting a copy of what its author saw, so letters typed
 * meanwhile by someone else into that content were deleted with it (orphanedText.ts: they are
 * put back) or left behind in the wrong paragraph (strandedText.ts: they follow the copy).
 *
 * Only this client's own letters (`doc.clientID`): each letter then has exactly one copy that
 * acts for it, its author's. When the document had updates waiting for missing history before,
 * nothing is done: the delete set that applies may be an earlier message's. Known limit: letters
 * typed before the page was reloaded were typed under another client id, and are not
 * recognised as this client's.
 */
export function applyKeepingOwnText(doc: Y.Doc, update: Uint8Array, origin: unknown): void {
  const waitingBefore = doc.store.pendingStructs !== null || doc.store.pendingDs !== null
  // Read before: the editor redraws during the transaction and moves its caret to a guess.
  const anchor = CARETS.get(doc)?.() ?? null
  // What the update deletes by name; decoded only when it took some of this client's text.
  let deletedByName: ReturnType<typeof Y.decodeUpdate>['ds'] | null = null
  const named = () => {
    deletedByName ??= Y.decodeUpdate(update).ds
    return deletedByName
  }
  // The item ending at this client's clock holds the last letter it typed.
  const ownClock = Y.getState(doc.store, doc.clientID)
  const isLast = (item: Y.Item) =>
    ownClock > 0 && item.id.client === doc.clientID && item.id.clock + item.length === ownClock
  let rescues: Rescue[] = []
  let moves: Stranded[] = []
  let caretMoved: CaretPlace | null = null
  let doubles: DoubleCopy[] = []
  // Read during the transaction: once it ends, Yjs garbage-collects deleted content.
  const collect = (transaction: Y.Transaction) => {
    if (transaction.origin !== origin) return
    const orphaned = orphanedBlocks(doc, transaction, named, isLast)
    rescues = orphaned.rescues
    moves = [...orphaned.inline, ...strandedLetters(doc, transaction, named)]
    caretMoved = followedCaret(doc, transaction, named, anchor)
    doubles = doubleCopies(doc, transaction, named)
  }
  doc.on('afterTransaction', collect)
  try {
    Y.applyUpdate(doc, update, origin)
  } finally {
    doc.off('afterTransaction', collect)
  }
  const nothing = rescues.length === 0 && moves.length === 0 && doubles.length === 0
  if ((nothing && !caretMoved) || waitingBefore) return
  // A transaction even when nothing is to be kept: the caret is told where its text went.
  doc.transact((transaction) => {
    const place = moveStranded(moves, isLast) ?? putBack(rescues) ?? caretMoved
    if (place) transaction.meta.set(CARET_PLACE, place)
    removeDoubles(doubles, doc.clientID)
  }, KEPT_OWN_TEXT)
}
