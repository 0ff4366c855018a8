import {
  compileSynthesis,
  leaveOutUnreadable,
  roomKey,
  type Session,
  type SkippedTable,
  SYNTHESIS_ROOM,
  sessionLanguage,
  synthesisStatus,
  type TableSource,
} from '@tablenotes/shared'
import type { FastifyBaseLogger } from 'fastify'
import { writersOf } from '../history/paragraphAuthors.js'
import { serverMessage } from '../i18n/serverMessage.js'
import type { RoomRegistry } from '../rooms/RoomRegistry.js'

/** Every table as it is now: live rooms from memory, the others from storage. */
function readTables(registry: RoomRegistry, session: Session): Promise<TableSource[]> {
  return Promise.all(
    session.tables.map(async (table) => ({
      id: table.id,
      doc: await registry.readDoc(roomKey(session.id, table.id)),
    })),
  )
}

const synthesisRoom = (sessionId: string) => ({
  sessionId,
  roomId: SYNTHESIS_ROOM,
  key: roomKey(sessionId, SYNTHESIS_ROOM),
})

/**
 * Every table the compile can read safely, and a note in the synthesis's language for each one
 * it cannot: one that does not load, or one leaveOutUnreadable leaves out. One bad table never
 * stops the synthesis of the others.
 */
async function readTablesSafely(
  registry: RoomRegistry,
  session: Session,
  log: FastifyBaseLogger | undefined,
): Promise<{ tables: TableSource[]; skipped: SkippedTable[] }> {
  const note = serverMessage(sessionLanguage(session), 'synthesisTableSkipped')
  const read = await Promise.all(
    session.tables.map(async ({ id }): Promise<TableSource | SkippedTable> => {
      const key = roomKey(session.id, id)
      try {
        const doc = await registry.readDoc(key)
        // Each contribution names its writers, from the server's record (issue 17, item 2).
        const spans = await registry.history.spansOf(key)
        return { id, doc, writers: (nodes) => writersOf(nodes, spans) }
      } catch (error) {
        log?.warn(
          { room: key, err: error },
          'leaving a table that does not load out of the synthesis',
        )
        return { id, note }
      }
    }),
  )
  const loaded = read.filter((table): table is TableSource => 'doc' in table)
  const { tables, skipped } = leaveOutUnreadable(loaded, note)
  for (const { id } of skipped) {
    log?.warn(
      { room: roomKey(session.id, id) },
      'leaving a table nested too deep out of the synthesis',
    )
  }
  return {
    tables,
    skipped: [...read.filter((table): table is SkippedTable => 'note' in table), ...skipped],
  }
}

/**
 * Compiles the session's tables into its live `_synthesis` room, so the rapporteurs see their
 * report fill in; their summaries, even ones being typed, are left alone. A table that cannot
 * be read is left out with a note (readTablesSafely). Resolves once stored.
 */
export async function compileSession(
  registry: RoomRegistry,
  session: Session,
  log?: FastifyBaseLogger,
): Promise<{ compiledAt: string; skippedTables: string[] }> {
  return registry.exclusive(`compile:${session.id}`, async () => {
    const { tables, skipped } = await readTablesSafely(registry, session, log)
    const room = await registry.acquire(synthesisRoom(session.id))
    try {
      // Another instance's compile, finished just now, must be seen, or its parts come twice.
      await registry.catchUpRoom(room)
      const compiledAt = new Date().toISOString()
      compileSynthesis(session, tables, room.doc, compiledAt, skipped)
      await room.flushed()
      return { compiledAt, skippedTables: skipped.map((table) => table.id) }
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
