import { setImmediate as nextTurn } from 'node:timers/promises'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  foldQuery,
  MAX_SEARCH_RESULTS,
  roomAccess,
  roomKey,
  SearchQuerySchema,
  type SearchResult,
  SearchResultsSchema,
  type Session,
  SessionParamsSchema,
  SYNTHESIS_ROOM,
  searchNotes,
  snippetAround,
  type TokenClaims,
} from '@tablenotes/shared'
import { BadRequestError, ErrorCode, REFUSALS } from './errors.js'
import { perLinkRateLimit } from './perLinkRateLimit.js'
import { type ApiRoutesOptions, admitted, sessionAccess } from './sessionAccess.js'

/**
 * How many searches one link may run in a minute. A search reads every room the link may read,
 * from storage for the rooms no one has open (a hundred tables for a moderator), so a script
 * must not run it in a loop; a person searches a few times a minute at most.
 */
const SEARCHES_PER_MINUTE = 30

/** Refused past SEARCHES_PER_MINUTE with 429 `TOO_MANY_REQUESTS`. */
const searchLimit = perLinkRateLimit('search', SEARCHES_PER_MINUTE, 'searches')

/**
 * The rooms a link may read, in the session's order: its tables, then the synthesis (never
 * `_control`, which holds no notes). Asks the one rights table (`roomAccess`), as the relay does:
 * a table's editor or read link gets its own table, the other roles every table and the synthesis.
 */
function readableRooms(claims: TokenClaims, session: Session): string[] {
  return [...session.tables.map((table) => table.id), SYNTHESIS_ROOM].filter(
    (roomId) => roomAccess(claims, { sessionId: session.id, roomId }) !== 'none',
  )
}

/**
 * Search across a session (issue 20, item 2), in the form other tools rely on:
 * `GET /api/sessions/<id>/search?q=…` → `[{ room, question, snippet, part, table, paragraph }]`,
 * one result per paragraph where `q` occurs, accent-, case- and harakat-insensitive
 * (`foldForSearch`), over every room the link may read: live documents of loaded rooms, stored
 * state for the others. At most MAX_SEARCH_RESULTS results; 400 `BAD_QUERY` for a missing,
 * blank or over-long `q` (also one of only marks or zero-width characters, which fold to nothing); 429 past
 * SEARCHES_PER_MINUTE a minute from one link.
 */
export const searchRoutes: FastifyPluginAsyncTypebox<ApiRoutesOptions> = async (
  app,
  { store, gatekeeper, registry },
) => {
  app.get(
    '/sessions/:sessionId/search',
    {
      onRequest: sessionAccess(gatekeeper, store),
      config: searchLimit,
      schema: {
        params: SessionParamsSchema,
        querystring: SearchQuerySchema,
        response: { 200: SearchResultsSchema, ...REFUSALS },
      },
    },
    async (request) => {
      const { claims, session } = admitted(request)
      const query = foldQuery(request.query.q)
      if (query === '') {
        throw new BadRequestError(
          ErrorCode.badQuery,
          'q is only accents, marks or invisible characters: nothing to search for',
        )
      }
      const results: SearchResult[] = []
      for (const roomId of readableRooms(claims, session)) {
        const key = roomKey(session.id, roomId)
        const limit = MAX_SEARCH_RESULTS - results.length
        // A room that cannot be read or walked (a row stored before P13, say) is left out, as
        // the compile leaves it out, rather than failing the search of every other room.
        const hits = await registry
          .readDoc(key)
          .then((doc) => searchNotes(doc, query, limit))
          .catch((error: unknown) => {
            request.log.error({ room: key, err: error }, 'search left out a room it cannot read')
            return []
          })
        for (const hit of hits) {
          results.push({
            room: roomId,
            question: hit.question,
            snippet: snippetAround(hit.text, hit.match),
            part: hit.part,
            table: hit.table,
            paragraph: hit.paragraph,
          })
        }
        if (results.length >= MAX_SEARCH_RESULTS) break
        // One room at a time: edits waiting to be relayed go between rooms, not after them all.
        await nextTurn()
      }
      return results
    },
  )
}
