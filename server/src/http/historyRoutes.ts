import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { TSchema } from '@sinclair/typebox'
import {
  AuthorshipSpanListSchema,
  CONTROL_ROOM,
  ExportQuerySchema,
  NamedVersionsSchema,
  NameVersionsBodySchema,
  ParagraphAuthorshipListSchema,
  parseRoomName,
  RestoreBodySchema,
  RestoreResultSchema,
  type Role,
  type RoomName,
  RoomParamsSchema,
  readControl,
  roomAccess,
  roomKey,
  type Session,
  SessionParamsSchema,
  SYNTHESIS_ROOM,
  TokenQuerySchema,
  VersionChangesSchema,
  VersionListSchema,
  VersionParamsSchema,
} from '@tablenotes/shared'
import type { FastifyRequest } from 'fastify'
import { paragraphAuthors } from '../history/paragraphAuthors.js'
import { restoreRoom, toVersionSummary, versionDoc } from '../history/restoreRoom.js'
import { authorshipSpans, versionChanges } from '../history/versionChanges.js'
import type { AuthorshipSpan } from '../storage/DocStore.js'
import {
  AccessRefusedError,
  BadRequestError,
  ErrorCode,
  NotFoundError,
  REFUSALS,
  RoundLockedError,
} from './errors.js'
import { exportDocument, exportLimit, sendExport } from './exportRoutes.js'
import { perLinkRateLimit } from './perLinkRateLimit.js'
import { type ApiRoutesOptions, admitted, sessionAccess } from './sessionAccess.js'
import { cleanLine, isBlank } from './userText.js'

/**
 * How many named versions and restores one link may ask for in a minute. Each stores a whole
 * version of one or every room, so without a share one editor link could fill a venue laptop's
 * disk (about 1 MB a named version of a busy session). People name a version at the end of a
 * round and restore now and then: ten a minute is far above that.
 */
const HISTORY_WRITES_PER_MINUTE = 10

/** Refused past HISTORY_WRITES_PER_MINUTE with 429 `TOO_MANY_REQUESTS`. */
const historyWriteLimit = perLinkRateLimit(
  'history',
  HISTORY_WRITES_PER_MINUTE,
  'named versions and restores',
)

/** Who names versions of a whole session: the people who run it (issue 17). */
const NAMERS: readonly Role[] = ['moderator', 'organizer']

/** The rooms that have history: every table of the session and the synthesis. */
function historyRooms(session: Session): RoomName[] {
  return [...session.tables.map((table) => table.id), SYNTHESIS_ROOM].map((roomId) => ({
    sessionId: session.id,
    roomId,
    key: roomKey(session.id, roomId),
  }))
}

/**
 * The session and room `:roomId` names for a request its `sessionAccess` hook admitted, if the
 * room has history and the caller's link gives at least `needed` on it. Throws 404
 * `ROOM_NOT_FOUND` (no such table, or `_control`, which has no history) or 403.
 */
function openRoom(
  request: FastifyRequest,
  needed: 'read' | 'write',
): { session: Session; name: RoomName; linkId: string } {
  const { claims, session } = admitted(request)
  const { roomId } = request.params as { roomId: string }
  const name = parseRoomName(session.id, roomId)
  const known =
    roomId === SYNTHESIS_ROOM || session.tables.some((table) => table.id === roomId) === true
  if (!name || roomId === CONTROL_ROOM || !known) {
    throw new NotFoundError(ErrorCode.roomNotFound, 'no such table or synthesis in this session')
  }
  const access = roomAccess(claims, name)
  if (access === 'none' || (needed === 'write' && access !== 'write')) {
    throw new AccessRefusedError(
      `this link cannot ${needed === 'write' ? 'restore' : 'read'} this room`,
    )
  }
  return { session, name, linkId: claims.linkId }
}

/**
 * History of rooms (issue 17, item 4), in the exact forms other tools rely on:
 * - `GET /api/sessions/<id>/rooms/<room>/versions`: any link that can read the room;
 * - `POST /api/sessions/<id>/versions` `{ label }`: moderator and organizer, 201;
 * - `GET …/rooms/<room>/versions/<version>/export?format=md|html|docx`: who can read the room;
 * - `POST …/rooms/<room>/versions/<version>/restore` `{}` or `{ question }`: who can write it;
 *   423 `ROUND_LOCKED` for a table while the round is locked;
 * and, beside them, `GET …/rooms/<room>/authors`: who wrote each paragraph,
 * `GET …/rooms/<room>/authorship`: who wrote which Yjs items, and
 * `GET …/rooms/<room>/versions/<version>/changes`: the version with what changed since the
 * previous one, by author (both: who can read the room).
 * `<room>` is a table id or `_synthesis`; the `_control` room has no history (404).
 */
