import { createTableSeed, isTableRoom, parseRoomName } from '@tablenotes/shared'
import * as Y from 'yjs'
import type { DocStore, SessionStore } from './DocStore.js'

/** A room's document as stored: what the command line reads and exports without a server. */
export async function loadDoc(store: DocStore, room: string): Promise<Y.Doc> {
  const doc = new Y.Doc({ gc: true })
  const rows = await store.loadRoom(room)
  if (rows.length > 0) Y.applyUpdate(doc, Y.mergeUpdates(rows.map((row) => row.update)))
  return doc
}

/**
 * A room's document as stored, to read (export, search, a version): for a table nobody has
 * opened yet (nothing stored), its seed, the questions it opens with, so it holds what a page
 * would show. `room` is `<sessionId>/<roomId>` (roomKey). Never to write back from: the seed
 * is stored by the room that loads first (RoomRegistry), and an update built on an unstored
 * seed would wait for it for ever.
 */
export async function loadDocToRead(store: DocStore & SessionStore, room: string): Promise<Y.Doc> {
  const doc = await loadDoc(store, room)
  if (doc.store.clients.size > 0) return doc
  const [sessionId = '', roomId = ''] = room.split('/')
  const name = parseRoomName(sessionId, roomId)
  const session = name && isTableRoom(name) ? await store.getSession(sessionId) : undefined
  if (session?.tables.some((table) => table.id === roomId)) {
    // The bytes the room is seeded with when it loads, so the two merge as one.
    Y.applyUpdate(doc, createTableSeed(session, roomId))
  }
  return doc
}
