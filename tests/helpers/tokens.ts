import { signToken } from '@tablenotes/server'
import { CONTROL_ROOM, type Grant, SYNTHESIS_ROOM } from '@tablenotes/shared'

/** The secret every test server signs with (TABLENOTES_SECRET for server processes). */
export const TEST_SECRET = 'tablenotes-test-secret-0123456789abcdef-0123456789abcdef'

let nextLinkId = 1

/** A token signed with the test secret; not stored as a link, which the relay does not need. */
export function mintToken(grant: Grant, options: { linkId?: string; expires?: number } = {}) {
  return signToken(TEST_SECRET, {
    ...grant,
    linkId: options.linkId ?? `test-link-${nextLinkId++}`,
    ...(options.expires !== undefined ? { expires: options.expires } : {}),
  })
}

/** A token that may write `room` (`<sessionId>/<roomId>`): a table editor's, or an organizer's. */
export function writerToken(room: string): string {
  const [sessionId = '', roomId = ''] = room.split('/')
  if (roomId === CONTROL_ROOM || roomId === SYNTHESIS_ROOM) {
    return mintToken({ sessionId, role: 'organizer' })
  }
  return mintToken({ sessionId, role: 'editor', tableId: roomId })
}

/** `base/<room>?token=…`, the URL the stock client opens for `room` (which may carry a query). */
export function roomUrl(collabUrl: string, path: string, token?: string): string {
  const [room = '', query] = path.split('?')
  const params = new URLSearchParams(query)
  params.set('token', token ?? writerToken(room))
  return `${collabUrl}/${room}?${params}`
}
