import type { Session, SessionLink, SessionProblem } from '@tablenotes/shared'
import { AccessError } from '../api.js'
import { tokenFor } from '../auth/links.js'

async function call<T>(sessionId: string, path: string, init: RequestInit = {}): Promise<T> {
  const token = tokenFor(sessionId)
  const response = await fetch(`/api/sessions/${encodeURIComponent(sessionId)}${path}`, {
    ...init,
    headers: {
      accept: 'application/json',
      ...(init.body ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
  })
  if ([401, 403, 410, 429].includes(response.status)) throw new AccessError(response.status)
  const body = (await response.json()) as T
  if (!response.ok && response.status !== 400) throw new Error(`${path}: ${response.status}`)
  return body
}

/** Every working link of the session; the server mints whatever of the standard set is missing. */
export const listLinks = (sessionId: string) => call<SessionLink[]>(sessionId, '/links')

export const revokeLink = (sessionId: string, linkId: string) =>
  call<{ id: string }>(sessionId, `/links/${encodeURIComponent(linkId)}/revoke`, { method: 'POST' })

/** Starts a session with the organizer link of another; answers with the new organizer link. */
export async function createSession(
  session: Session,
  organizerToken: string,
): Promise<{ ok: true; organizerUrl: string } | { ok: false; problems: SessionProblem[] }> {
  const response = await fetch('/api/sessions', {
    method: 'POST',
    headers: {
      accept: 'application/json',
      'content-type': 'application/json',
      authorization: `Bearer ${organizerToken}`,
    },
    body: JSON.stringify(session),
  })
  if ([401, 403, 410, 429].includes(response.status)) throw new AccessError(response.status)
  const body = (await response.json()) as {
    links?: SessionLink[]
    problems?: SessionProblem[]
    message?: string
  }
  const organizer = body.links?.find((link) => link.role === 'organizer')
  if (response.ok && organizer) return { ok: true, organizerUrl: organizer.url }
  return { ok: false, problems: body.problems ?? [{ field: 'id', message: body.message ?? '' }] }
}

export type SaveResult =
  | { ok: true; session: Session; tablesChanged: number }
  | { ok: false; problems: SessionProblem[] }

/** Stores a changed definition; every table already written in follows at once. */
export async function saveSession(session: Session): Promise<SaveResult> {
  const body = await call<{
    session?: Session
    tablesChanged?: number
    problems?: SessionProblem[]
  }>(session.id, '', { method: 'PUT', body: JSON.stringify(session) })
  if (body.problems) return { ok: false, problems: body.problems }
  return { ok: true, session: body.session as Session, tablesChanged: body.tablesChanged ?? 0 }
}
