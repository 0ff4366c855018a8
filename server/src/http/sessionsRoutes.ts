import type { FastifyInstance } from 'fastify'
import type { Store } from '../storage/DocStore.js'

/** Read-only session API; creating and editing sessions needs the rights of the organizer role. */
export async function sessionsRoutes(
  app: FastifyInstance,
  { store }: { store: Store },
): Promise<void> {
  app.get('/sessions', async () => {
    const sessions = await store.listSessions()
    return sessions.map(({ id, title, event, starts, ends, tables }) => ({
      id,
      title,
      event,
      starts,
      ends,
      tables: tables.length,
    }))
  })

  app.get<{ Params: { sessionId: string } }>('/sessions/:sessionId', async (request, reply) => {
    const session = await store.getSession(request.params.sessionId)
    if (!session)
      return reply.code(404).send({ code: 'SESSION_NOT_FOUND', message: 'no such session' })
    return session
  })
}
