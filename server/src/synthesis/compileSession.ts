import {
  compileSynthesis,
  type Session,
  SYNTHESIS_ROOM,
  synthesisStatus,
  type TableSource,
} from '@tablenotes/shared'
import type { RoomRegistry } from '../rooms/RoomRegistry.js'

/** Every table as it is now: live rooms from memory, the others from storage. */
function readTables(registry: RoomRegistry, session: Session): Promise<TableSource[]> {
  return Promise.all(
    session.tables.map(async (table) => ({
      id: table.id,
      doc: await registry.readDoc(`${session.id}/${table.id}`),
    })),
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
  session: Session,
): Promise<{ compiledAt: string }> {
  return registry.exclusive(`compile:${session.id}`, async () => {
    const tables = await readTables(registry, session)
    const room = await registry.acquire(synthesisRoom(session.id))
    try {
      // Another instance's compile, finished just now, must be seen, or its parts come twice.
      await registry.catchUpRoom(room)
      const compiledAt = new Date().toISOString()
      compileSynthesis(session, tables, room.doc, compiledAt)
      await room.flushed()
      return { compiledAt }
    } finally {
      registry.release(room)
    }
  })
}

/** When the synthesis was compiled and which tables changed since. */
export async function sessionSynthesisStatus(registry: RoomRegistry, session: Session) {
  const tables = await readTables(registry, session)
  const synthesis = await registry.readDoc(synthesisRoom(session.id).key)
  return synthesisStatus(synthesis, tables)
}
