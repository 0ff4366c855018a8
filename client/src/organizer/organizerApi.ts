import {
  ApiErrorSchema,
  CreatedSessionSchema,
  EditedSessionSchema,
  RevokedLinkSchema,
  type Session,
  SessionLinksSchema,
  type SessionProblem,
} from '@tablenotes/shared'
import { answerOf, apiRequest, sessionApi } from '../api.js'
import { tokenFor } from '../auth/links.js'

/** A call with the session's organizer link; 400 is answered, with the problems of a definition. */
const call = (
  sessionId: string,
  path: string,
  request: { method?: 'POST' | 'PUT'; body?: unknown } = {},
) =>
  apiRequest(sessionApi(sessionId, path), {
    ...request,
    token: tokenFor(sessionId),
    answers: [400],
  })

/** Every working link of the session; the server mints whatever of the standard set is missing. */
export const listLinks = async (sessionId: string) =>
  answerOf(await call(sessionId, '/links'), SessionLinksSchema)

export const revokeLink = async (sessionId: string, linkId: string) =>
  answerOf(
    await call(sessionId, `/links/${encodeURIComponent(linkId)}/revoke`, { method: 'POST' }),
    RevokedLinkSchema,
  )

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
  // 409: a session of that id (made from the title) exists; the form says so in the title's words.
  if (response.status === 409) return { ok: false, problems: [], exists: true }
  if (response.ok) {
    const { links } = await answerOf(response, CreatedSessionSchema)
    const organizer = links.find((link) => link.role === 'organizer')
    if (!organizer) return { ok: false, problems: [{ field: 'id', message: '' }] }
    const url = new URL(organizer.url)
    return { ok: true, organizerPath: `${url.pathname}${url.search}` }
  }
  return { ok: false, problems: problemsOf(await answerOf(response, ApiErrorSchema)) }
}

/** What a refusal says is wrong: a definition's problems, else its message against the id. */
const problemsOf = (refusal: { message: string; problems?: SessionProblem[] }) =>
  refusal.problems ?? [{ field: 'id', message: refusal.message }]

export type SaveResult =
  | { ok: true; session: Session; tablesChanged: number }
  | { ok: false; problems: SessionProblem[] }

/** Stores a changed definition; every table already written in follows at once. */
export async function saveSession(session: Session): Promise<SaveResult> {
  const response = await call(session.id, '', { method: 'PUT', body: session })
  if (response.status === 400) {
    return { ok: false, problems: problemsOf(await answerOf(response, ApiErrorSchema)) }
  }
  const saved = await answerOf(response, EditedSessionSchema)
  return { ok: true, session: saved.session, tablesChanged: saved.tablesChanged }
}
