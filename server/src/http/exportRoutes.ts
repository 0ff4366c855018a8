import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import {
  ApiErrorSchema,
  type ExportFormat,
  ExportQuerySchema,
  roomAccess,
  roomKey,
  SessionParamsSchema,
  SYNTHESIS_ROOM,
  sessionLanguage,
  TableParamsSchema,
  tableLanguage,
} from '@tablenotes/shared'
import type { FastifyInstance, FastifyReply } from 'fastify'
import type * as Y from 'yjs'
import type { Gatekeeper } from '../auth/Gatekeeper.js'
import { exportNotes } from '../export/exportNotes.js'
import type { RoomRegistry } from '../rooms/RoomRegistry.js'
import type { Store } from '../storage/DocStore.js'
import { AccessRefusedError, ErrorCode, NotFoundError } from './errors.js'
import { admitted, sessionAccess } from './sessionAccess.js'

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
 * Downloads of a table's notes and of the synthesis as Markdown, HTML or DOCX, for whoever may
 * read that room: live rooms as they are in memory, the others as stored. A format other than
 * `md`, `html` or `docx` is refused by the query's schema (400 `BAD_FORMAT`).
 */
export async function exportRoutes(
  parent: FastifyInstance,
  { store, gatekeeper, registry }: { store: Store; gatekeeper: Gatekeeper; registry: RoomRegistry },
): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>()
  const anyLink = sessionAccess(gatekeeper, store)
  // The body is a file; only refusals are JSON.
  const response = { '4xx': ApiErrorSchema }

  app.get(
    '/sessions/:sessionId/synthesis/export',
    {
      preValidation: anyLink,
      schema: { params: SessionParamsSchema, querystring: ExportQuerySchema, response },
    },
    async (request, reply) => {
      const { claims, session } = admitted(request)
      if (roomAccess(claims, { sessionId: session.id, roomId: SYNTHESIS_ROOM }) === 'none') {
        throw new AccessRefusedError('this link does not open the synthesis')
      }
      const doc = await registry.readDoc(roomKey(session.id, SYNTHESIS_ROOM))
      const document = { title: session.title, language: sessionLanguage(session) }
      return sendExport(
        reply,
        doc,
        request.query.format ?? 'md',
        document,
        `${session.id}-synthesis`,
      )
    },
  )

  app.get(
    '/sessions/:sessionId/tables/:tableId/export',
    {
      preValidation: anyLink,
      schema: { params: TableParamsSchema, querystring: ExportQuerySchema, response },
    },
    async (request, reply) => {
      const { claims, session } = admitted(request)
      const { tableId } = request.params
      if (roomAccess(claims, { sessionId: session.id, roomId: tableId }) === 'none') {
        throw new AccessRefusedError('this link does not open this table')
      }
      const table = session.tables.find((candidate) => candidate.id === tableId)
      if (!table) throw new NotFoundError(ErrorCode.tableNotFound, 'no such table')
      const doc = await registry.readDoc(roomKey(session.id, tableId))
      const document = {
        title: `${table.name} · ${session.title}`,
        language: tableLanguage(session, tableId),
      }
      return sendExport(
        reply,
        doc,
        request.query.format ?? 'md',
        document,
        `${session.id}-${tableId}`,
      )
    },
  )
}
