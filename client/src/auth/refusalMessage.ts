import { AccessError } from '../api.js'
import type { MessageKey } from '../i18n/messages.js'

/** The words for a page the server would not open: its link is missing, invalid or revoked. */
export function refusalMessage(error: unknown): MessageKey {
  if (!(error instanceof AccessError)) return 'loadFailed'
  switch (error.status) {
    case 401:
      return 'closedUnauthenticated'
    case 403:
      return 'sessionForbidden'
    case 410:
      return 'closedRevoked'
    default:
      return 'closedTooMany'
  }
}
