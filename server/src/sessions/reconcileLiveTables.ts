import {
  CONTROL_ROOM,
  reconcileTable,
  roomKey,
  type Session,
  sessionTableIds,
  setSessionTableIds,
} from '@tablenotes/shared'
import type { RoomRegistry } from '../rooms/RoomRegistry.js'
import type { Store } from '../storage/DocStore.js'

/**
 * Brings every stored or loaded table of a changed session in line with it (reconcileTable),
 * through the live rooms, so people at the tables see a new question appear; resolves with the
 * number of tables changed once each change is stored. Tables never opened need nothing: they
 * are seeded from the new definition when first opened. The session's table ids then go into
 * its `_control` room, where every instance reads them (SessionControlFollower): a removed
 * table's room is unloaded and its connections closed. Run it under `registry.exclusive` for
 * the session, so that no other instance edits the same tables meanwhile.
 */
export async function reconcileLiveTables(
  registry: RoomRegistry,
  store: Store,
  session: Session,
): Promise<number> {
  const stored = new Set(await store.listRooms())
  let changed = 0
  for (const table of session.tables) {
    const name = { sessionId: session.id, roomId: table.id, key: roomKey(session.id, table.id) }
    if (!stored.has(name.key) && !registry.has(name.key)) continue
    const room = await registry.acquire(name)
    try {
      await registry.catchUpRoom(room)
      if (reconcileTable(room.doc, session, table.id)) changed++
      await room.flushed()
    } finally {
      registry.release(room)
    }
  }
  const control = await registry.acquire({
    sessionId: session.id,
    roomId: CONTROL_ROOM,
    key: roomKey(session.id, CONTROL_ROOM),
  })
  try {
    await registry.catchUpRoom(control)
    const ids = session.tables.map((table) => table.id)
    if (sessionTableIds(control.doc)?.join('\n') !== ids.join('\n')) {
      setSessionTableIds(control.doc, ids)
      await control.flushed()
    }
  } finally {
    registry.release(control)
  }
  return changed
}
