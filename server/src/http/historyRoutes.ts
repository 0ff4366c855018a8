import {
  CONTROL_ROOM,
  ExportQuery,
  NamedVersions,
  NameVersionsBody,
  ParagraphAuthorshipList,
  parseRoomName,
  RestoreBody,
  RestoreResult,
  type Role,
  type RoomName,
  RoomParams,
  readControl,
  roomAccess,
  type Session,
  SessionParams,
  SYNTHESIS_ROOM,
  sessionLanguage,
  type TokenClaims,
  tableLanguage,
  VersionList,
  VersionParams,
} from '@tablenotes/shared'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Gatekeeper } from '../auth/Gatekeeper.js'
import { EXPORT_FORMATS, exportNotes, isExportFormat } from '../export/exportNotes.js'
import { paragraphAuthors } from '../history/paragraphAuthors.js'
import { restoreRoom, toVersionSummary, versionDoc } from '../history/restoreRoom.js'
import type { RoomRegistry } from '../rooms/RoomRegistry.js'
import type { Store } from '../storage/DocStore.js'
import { createAuthorizer, sendError } from './authorize.js'

/** Who names versions of a whole session: the people who run it (issue 17). */
const NAMERS: readonly Role[] = ['moderator', 'organizer']

const ErrorReply = {
  type: 'object',
  properties: { code: { type: 'string' }, message: { type: 'string' } },
} as const

interface RoomRequest {
  Params: { sessionId: string; roomId: string }
}
interface VersionRequest {
  Params: { sessionId: string; roomId: string; versionId: string }
}

/** The rooms that have history: every table of the session and the synthesis. */
function historyRooms(session: Session): RoomName[] {
  return [...session.tables.map((table) => table.id), SYNTHESIS_ROOM].map((roomId) => ({
    sessionId: session.id,
    roomId,
    key: `${session.id}/${roomId}`,
  }))
}

/** How an export of a room is titled and in which language its labels are. */
function exportDocument(session: Session, roomId: string): { title: string; language: string } {
  if (roomId === SYNTHESIS_ROOM) {
    return { title: session.title, language: sessionLanguage(session) }
  }
  const table = session.tables.find((candidate) => candidate.id === roomId)
  return {
    title: `${table?.name ?? roomId} · ${session.title}`,
    language: tableLanguage(session, roomId),
  }
}

/**
 * History of rooms (issue 17, item 4), in the exact forms other tools rely on:
 * - `GET /api/sessions/<id>/rooms/<room>/versions`: any link that can read the room;
 * - `POST /api/sessions/<id>/versions` `{ label }`: moderator and organizer, 201;
 * - `GET …/rooms/<room>/versions/<version>/export?format=md|html|docx`: who can read the room;
 * - `POST …/rooms/<room>/versions/<version>/restore` `{}` or `{ question }`: who can write it;
 * and, beside them, `GET …/rooms/<room>/authors`: who wrote each paragraph (who can read it).
 * `<room>` is a table id or `_synthesis`; the `_control` room has no history (404).
 */
