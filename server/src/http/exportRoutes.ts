import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  type ExportFormat,
  ExportQuerySchema,
  roomAccess,
  roomKey,
  type Session,
  SessionParamsSchema,
  SYNTHESIS_ROOM,
  sessionLanguage,
  TableParamsSchema,
  tableLanguage,
} from '@tablenotes/shared'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type * as Y from 'yjs'
import { exportNotes } from '../export/exportNotes.js'
import { AccessRefusedError, ErrorCode, NotFoundError, REFUSALS } from './errors.js'
import { perLinkRateLimit } from './perLinkRateLimit.js'
import { type ApiRoutesOptions, admitted, sessionAccess } from './sessionAccess.js'

/**
 * Exports a link may ask for in a minute, of tables, of the synthesis and of versions, each
 * (perLinkRateLimit counts per route): a person downloads a few; an organizer fetching every
 * table of a large session by script stays under it, and a loop cannot keep the server writing
 * Word files.
 */
const EXPORTS_PER_MINUTE = 60

/** Refused past EXPORTS_PER_MINUTE with 429 `TOO_MANY_REQUESTS`; for every export route. */
export const exportLimit = perLinkRateLimit('exports', EXPORTS_PER_MINUTE, 'exports')

/**
 * Answers with `doc`'s notes as a file in `format` (md, html or docx), titled and labelled as
 * `document` says, named `<file>.<format>` for the browser's download.
 */
export async function sendExport(
  reply: FastifyReply,
  doc: Y.Doc,
  format: ExportFormat,
  document: { title: string; language: string },
  file: string,
): Promise<FastifyReply> {
  const { body, contentType } = await exportNotes(doc, format, document)
  return reply
    .header('content-type', contentType)
    .header('content-disposition', `attachment; filename="${file}.${format}"`)
    .send(body)
}

/**
 * How an export of `roomId` (a table id or `_synthesis`) of `session` is titled, and in which
 * language its labels are: the synthesis under the session's title, a table as
 * "<table> · <session>".
 */
export function exportDocument(
  session: Session,
  roomId: string,
): { title: string; language: string } {
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
 * Downloads of a table's notes and of the synthesis as Markdown, HTML or DOCX, for whoever may
 * read that room: live rooms as they are in memory, the others as stored. A format other than
 * `md`, `html` or `docx` is refused by the query's schema (400 `BAD_FORMAT`).
 */
export const exportRoutes: FastifyPluginAsyncTypebox<ApiRoutesOptions> = async (
  app,
  { store, gatekeeper, registry },
) => {
  const anyLink = sessionAccess(gatekeeper, store)

  /**
   * The session `request` was admitted to, if the caller's link opens `roomId` (a table id or
   * `_synthesis`) in it; else 403 with `refusal`.
   */
  function sessionOpening(request: FastifyRequest, roomId: string, refusal: string): Session {
    const { claims, session } = admitted(request)
    if (roomAccess(claims, { sessionId: session.id, roomId }) === 'none') {
      throw new AccessRefusedError(refusal)
    }
    return session
  }

  /**
   * Answers with the notes of `roomId` as they are now, in `format` (Markdown when absent), named
   * `<file>.<format>`.
   */
  async function sendRoom(
    reply: FastifyReply,
    session: Session,
    roomId: string,
    format: ExportFormat | undefined,
    file: string,
  ): Promise<FastifyReply> {
    const doc = await registry.readDoc(roomKey(session.id, roomId))
    return sendExport(reply, doc, format ?? 'md', exportDocument(session, roomId), file)
  }

  // The body is a file; only refusals are JSON.
  app.get(
    '/sessions/:sessionId/synthesis/export',
    {
      onRequest: anyLink,
      config: exportLimit,
      schema: { params: SessionParamsSchema, querystring: ExportQuerySchema, response: REFUSALS },
    },
    async (request, reply) => {
      const session = sessionOpening(
        request,
        SYNTHESIS_ROOM,
        'this link does not open the synthesis',
      )
      const file = `${session.id}-synthesis`
      return sendRoom(reply, session, SYNTHESIS_ROOM, request.query.format, file)
    },
  )

  app.get(
    '/sessions/:sessionId/tables/:tableId/export',
    {
      onRequest: anyLink,
      config: exportLimit,
      schema: { params: TableParamsSchema, querystring: ExportQuerySchema, response: REFUSALS },
    },
    async (request, reply) => {
      const { tableId } = request.params
      const session = sessionOpening(request, tableId, 'this link does not open this table')
      if (!session.tables.some((table) => table.id === tableId)) {
        throw new NotFoundError(ErrorCode.tableNotFound, 'no such table')
      }
      return sendRoom(reply, session, tableId, request.query.format, `${session.id}-${tableId}`)
    },
  )
}
