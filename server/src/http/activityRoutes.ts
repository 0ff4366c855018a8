import type { Role } from '@tablenotes/shared'
import type { FastifyInstance } from 'fastify'
import type { Gatekeeper } from '../auth/Gatekeeper.js'
import type { RoomRegistry } from '../rooms/RoomRegistry.js'
import type { Store } from '../storage/DocStore.js'
import { createAuthorizer, sendError } from './authorize.js'

/** Who reads every table of a session, and so may know when each was last edited. */
const READERS_OF_EVERY_TABLE: readonly Role[] = ['moderator', 'organizer', 'rapporteur']

/**
 * The server's clock and what it knows of time:
 *
 * - `GET /api/time` → `{ now }`, milliseconds since the epoch by this server's clock. Pages
 *   measure their offset from it (the midpoint of the request's round trip, as NTP does), so a
 *   countdown shows the same time left on every device whatever its own clock says. No token:
 *   the time is no secret, and a page needs it before anything else.
 * - `GET /api/sessions/<id>/activity` → `{ now, lastEdits: { <tableId>: ms } }`: when each table
 *   last stored a client's edit (tables never edited are absent), for the moderator wall.
 */
export async function activityRoutes(
  app: FastifyInstance,
  { store, gatekeeper }: { store: Store; gatekeeper: Gatekeeper; registry: RoomRegistry },
): Promise<void> {
  const authorize = createAuthorizer(gatekeeper)

  app.get('/time', async (_request, reply) => {
    // A cached answer would be an old time.
    void reply.header('cache-control', 'no-store')
    return { now: Date.now() }
  })

  app.get<{ Params: { sessionId: string } }>(
    '/sessions/:sessionId/activity',
    async (request, reply) => {
      const { sessionId } = request.params
      if (!authorize(request, reply, sessionId, READERS_OF_EVERY_TABLE)) return reply
      const session = await store.getSession(sessionId)
      if (!session) return sendError(reply, 404, 'SESSION_NOT_FOUND', 'no such session')
      const rooms = session.tables.map((table) => `${sessionId}/${table.id}`)
      const edits = await store.lastEdits(rooms)
      const lastEdits: Record<string, number> = {}
      for (const table of session.tables) {
        const at = edits.get(`${sessionId}/${table.id}`)
        if (at !== undefined) lastEdits[table.id] = at
      }
      void reply.header('cache-control', 'no-store')
      return { now: Date.now(), lastEdits }
    },
  )
}
