import * as Y from 'yjs'
import type { Store } from './DocStore.js'
import { loadDoc } from './loadDoc.js'

export interface CopyReport {
  sessions: number
  links: number
  rooms: number
}

/** Two documents hold the same content when their full states encode to the same bytes. */
function sameContent(a: Y.Doc, b: Y.Doc): boolean {
  return Buffer.from(Y.encodeStateAsUpdate(a)).equals(Buffer.from(Y.encodeStateAsUpdate(b)))
}

/**
 * Copies a whole store into an empty one (a venue laptop's SQLite to the central PostgreSQL
 * after the event, or back): sessions, links with their revocations, every room's log and the time
 * of its last edit (the wall's "last edit"), then reads every room back from both and compares
 * them. Refuses a destination that holds anything,
 * so nothing is ever merged into another event's data by mistake.
 */
export async function copyStore(
  from: Store,
  to: Store,
  progress: (done: number, total: number) => void = () => undefined,
): Promise<CopyReport> {
  if ((await to.listSessions()).length > 0 || (await to.listRooms()).length > 0) {
    throw new Error(`${to.description} is not empty; copy into an empty store`)
  }
  const sessions = await from.listSessions()
  let links = 0
  for (const session of sessions) {
    await to.putSession(session)
    for (const link of await from.listLinks(session.id)) {
      await to.putLink(link)
      if (link.revokedAt !== null) await to.revokeLink(link.id, link.revokedAt)
      links++
    }
  }
  const rooms = await from.listRooms()
  for (const [index, room] of rooms.entries()) {
    const rows = await from.loadRoom(room)
    await to.appendUpdates(rows.map((row) => ({ room, update: row.update })))
    // History too, oldest first: the copy gets its own version ids.
    for (const version of (await from.listVersions(room)).reverse()) {
      const stored = await from.getVersion(room, version.id)
      if (!stored) continue
      const { id: _id, ...content } = stored
      await to.putVersion(content)
    }
    await to.appendAuthorship(await from.loadAuthorship(room))
    progress(index + 1, rooms.length)
  }
  // The rows were appended as the server's own (no `fromClient`), so each room's last edit is
  // carried over as it was, not as the time of the copy.
  const edits = await from.lastEdits(rooms)
  await to.putLastEdits(edits)
  const copiedEdits = await to.lastEdits(rooms)
  for (const room of rooms) {
    if (!sameContent(await loadDoc(from, room), await loadDoc(to, room))) {
      throw new Error(`room ${room} differs after the copy`)
    }
    if (copiedEdits.get(room) !== edits.get(room)) {
      throw new Error(`room ${room}'s last edit differs after the copy`)
    }
  }
  return { sessions: sessions.length, links, rooms: rooms.length }
}
