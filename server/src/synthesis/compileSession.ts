import {
  compileSynthesis,
  type Session,
  SYNTHESIS_ROOM,
  synthesisStatus,
  type TableSource,
} from '@tablenotes/shared'
import type { RoomRegistry } from '../rooms/RoomRegistry.js'
import type { Store } from '../storage/DocStore.js'
import { loadDoc } from '../storage/loadDoc.js'

/** Every table as it is now: live rooms from memory, the others from storage. */
async function readTables(registry: RoomRegistry, store: Store, session: Session) {
  return Promise.all(
    session.tables.map(async (table): Promise<TableSource> => {
      const key = `${session.id}/${table.id}`
      return { id: table.id, doc: registry.loadedDoc(key) ?? (await loadDoc(store, key)) }
    }),
  )
}

const synthesisRoom = (sessionId: string) => ({
  sessionId,
  roomId: SYNTHESIS_ROOM,
  key: `${sessionId}/${SYNTHESIS_ROOM}`,
})

/**
 * Compiles the session's tables into its live `_synthesis` room, so the rapporteurs see their
 * report fill in; their summaries, even ones being typed, are left alone. Resolves once stored.
 */
export async function compileSession(
  registry: RoomRegistry,
  store: Store,
  session: Session,
): Promise<{ compiledAt: string }> {
  const tables = await readTables(registry, store, session)
  const room = await registry.acquire(synthesisRoom(session.id))
  try {
    const compiledAt = new Date().toISOString()
    compileSynthesis(session, tables, room.doc, compiledAt)
    await room.flushed()
    return { compiledAt }
  } finally {
    registry.release(room)
  }
}

/** When the synthesis was compiled and which tables changed since. */
export async function sessionSynthesisStatus(
  registry: RoomRegistry,
  store: Store,
  session: Session,
) {
  const tables = await readTables(registry, store, session)
  const synthesis =
    registry.loadedDoc(synthesisRoom(session.id).key) ??
    (await loadDoc(store, synthesisRoom(session.id).key))
  return synthesisStatus(synthesis, tables)
}
