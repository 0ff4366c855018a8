import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import {
  ApiErrorSchema,
  CreatedSessionSchema,
  checkSession,
  EditedSessionSchema,
  isTableRole,
  LinkParamsSchema,
  NewLinkSchema,
  RevokedLinkSchema,
  type SessionLink,
  SessionLinkSchema,
  SessionLinksSchema,
  SessionParamsSchema,
  SessionSchema,
  TokenQuerySchema,
} from '@tablenotes/shared'
import type { FastifyInstance } from 'fastify'
import { reconcileLiveTables } from '../sessions/reconcileLiveTables.js'
import { createLink, describeLink, ensureSessionLinks } from '../sessions/sessionLinks.js'
import {
  BadRequestError,
  ConflictError,
  ErrorCode,
  InvalidSessionError,
  NotFoundError,
} from './errors.js'
import { type ApiRoutesOptions, admitted, organizerAccess, sessionAccess } from './sessionAccess.js'

export interface SessionsRoutesOptions extends ApiRoutesOptions {
  secret: string
  /** The origin of the links it returns (sessions/linkOrigin.ts), never the request's Host. */
  linkOrigin: () => string
}

/**
 * A session definition in a body is read by `checkSession`, not by the route's schema: it
 * reports every problem at once with its field (`INVALID_SESSION`), which the organizer's form
 * shows beside each field.
 */
const SessionBody = Type.Unknown({ description: 'a session definition (SessionSchema)' })

/**
 * Sessions and their links, with the same rights as the relay: any link of a session reads its
 * definition; only its organizer edits it, lists, mints and revokes links.
 */
export async function sessionsRoutes(
  parent: FastifyInstance,
  { store, gatekeeper, registry, secret, linkOrigin }: SessionsRoutesOptions,
): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>()
  const anyLink = sessionAccess(gatekeeper, store)
  const organizer = sessionAccess(gatekeeper, store, ['organizer'])
  const describe = (link: Parameters<typeof describeLink>[0]): SessionLink =>
    describeLink(link, linkOrigin(), secret)

  // Without accounts, the organizers of a server are the holders of an organizer link: any of
  // them may start another session, and receives its links.
  app.post(
    '/sessions',
    {
      onRequest: organizerAccess(gatekeeper),
      schema: {
        querystring: TokenQuerySchema,
        body: SessionBody,
        response: {
          201: CreatedSessionSchema,
          '4xx': ApiErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const checked = checkSession(request.body)
      if (!checked.ok) throw new InvalidSessionError(checked.problems)
      if (await store.getSession(checked.session.id)) {
        throw new ConflictError(ErrorCode.sessionExists, `a session "${checked.session.id}" exists`)
      }
      await store.putSession(checked.session)
      const links = (await ensureSessionLinks(store, checked.session)).map(describe)
      return reply.code(201).send({ session: checked.session, links })
    },
  )

  app.get(
    '/sessions/:sessionId',
    {
      onRequest: anyLink,
      schema: {
        params: SessionParamsSchema,
        querystring: TokenQuerySchema,
        response: { 200: SessionSchema, '4xx': ApiErrorSchema },
      },
    },
    async (request) => admitted(request).session,
  )

  // The organizer edits the definition before or during the event; every stored table follows
  // at once, and nothing a table wrote is deleted (reconcileTable).
  app.put(
    '/sessions/:sessionId',
    {
      onRequest: organizer,
      schema: {
        params: SessionParamsSchema,
        querystring: TokenQuerySchema,
        body: SessionBody,
        response: {
          200: EditedSessionSchema,
          '4xx': ApiErrorSchema,
        },
      },
    },
    async (request) => {
      const { sessionId } = request.params
      const checked = checkSession(request.body)
      if (!checked.ok) throw new InvalidSessionError(checked.problems)
      if (checked.session.id !== sessionId) {
        throw new BadRequestError(ErrorCode.sessionIdChanged, 'a session keeps its id')
      }
      const session = checked.session
      const tablesChanged = await registry.exclusive(`session:${sessionId}`, async () => {
        await store.putSession(session)
        return reconcileLiveTables(registry, store, session)
      })
      return { session, tablesChanged }
    },
  )

  app.get(
    '/sessions/:sessionId/links',
    {
      onRequest: organizer,
      schema: {
        params: SessionParamsSchema,
        querystring: TokenQuerySchema,
        response: { 200: SessionLinksSchema, '4xx': ApiErrorSchema },
      },
    },
    async (request) => (await ensureSessionLinks(store, admitted(request).session)).map(describe),
  )

  app.post(
    '/sessions/:sessionId/links',
    {
      onRequest: organizer,
      schema: {
        params: SessionParamsSchema,
        querystring: TokenQuerySchema,
        body: NewLinkSchema,
        response: { 201: SessionLinkSchema, '4xx': ApiErrorSchema },
      },
    },
    async (request, reply) => {
      const { session } = admitted(request)
      const { role, table = null, expires } = request.body
      if (isTableRole(role) !== (table !== null)) {
        throw new BadRequestError(ErrorCode.badTable, 'editor and viewer links name one table')
      }
      if (table !== null && !session.tables.some((candidate) => candidate.id === table)) {
        throw new BadRequestError(ErrorCode.badTable, `the session has no table "${table}"`)
      }
      const now = Date.now()
      if (expires !== undefined && expires * 1000 <= now) {
        throw new BadRequestError(ErrorCode.badExpiry, 'expires is a future time in epoch seconds')
      }
      const link = { ...createLink(session.id, role, table, now), expiresAt: expires ?? null }
      await store.putLink(link)
      return reply.code(201).send(describe(link))
    },
  )

  app.post(
    '/sessions/:sessionId/links/:linkId/revoke',
    {
      onRequest: organizer,
      schema: {
        params: LinkParamsSchema,
        querystring: TokenQuerySchema,
        response: { 200: RevokedLinkSchema, '4xx': ApiErrorSchema },
      },
    },
    async (request) => {
      const { sessionId, linkId } = request.params
      const link = await store.getLink(linkId)
      if (!link || link.sessionId !== sessionId) {
        throw new NotFoundError(ErrorCode.linkNotFound, 'the session has no such link')
      }
      const revoked = await store.revokeLink(linkId, Date.now())
      // Closes the link's sockets now rather than at the next poll.
      await gatekeeper.refresh()
      return { id: linkId, revokedAt: revoked?.revokedAt ?? null }
    },
  )
}
