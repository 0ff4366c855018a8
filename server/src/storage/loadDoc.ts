import * as Y from 'yjs'
import type { DocStore } from './DocStore.js'

/** A room's document as stored: what the command line reads and exports without a server. */
export async function loadDoc(store: DocStore, room: string): Promise<Y.Doc> {
  const doc = new Y.Doc({ gc: true })
  const rows = await store.loadRoom(room)
  if (rows.length > 0) Y.applyUpdate(doc, Y.mergeUpdates(rows.map((row) => row.update)))
  return doc
}
