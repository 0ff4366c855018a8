import { reconcileTable, roomKey, type Session } from '@tablenotes/shared'
import * as Y from 'yjs'
import type { Store } from '../storage/DocStore.js'
import { loadDoc } from '../storage/loadDoc.js'

/**
 * The command line's way to bring stored tables in line with a changed session: each change is
 * appended to the table's log like any edit. A running server that has the room loaded sees it
 * when the room next loads; the organizer page, which goes through the server, applies it live.
 */
export async function reconcileStoredTables(store: Store, session: Session): Promise<number> {
  const stored = new Set(await store.listRooms())
  let changed = 0
  for (const table of session.tables) {
    const room = roomKey(session.id, table.id)
    if (!stored.has(room)) continue
    const doc = await loadDoc(store, room)
    const before = Y.encodeStateVector(doc)
    if (reconcileTable(doc, session, table.id)) {
      await store.appendUpdates([{ room, update: Y.encodeStateAsUpdate(doc, before) }])
      changed++
    }
    doc.destroy()
  }
  return changed
}
