import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  type Activity,
  ActivitySchema,
  ApiErrorSchema,
  type Role,
  roomKey,
  ServerTimeSchema,
  SessionParamsSchema,
  TokenQuerySchema,
} from '@tablenotes/shared'
import { type ApiRoutesOptions, admitted, sessionAccess } from './sessionAccess.js'

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
export const activityRoutes: FastifyPluginAsyncTypebox<ApiRoutesOptions> = async (
  app,
  { store, gatekeeper },
) => {
  app.get('/time', { schema: { response: { 200: ServerTimeSchema } } }, async (_request, reply) => {
    // A cached answer would be an old time.
    void reply.header('cache-control', 'no-store')
    return { now: Date.now() }
  })

  app.get(
    '/sessions/:sessionId/activity',
    {
      onRequest: sessionAccess(gatekeeper, store, READERS_OF_EVERY_TABLE),
      schema: {
        params: SessionParamsSchema,
        querystring: TokenQuerySchema,
        response: { 200: ActivitySchema, '4xx': ApiErrorSchema },
      },
    },
    async (request, reply): Promise<Activity> => {
      const { session } = admitted(request)
      const roomOf = (tableId: string) => roomKey(session.id, tableId)
      const edits = await store.lastEdits(session.tables.map((table) => roomOf(table.id)))
      const lastEdits: Record<string, number> = {}
      for (const table of session.tables) {
        const at = edits.get(roomOf(table.id))
        if (at !== undefined) lastEdits[table.id] = at
      }
      void reply.header('cache-control', 'no-store')
      return { now: Date.now(), lastEdits }
    },
  )
}
