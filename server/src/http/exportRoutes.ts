import { roomAccess, SYNTHESIS_ROOM, sessionLanguage, tableLanguage } from '@tablenotes/shared'
import type { FastifyInstance, FastifyReply } from 'fastify'
import type * as Y from 'yjs'
import type { Gatekeeper } from '../auth/Gatekeeper.js'
import { EXPORT_FORMATS, exportNotes, isExportFormat } from '../export/exportNotes.js'
import type { RoomRegistry } from '../rooms/RoomRegistry.js'
import type { Store } from '../storage/DocStore.js'
import { createAuthorizer, sendError } from './authorize.js'

interface ExportRequest {
  Params: { sessionId: string; tableId?: string }
  Querystring: { format?: string }
}

/**
 * Downloads of a table's notes and of the synthesis as Markdown, HTML or DOCX, for whoever may
 * read that room: live rooms as they are in memory, the others as stored.
 */
export async function exportRoutes(
  app: FastifyInstance,
  { store, gatekeeper, registry }: { store: Store; gatekeeper: Gatekeeper; registry: RoomRegistry },
): Promise<void> {
  const authorize = createAuthorizer(gatekeeper)

  const send = async (
    reply: FastifyReply,
    doc: Y.Doc,
    format: string,
    document: { title: string; language: string },
    file: string,
  ) => {
    if (!isExportFormat(format)) {
      return sendError(
        reply,
        400,
        'BAD_FORMAT',
        `format must be one of ${EXPORT_FORMATS.join(', ')}`,
      )
    }
    const { body, contentType } = await exportNotes(doc, format, document)
    return reply
      .header('content-type', contentType)
      .header('content-disposition', `attachment; filename="${file}.${format}"`)
      .send(body)
  }

  app.get<ExportRequest>('/sessions/:sessionId/synthesis/export', async (request, reply) => {
    const { sessionId } = request.params
    const claims = authorize(request, reply, sessionId)
    if (!claims) return reply
    if (roomAccess(claims, { sessionId, roomId: SYNTHESIS_ROOM }) === 'none') {
      return sendError(reply, 403, 'FORBIDDEN', 'this link does not open the synthesis')
    }
    const session = await store.getSession(sessionId)
    if (!session) return sendError(reply, 404, 'SESSION_NOT_FOUND', 'no such session')
    const doc = await registry.readDoc(`${sessionId}/${SYNTHESIS_ROOM}`)
    const document = { title: session.title, language: sessionLanguage(session) }
    return send(reply, doc, request.query.format ?? 'md', document, `${sessionId}-synthesis`)
  })

  app.get<ExportRequest>('/sessions/:sessionId/tables/:tableId/export', async (request, reply) => {
    const { sessionId, tableId = '' } = request.params
    const claims = authorize(request, reply, sessionId)
    if (!claims) return reply
    if (roomAccess(claims, { sessionId, roomId: tableId }) === 'none') {
      return sendError(reply, 403, 'FORBIDDEN', 'this link does not open this table')
    }
    const session = await store.getSession(sessionId)
    const table = session?.tables.find((candidate) => candidate.id === tableId)
    if (!session || !table) return sendError(reply, 404, 'TABLE_NOT_FOUND', 'no such table')
    const doc = await registry.readDoc(`${sessionId}/${tableId}`)
    const document = {
      title: `${table.name} · ${session.title}`,
      language: tableLanguage(session, tableId),
    }
    return send(reply, doc, request.query.format ?? 'md', document, `${sessionId}-${tableId}`)
  })
}