export const historyRoutes: FastifyPluginAsyncTypebox<ApiRoutesOptions> = async (
  app,
  { store, gatekeeper, registry },
) => {
  const anyLink = sessionAccess(gatekeeper, store)
  const namers = sessionAccess(gatekeeper, store, NAMERS)

  /** The options of a route that reads a room (`openRoom`), answering 200 with `answer`. */
  const readsRoom = <Answer extends TSchema>(answer: Answer) => ({
    onRequest: anyLink,
    schema: {
      params: RoomParamsSchema,
      querystring: TokenQuerySchema,
      response: { 200: answer, ...REFUSALS },
    },
  })

  /** A room's authorship spans, those still batched in memory included. */
  async function authorshipOf(name: RoomName): Promise<AuthorshipSpan[]> {
    await registry.history.authorship.flush()
    return store.loadAuthorship(name.key)
  }

  app.get(
    '/sessions/:sessionId/rooms/:roomId/versions',
    readsRoom(VersionListSchema),
    async (request) => {
      const { name } = openRoom(request, 'read')
      return (await store.listVersions(name.key)).map(toVersionSummary)
    },
  )

  // Who wrote each paragraph's text, for the editor's "who wrote what"; who can read the room.
  app.get(
    '/sessions/:sessionId/rooms/:roomId/authors',
    readsRoom(ParagraphAuthorshipListSchema),
    async (request) => {
      const { name } = openRoom(request, 'read')
      const doc = await registry.readDoc(name.key)
      return paragraphAuthors(doc, await authorshipOf(name))
    },
  )

  // Who wrote which Yjs items, for the editor's "who wrote what"; who can read the room.
  app.get(
    '/sessions/:sessionId/rooms/:roomId/authorship',
    readsRoom(AuthorshipSpanListSchema),
    async (request) => authorshipSpans(await authorshipOf(openRoom(request, 'read').name)),
  )

  app.post(
    '/sessions/:sessionId/versions',
    {
      onRequest: namers,
      config: historyWriteLimit,
      schema: {
        params: SessionParamsSchema,
        querystring: TokenQuerySchema,
        body: NameVersionsBodySchema,
        response: { 201: NamedVersionsSchema, ...REFUSALS },
      },
    },
    async (request, reply) => {
      const { session } = admitted(request)
      const label = cleanLine(request.body.label)
      if (isBlank(label))
        throw new BadRequestError(ErrorCode.badLabel, 'a named version needs a label')
      const at = new Date().toISOString()
      const versions: Array<{ room: string; id: string }> = []
      for (const name of historyRooms(session)) {
        const doc = await registry.readDoc(name.key)
        const version = await registry.history.take({ key: name.key, doc }, 'named', label)
        if (version) versions.push({ room: name.roomId, id: version.id })
      }
      return reply.code(201).send({ label, at, versions })
    },
  )

  app.get(
    '/sessions/:sessionId/rooms/:roomId/versions/:versionId/export',
    {
      onRequest: anyLink,
      config: exportLimit,
      schema: { params: VersionParamsSchema, querystring: ExportQuerySchema, response: REFUSALS },
    },
    async (request, reply) => {
      const { session, name } = openRoom(request, 'read')
      const version = await store.getVersion(name.key, request.params.versionId)
      if (!version) {
        throw new NotFoundError(ErrorCode.versionNotFound, 'no such version of this room')
      }
      const file = `${session.id}-${name.roomId}-version-${version.id}`
      const document = exportDocument(session, name.roomId)
      return sendExport(reply, versionDoc(version), request.query.format ?? 'md', document, file)
    },
  )

  app.get(
    '/sessions/:sessionId/rooms/:roomId/versions/:versionId/changes',
    {
      onRequest: anyLink,
      schema: {
        params: VersionParamsSchema,
        querystring: TokenQuerySchema,
        response: { 200: VersionChangesSchema, ...REFUSALS },
      },
    },
    async (request) => {
      const { name } = openRoom(request, 'read')
      const listed = await store.listVersions(name.key)
      const at = listed.findIndex((each) => each.id === request.params.versionId)
      const version =
        at < 0 ? undefined : await store.getVersion(name.key, request.params.versionId)
      if (!version) {
        throw new NotFoundError(ErrorCode.versionNotFound, 'no such version of this room')
      }
      // Newest first: the previous version is the next one listed.
      const previousInfo = listed[at + 1]
      const previous = previousInfo && (await store.getVersion(name.key, previousInfo.id))
      const spans = await authorshipOf(name)
      return {
        version: toVersionSummary(version),
        previous: previousInfo ? toVersionSummary(previousInfo) : null,
        sections: versionChanges(
          versionDoc(version),
          previous ? versionDoc(previous) : null,
          spans,
        ),
      }
    },
  )

  app.post(
    '/sessions/:sessionId/rooms/:roomId/versions/:versionId/restore',
    {
      onRequest: anyLink,
      config: historyWriteLimit,
      schema: {
        params: VersionParamsSchema,
        querystring: TokenQuerySchema,
        body: RestoreBodySchema,
        response: { 200: RestoreResultSchema, ...REFUSALS },
      },
    },
    async (request) => {
      const { session, name, linkId } = openRoom(request, 'write')
      const questionId = request.body?.question
      if (questionId !== undefined && !session.questions.some((q) => q.id === questionId)) {
        throw new NotFoundError(ErrorCode.questionNotFound, 'the session has no such question')
      }
      const version = await store.getVersion(name.key, request.params.versionId)
      if (!version) {
        throw new NotFoundError(ErrorCode.versionNotFound, 'no such version of this room')
      }
      // A locked round refuses every table write, the server's own on someone's behalf too.
      if (name.roomId !== SYNTHESIS_ROOM) {
        const control = await registry.readDoc(roomKey(session.id, CONTROL_ROOM))
        if (readControl(control).locked) {
          throw new RoundLockedError('the round is locked: unlock it to restore')
        }
      }
      const { restored, before } = await restoreRoom(registry, name, version, {
        ...(questionId === undefined ? {} : { questionId }),
        author: { linkId, name: null },
      })
      return { restored, before: toVersionSummary(before) }
    },
  )
}
