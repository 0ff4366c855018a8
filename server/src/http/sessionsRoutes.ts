import {
  checkSession,
  isTableRole,
  ROLES,
  type Role,
  type SessionLink,
  type SessionProblem,
} from '@tablenotes/shared'
import type { FastifyInstance, FastifyReply } from 'fastify'
import type { Gatekeeper } from '../auth/Gatekeeper.js'
import type { RoomRegistry } from '../rooms/RoomRegistry.js'
import { createLink, describeLink, ensureSessionLinks } from '../sessions/sessionLinks.js'
import type { Store } from '../storage/DocStore.js'
import { createAuthorizer, sendError, sendRefusal, tokenOf } from './authorize.js'

export interface SessionsRoutesOptions {
  store: Store
  gatekeeper: Gatekeeper
  registry: RoomRegistry
  secret: string
  /** The origin of the links it returns (sessions/linkOrigin.ts), never the request's Host. */
  linkOrigin: () => string
}

function sendProblems(reply: FastifyReply, problems: SessionProblem[]) {
  return reply.code(400).send({
    code: 'INVALID_SESSION',
    message: 'the session definition has problems',
    problems,
  })
}

/**
 * Sessions and their links, with the same rights as the relay: any link of a session reads its
 * definition; only its organizer lists, mints and revokes links.
 */
export async function sessionsRoutes(
  app: FastifyInstance,
  { store, gatekeeper, registry, secret, linkOrigin }: SessionsRoutesOptions,
): Promise<void> {
  const authorize = createAuthorizer(gatekeeper)
  const describe = (link: Parameters<typeof describeLink>[0]) =>
    describeLink(link, linkOrigin(), secret)

  // Without accounts, the organizers of a server are the holders of an organizer link: any of
  // them may start another session, and receives its links.
  app.post<{ Body: unknown }>('/sessions', async (request, reply) => {
    const admission = gatekeeper.admitOrganizer(tokenOf(request), request.ip)
    if (!admission.ok) return sendRefusal(reply, admission)
    const checked = checkSession(request.body)
    if (!checked.ok) return sendProblems(reply, checked.problems)
    if (await store.getSession(checked.session.id)) {
      return sendError(reply, 409, 'SESSION_EXISTS', `a session "${checked.session.id}" exists`)
    }
    await store.putSession(checked.session)
    const links = (await ensureSessionLinks(store, checked.session)).map(describe)
    return reply.code(201).send({ session: checked.session, links })
  })

  app.get<{ Params: { sessionId: string } }>('/sessions/:sessionId', async (request, reply) => {
    if (!authorize(request, reply, request.params.sessionId)) return reply
    const session = await store.getSession(request.params.sessionId)
    if (!session) return sendError(reply, 404, 'SESSION_NOT_FOUND', 'no such session')
    return session
  })

  // The organizer edits the definition before or during the event; every stored table follows
  // at once, and nothing a table wrote is deleted (reconcileTable).
  app.put<{ Params: { sessionId: string }; Body: unknown }>(
    '/sessions/:sessionId',
    async (request, reply) => {
      const { sessionId } = request.params
      if (!authorize(request, reply, sessionId, ['organizer'])) return reply
      if (!(await store.getSession(sessionId))) {
        return sendError(reply, 404, 'SESSION_NOT_FOUND', 'no such session')
      }
      const checked = checkSession(request.body)
      if (!checked.ok) return sendProblems(reply, checked.problems)
      if (checked.session.id !== sessionId) {
        return sendError(reply, 400, 'SESSION_ID_CHANGED', 'a session keeps its id')
      }
      const session = checked.session
      const tablesChanged = await registry.exclusive(`session:${sessionId}`, async () => {
        await store.putSession(session)
        return registry.reconcileTables(session)
      })
      return { session, tablesChanged }
    },
  )

  app.get<{ Params: { sessionId: string } }>(
    '/sessions/:sessionId/links',
    async (request, reply): Promise<SessionLink[] | FastifyReply> => {
      if (!authorize(request, reply, request.params.sessionId, ['organizer'])) return reply
      const session = await store.getSession(request.params.sessionId)
      if (!session) return sendError(reply, 404, 'SESSION_NOT_FOUND', 'no such session')
      return (await ensureSessionLinks(store, session)).map(describe)
    },
  )

  app.post<{
    Params: { sessionId: string }
    Body: { role?: unknown; table?: unknown; expires?: unknown }
  }>('/sessions/:sessionId/links', async (request, reply) => {
    if (!authorize(request, reply, request.params.sessionId, ['organizer'])) return reply
    const session = await store.getSession(request.params.sessionId)
    if (!session) return sendError(reply, 404, 'SESSION_NOT_FOUND', 'no such session')
    const { role, table, expires } = request.body ?? {}
    if (!ROLES.includes(role as Role)) {
      return sendError(reply, 400, 'BAD_ROLE', `role must be one of ${ROLES.join(', ')}`)
    }
    const tableId = typeof table === 'string' ? table : null
    if (isTableRole(role as Role) !== (tableId !== null)) {
      return sendError(reply, 400, 'BAD_TABLE', 'editor and viewer links name one table')
    }
    if (tableId !== null && !session.tables.some((candidate) => candidate.id === tableId)) {
      return sendError(reply, 400, 'BAD_TABLE', `the session has no table "${tableId}"`)
    }
    const now = Date.now()
    if (expires !== undefined && !(Number.isInteger(expires) && Number(expires) * 1000 > now)) {
      return sendError(reply, 400, 'BAD_EXPIRY', 'expires is a future time in epoch seconds')
    }
    const link = {
      ...createLink(session.id, role as Role, tableId, now),
      expiresAt: expires === undefined ? null : Number(expires),
    }
    await store.putLink(link)
    return reply.code(201).send(describe(link))
  })

  app.post<{ Params: { sessionId: string; linkId: string } }>(
    '/sessions/:sessionId/links/:linkId/revoke',
    async (request, reply) => {
      const { sessionId, linkId } = request.params
      if (!authorize(request, reply, sessionId, ['organizer'])) return reply
      const link = await store.getLink(linkId)
      if (!link || link.sessionId !== sessionId) {
        return sendError(reply, 404, 'LINK_NOT_FOUND', 'the session has no such link')
      }
      const revoked = await store.revokeLink(linkId, Date.now())
      // Closes the link's sockets now rather than at the next poll.
      await gatekeeper.refresh()
      return { id: linkId, revokedAt: revoked?.revokedAt ?? null }
    },
  )
}
