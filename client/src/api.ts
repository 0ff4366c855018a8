import type { Session } from '@tablenotes/shared'

export interface SessionSummary {
  id: string
  title: string
  event?: string
  starts?: string
  tables: number
}

export class NotFoundError extends Error {}

async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(path, { headers: { accept: 'application/json' } })
  if (response.status === 404) throw new NotFoundError(path)
  if (!response.ok) throw new Error(`${path}: ${response.status}`)
  return (await response.json()) as T
}

export const fetchSessions = () => getJson<SessionSummary[]>('/api/sessions')

/**
 * The session's definition, kept on the device too: a table page reloaded with no network must
 * still show its questions and tags. A session the server says does not exist is not kept.
 */
export async function fetchSession(id: string): Promise<Session> {
  const key = `tablenotes:session:${id}`
  try {
    const session = await getJson<Session>(`/api/sessions/${encodeURIComponent(id)}`)
    localStorage.setItem(key, JSON.stringify(session))
    return session
  } catch (error) {
    const kept = localStorage.getItem(key)
    if (kept === null || error instanceof NotFoundError) throw error
    return JSON.parse(kept) as Session
  }
}
