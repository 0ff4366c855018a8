import type { Role } from '@tablenotes/shared'
import type { TestServer } from './startServer.js'
import { mintToken, writerToken } from './tokens.js'

/** The session the page tests open (tests/helpers/fixtures.ts, loaded by every test server). */
export const PAGE_SESSION = 'test-session'

/** The address of table `table`'s page on `server` (any with an `httpUrl`), opened with its edit link. */
export function tablePageUrl(server: Pick<TestServer, 'httpUrl'>, table = 't1'): string {
  return `${server.httpUrl}/s/${PAGE_SESSION}/t/${table}?token=${writerToken(`${PAGE_SESSION}/${table}`)}`
}

/**
 * The address of one of the session's own pages (`moderator` for the wall, `synthesis`), opened
 * with a link of `role` for the whole session.
 */
export function sessionPageUrl(
  server: TestServer,
  page: 'moderator' | 'synthesis',
  role: Extract<Role, 'moderator' | 'rapporteur' | 'organizer'> = 'moderator',
): string {
  return `${server.httpUrl}/s/${PAGE_SESSION}/${page}?token=${mintToken({ sessionId: PAGE_SESSION, role })}`
}

/** The address of the session's own page, where its organizer edits it, opened with an organizer link. */
export function organizerPageUrl(server: Pick<TestServer, 'httpUrl'>): string {
  return `${server.httpUrl}/s/${PAGE_SESSION}?token=${mintToken({ sessionId: PAGE_SESSION, role: 'organizer' })}`
}
