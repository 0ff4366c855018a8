import { ROLES, type Role, type Session, type TokenClaims } from '@tablenotes/shared'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Gatekeeper } from '../auth/Gatekeeper.js'
import type { RoomRegistry } from '../rooms/RoomRegistry.js'
import type { Store } from '../storage/DocStore.js'
import { AccessRefusedError, ErrorCode, NotFoundError } from './errors.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller's token claims, once a route's access hook admitted the request; else null. */
    claims: TokenClaims | null
    /** The session `:sessionId` names, loaded by the same hook; else null. */
    session: Session | null
  }
}

/** What app.ts registers each feature's `/api/sessions/:sessionId/…` routes with. */
export interface ApiRoutesOptions {
  store: Store
  gatekeeper: Gatekeeper
  registry: RoomRegistry
}

/**
 * Gives every request `claims` and `session`, null until an access hook sets them (Fastify wants
 * a decorator in its final shape before the first request). Called once, on the root instance.
 */
export function decorateSessionAccess(app: FastifyInstance): void {
  app.decorateRequest('claims', null)
  app.decorateRequest('session', null)
}

/** The token of a request: `Authorization: Bearer <token>`, or `?token=` as in a link. */
export function tokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length).trim()
  const { token } = request.query as { token?: unknown }
  return typeof token === 'string' ? token : undefined
}

/**
 * A route hook for `/api/sessions/:sessionId…` with the relay's rules: the link must work
 * (401 a missing, forged or expired token, 410 revoked, 429 too many failures from the address:
 * Gatekeeper), be for this session and carry one of `roles` (403), and the session must exist
 * (404 `SESSION_NOT_FOUND`); then `request.claims` and `request.session` are set.
 *
 * It is an `onRequest` hook, the first of a route's stages, so that a caller without a working
 * link learns nothing from the body's parsing (its type, size and syntax: 415, 413, 400) or the
 * schema checks that follow, nor makes the server read the body: refusals come in the order
 * 401/403/410/429, 404, then 400, 413, 415. Params and query are already parsed then.
 */
export function sessionAccess(
  gatekeeper: Gatekeeper,
  store: Store,
  roles: readonly Role[] = ROLES,
) {
  return async (request: FastifyRequest): Promise<void> => {
    const { sessionId } = request.params as { sessionId: string }
    const admission = gatekeeper.admitSession(tokenOf(request), sessionId, request.ip)
    if (!admission.ok) throw new AccessRefusedError(admission.reason, admission.code)
    if (!roles.includes(admission.claims.role)) {
      throw new AccessRefusedError(`this ${admission.claims.role} link cannot do this`)
    }
    const session = await store.getSession(sessionId)
    if (!session) throw new NotFoundError(ErrorCode.sessionNotFound, 'no such session')
    request.claims = admission.claims
    request.session = session
  }
}

/**
 * A route hook for `POST /api/sessions`: without accounts, the organizers of a server are the
 * holders of an organizer link of any session. Sets `request.claims`.
 */
export function organizerAccess(gatekeeper: Gatekeeper) {
  return async (request: FastifyRequest): Promise<void> => {
    const admission = gatekeeper.admitOrganizer(tokenOf(request), request.ip)
    if (!admission.ok) throw new AccessRefusedError(admission.reason, admission.code)
    request.claims = admission.claims
  }
}

/**
 * The claims and session a `sessionAccess` hook set on `request`. Throws if the route has no
 * such hook: a programming error, answered 500.
 */
export function admitted(request: FastifyRequest): { claims: TokenClaims; session: Session } {
  const { claims, session } = request
  if (!claims || !session)
    throw new Error(`${request.routeOptions.url}: route has no sessionAccess hook`)
  return { claims, session }
}
