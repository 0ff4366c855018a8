import { CloseCode, ROLES, type Role, type TokenClaims } from '@tablenotes/shared'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Gatekeeper } from '../auth/Gatekeeper.js'

/** The HTTP status and error code for each refusal of the gatekeeper. */
const REFUSALS: Record<number, { status: number; code: string }> = {
  [CloseCode.unauthenticated]: { status: 401, code: 'UNAUTHENTICATED' },
  [CloseCode.forbidden]: { status: 403, code: 'FORBIDDEN' },
  [CloseCode.revoked]: { status: 410, code: 'LINK_REVOKED' },
  [CloseCode.tooMany]: { status: 429, code: 'TOO_MANY_ATTEMPTS' },
}

/** The token of a request: `Authorization: Bearer <token>`, or `?token=` as in a link. */
export function tokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length).trim()
  const { token } = request.query as { token?: unknown }
  return typeof token === 'string' ? token : undefined
}

export function sendError(reply: FastifyReply, status: number, code: string, message: string) {
  return reply.code(status).send({ code, message })
}

export function sendRefusal(reply: FastifyReply, admission: { code: number; reason: string }) {
  const refusal = REFUSALS[admission.code] ?? { status: 403, code: 'FORBIDDEN' }
  return sendError(reply, refusal.status, refusal.code, admission.reason)
}

/**
 * The API's check, the relay's rules: the caller's claims for `sessionId` if their link works
 * and has one of `roles`, or null once the refusal has been sent.
 */
export function createAuthorizer(gatekeeper: Gatekeeper) {
  return (
    request: FastifyRequest,
    reply: FastifyReply,
    sessionId: string,
    roles: readonly Role[] = ROLES,
  ): TokenClaims | null => {
    const admission = gatekeeper.admitSession(tokenOf(request), sessionId, request.ip)
    if (!admission.ok) {
      void sendRefusal(reply, admission)
      return null
    }
    if (!roles.includes(admission.claims.role)) {
      void sendError(reply, 403, 'FORBIDDEN', `a ${admission.claims.role} link cannot do this`)
      return null
    }
    return admission.claims
  }
}
