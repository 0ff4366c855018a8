import type { Static, TSchema } from '@sinclair/typebox'
import { type Session, SessionSchema } from '@tablenotes/shared'
import { tokenFor } from './auth/links.js'

export class NotFoundError extends Error {}

/** The server refused the page's link (401 invalid, 403 not for this, 410 revoked, 429). */
export class AccessError extends Error {
  constructor(readonly status: number) {
    super(`access refused: ${status}`)
  }
}

export interface ApiRequest {
  /** The link's token, sent as `Authorization: Bearer`; null sends none. */
  token: string | null
  method?: 'GET' | 'POST' | 'PUT'
  /** Sent as JSON. */
  body?: unknown
  /** Error statuses the caller reads itself (e.g. 400 with the problems of a definition). */
  answers?: readonly number[] | 'all'
}

/** `/api/sessions/<id><rest>`. */
export const sessionApi = (sessionId: string, rest = '') =>
  `/api/sessions/${encodeURIComponent(sessionId)}${rest}`

/**
 * Every call of the page to the API goes through here: the link's token as a bearer, a refused
 * link as AccessError, a missing thing as NotFoundError, other errors thrown unless `answers`
 * says the caller reads them.
 */
export async function apiRequest(path: string, request: ApiRequest): Promise<Response> {
  const response = await fetch(path, {
    method: request.method ?? 'GET',
    headers: {
      accept: 'application/json',
      ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(request.token ? { authorization: `Bearer ${request.token}` } : {}),
    },
    ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
  })
  if ([401, 403, 410, 429].includes(response.status)) throw new AccessError(response.status)
  if (response.ok) return response
  const answered = request.answers === 'all' || request.answers?.includes(response.status)
  if (answered) return response
  if (response.status === 404) throw new NotFoundError(path)
  throw new Error(`${path}: ${response.status}`)
}

/**
 * An answer's JSON, typed by the schema its route declares (`shared/src/schemas/apiSchemas.ts`):
 * the server writes every answer through that schema, so the page and the server agree on its
 * shape from one source. Not checked again here; readers that must tolerate an older or another
 * server (the clock, the limits) check the fields they use.
 */
export async function answerOf<S extends TSchema>(
  response: Response,
  _schema: S,
): Promise<Static<S>> {
  return (await response.json()) as Static<S>
}

const sessionKey = (id: string) => `tablenotes:session:${id}`

/** The session's definition as this device last saw it, if it has. */
export function keptSession(id: string): Session | null {
  const kept = localStorage.getItem(sessionKey(id))
  return kept === null ? null : (JSON.parse(kept) as Session)
}

/**
 * The session's definition, kept on the device too: a table page reloaded with no network must
 * still show its questions and tags. A session the server says does not exist, or refuses to
 * show, is not served from the device.
 */
export async function fetchSession(id: string): Promise<Session> {
  try {
    const response = await apiRequest(sessionApi(id), { token: tokenFor(id) })
    const session = await answerOf(response, SessionSchema)
    localStorage.setItem(sessionKey(id), JSON.stringify(session))
    return session
  } catch (error) {
    const kept = keptSession(id)
    if (kept === null || error instanceof NotFoundError || error instanceof AccessError) throw error
    return kept
  }
}