export async function historyRoutes(
  app: FastifyInstance,
  { store, gatekeeper, registry }: { store: Store; gatekeeper: Gatekeeper; registry: RoomRegistry },
): Promise<void> {
  const authorize = createAuthorizer(gatekeeper)

  /**
   * The caller's claims, the session and the room, if the room has history and the caller's
   * link gives at least `needed` on it; null once the refusal (401/403/404/410) was sent.
   */
  const openRoom = async (
    request: FastifyRequest<RoomRequest>,
    reply: FastifyReply,
    needed: 'read' | 'write',
  ): Promise<{ claims: TokenClaims; session: Session; name: RoomName } | null> => {
    const { sessionId, roomId } = request.params
    const claims = authorize(request, reply, sessionId)
    if (!claims) return null
    const session = await store.getSession(sessionId)
    const name = parseRoomName(sessionId, roomId)
    const known =
      roomId === SYNTHESIS_ROOM || session?.tables.some((table) => table.id === roomId) === true
    if (!session || !name || roomId === CONTROL_ROOM || !known) {
      void sendError(reply, 404, 'ROOM_NOT_FOUND', 'no such table or synthesis in this session')
      return null
    }
    const access = roomAccess(claims, name)
    if (access === 'none' || (needed === 'write' && access !== 'write')) {
      const verb = needed === 'write' ? 'restore' : 'read'
      void sendError(reply, 403, 'FORBIDDEN', `this link cannot ${verb} this room`)
      return null
    }
    return { claims, session, name }
  }

  app.get<RoomRequest>(
    '/sessions/:sessionId/rooms/:roomId/versions',
    { schema: { params: RoomParams, response: { 200: VersionList, '4xx': ErrorReply } } },
    async (request, reply) => {
      const opened = await openRoom(request, reply, 'read')
      if (!opened) return reply
      return (await store.listVersions(opened.name.key)).map(toVersionSummary)
    },
  )

  // Who wrote each paragraph's text, for the editor's "who wrote what"; who can read the room.
  app.get<RoomRequest>(
    '/sessions/:sessionId/rooms/:roomId/authors',
    {
      schema: { params: RoomParams, response: { 200: ParagraphAuthorshipList, '4xx': ErrorReply } },
    },
    async (request, reply) => {
      const opened = await openRoom(request, reply, 'read')
      if (!opened) return reply
      await registry.history.authorship.flush()
      const doc = await registry.readDoc(opened.name.key)
      return paragraphAuthors(doc, await store.loadAuthorship(opened.name.key))
    },
  )

  app.post<{ Params: { sessionId: string }; Body: NameVersionsBody }>(
    '/sessions/:sessionId/versions',
    {
      schema: {
        params: SessionParams,
        body: NameVersionsBody,
        response: { 201: NamedVersions, '4xx': ErrorReply },
      },
    },
    async (request, reply) => {
      const { sessionId } = request.params
      if (!authorize(request, reply, sessionId, NAMERS)) return reply
      const session = await store.getSession(sessionId)
      if (!session) return sendError(reply, 404, 'SESSION_NOT_FOUND', 'no such session')
      const label = request.body.label.trim()
      if (label === '') return sendError(reply, 400, 'BAD_LABEL', 'a named version needs a label')
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

  app.get<VersionRequest & { Querystring: { format?: string } }>(
    '/sessions/:sessionId/rooms/:roomId/versions/:versionId/export',
    { schema: { params: VersionParams, querystring: ExportQuery } },
    async (request, reply) => {
      const opened = await openRoom(request, reply, 'read')
      if (!opened) return reply
      const format = request.query.format ?? 'md'
      if (!isExportFormat(format)) {
        const formats = EXPORT_FORMATS.join(', ')
        return sendError(reply, 400, 'BAD_FORMAT', `format must be one of ${formats}`)
      }
      const version = await store.getVersion(opened.name.key, request.params.versionId)
      if (!version)
        return sendError(reply, 404, 'VERSION_NOT_FOUND', 'no such version of this room')
      const document = exportDocument(opened.session, opened.name.roomId)
      const { body, contentType } = await exportNotes(versionDoc(version), format, document)
      const file = `${opened.session.id}-${opened.name.roomId}-version-${version.id}.${format}`
      return reply
        .header('content-type', contentType)
        .header('content-disposition', `attachment; filename="${file}"`)
        .send(body)
    },
  )

  app.post<VersionRequest & { Body: RestoreBody }>(
    '/sessions/:sessionId/rooms/:roomId/versions/:versionId/restore',
    {
      schema: {
        params: VersionParams,
        body: RestoreBody,
        response: { 200: RestoreResult, '4xx': ErrorReply },
      },
    },
    async (request, reply) => {
      const opened = await openRoom(request, reply, 'write')
      if (!opened) return reply
      const { session, name, claims } = opened
      const questionId = request.body?.question
      if (questionId !== undefined && !session.questions.some((q) => q.id === questionId)) {
        return sendError(reply, 404, 'QUESTION_NOT_FOUND', 'the session has no such question')
      }
      const version = await store.getVersion(name.key, request.params.versionId)
      if (!version)
        return sendError(reply, 404, 'VERSION_NOT_FOUND', 'no such version of this room')
      // A locked round refuses every table write, the server's own on someone's behalf too.
      if (name.roomId !== SYNTHESIS_ROOM) {
        const control = await registry.readDoc(`${session.id}/${CONTROL_ROOM}`)
        if (readControl(control).locked) {
          return sendError(reply, 423, 'ROUND_LOCKED', 'the round is locked: unlock it to restore')
        }
      }
      const { restored, before } = await restoreRoom(registry, name, version, {
        ...(questionId === undefined ? {} : { questionId }),
        author: { linkId: claims.linkId, name: null },
      })
      return { restored, before: toVersionSummary(before) }
    },
  )
}
