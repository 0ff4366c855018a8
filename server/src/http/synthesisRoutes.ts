import type { Role } from '@tablenotes/shared'
import type { FastifyInstance } from 'fastify'
import type { Gatekeeper } from '../auth/Gatekeeper.js'
import type { RoomRegistry } from '../rooms/RoomRegistry.js'
import type { Store } from '../storage/DocStore.js'
import { compileSession, sessionSynthesisStatus } from '../synthesis/compileSession.js'
import { createAuthorizer, sendError } from './authorize.js'

/** Who may compile: the people who write the synthesis and run the session. */
const COMPILERS: readonly Role[] = ['rapporteur', 'moderator', 'organizer']

/** Compiling the synthesis, and asking how current it is. */
export async function synthesisRoutes(
  app: FastifyInstance,
  { store, gatekeeper, registry }: { store: Store; gatekeeper: Gatekeeper; registry: RoomRegistry },
): Promise<void> {
  const authorize = createAuthorizer(gatekeeper)

  app.post<{ Params: { sessionId: string } }>(
    '/sessions/:sessionId/synthesis/compile',
    async (request, reply) => {
      if (!authorize(request, reply, request.params.sessionId, COMPILERS)) return reply
      const session = await store.getSession(request.params.sessionId)
      if (!session) return sendError(reply, 404, 'SESSION_NOT_FOUND', 'no such session')
      return compileSession(registry, session, request.log)
    },
  )

  app.get<{ Params: { sessionId: string } }>(
    '/sessions/:sessionId/synthesis',
    async (request, reply) => {
      if (!authorize(request, reply, request.params.sessionId, COMPILERS)) return reply
      const session = await store.getSession(request.params.sessionId)
      if (!session) return sendError(reply, 404, 'SESSION_NOT_FOUND', 'no such session')
      return sessionSynthesisStatus(registry, session)
    },
  )
}
