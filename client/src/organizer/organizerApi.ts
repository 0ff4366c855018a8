import type { Session, SessionLink, SessionProblem } from '@tablenotes/shared'
import { apiRequest, sessionApi } from '../api.js'
import { tokenFor } from '../auth/links.js'

async function call<T>(
  sessionId: string,
  path: string,
  request: { method?: 'POST' | 'PUT'; body?: unknown } = {},
): Promise<T> {
  const response = await apiRequest(sessionApi(sessionId, path), {
    ...request,
    token: tokenFor(sessionId),
    answers: [400],
  })
  return (await response.json()) as T
}

/** Every working link of the session; the server mints whatever of the standard set is missing. */
export const listLinks = (sessionId: string) => call<SessionLink[]>(sessionId, '/links')

export const revokeLink = (sessionId: string, linkId: string) =>
  call<{ id: string }>(sessionId, `/links/${encodeURIComponent(linkId)}/revoke`, { method: 'POST' })

/**
 * Starts a session with the organizer link of another; answers with the new organizer link's
 * path and query, to open on this page's own origin (the link's origin is the server's
 * PUBLIC_URL or its own address, which this browser may reach by another name).
 */
export async function createSession(
  session: Session,
  organizerToken: string,
): Promise<
  { ok: true; organizerPath: string } | { ok: false; problems: SessionProblem[]; exists?: boolean }
> {
  const response = await apiRequest('/api/sessions', {
    token: organizerToken,
    method: 'POST',
    body: session,
    answers: 'all',
  })
  const body = (await response.json()) as {
    links?: SessionLink[]
    problems?: SessionProblem[]
    message?: string
  }
  const organizer = body.links?.find((link) => link.role === 'organizer')
  if (response.ok && organizer) {
    const url = new URL(organizer.url)
    return { ok: true, organizerPath: `${url.pathname}${url.search}` }
  }
  // 409: a session of that id (made from the title) exists; the form says so in the title's words.
  if (response.status === 409) return { ok: false, problems: [], exists: true }
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
  }>(session.id, '', { method: 'PUT', body: session })
  if (body.problems) return { ok: false, problems: body.problems }
  return { ok: true, session: body.session as Session, tablesChanged: body.tablesChanged ?? 0 }
}
