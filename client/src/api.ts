import type { Session } from '@tablenotes/shared'
import { tokenFor } from './auth/links.js'

export class NotFoundError extends Error {}

/** The server refused the page's link (401 invalid, 403 not for this, 410 revoked, 429). */
export class AccessError extends Error {
  constructor(readonly status: number) {
    super(`access refused: ${status}`)
  }
}

async function getJson<T>(path: string, token: string | null): Promise<T> {
  const response = await fetch(path, {
    headers: {
      accept: 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
  })
  if (response.status === 404) throw new NotFoundError(path)
  if ([401, 403, 410, 429].includes(response.status)) throw new AccessError(response.status)
  if (!response.ok) throw new Error(`${path}: ${response.status}`)
  return (await response.json()) as T
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
    const session = await getJson<Session>(`/api/sessions/${encodeURIComponent(id)}`, tokenFor(id))
    localStorage.setItem(sessionKey(id), JSON.stringify(session))
    return session
  } catch (error) {
    const kept = keptSession(id)
    if (kept === null || error instanceof NotFoundError || error instanceof AccessError) throw error
    return kept
  }
}
