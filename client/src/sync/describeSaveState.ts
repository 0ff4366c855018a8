import { CloseCode } from '@tablenotes/shared'
import { type MessageKey, t } from '../i18n/messages.js'
import type { SaveState } from './saveTracker.js'

export type StatusTone = 'ok' | 'busy' | 'warning' | 'error'

/**
 * The words and tone of the save status, from what the tracker observed; `locked`: the
 * session's round is locked, which is why the server lets this page only read.
 */
export function describeSaveState(
  state: SaveState,
  { locked = false }: { locked?: boolean } = {},
): { text: string; tone: StatusTone } {
  if (state.connection === 'refused')
    return { text: t(refusalMessage(state.refusedCode)), tone: 'error' }
  if (state.connection !== 'connected') {
    if (state.pendingChanges === 1) return { text: t('statusOfflineOneWaiting'), tone: 'warning' }
    if (state.pendingChanges > 1) {
      return { text: t('statusOfflineWaiting', { count: state.pendingChanges }), tone: 'warning' }
    }
    if (state.connection === 'connecting') return { text: t('statusReconnecting'), tone: 'busy' }
    return { text: t('statusOfflineSaved'), tone: 'warning' }
  }
  if (!state.writable && locked) return { text: t('statusLocked'), tone: 'warning' }
  if (!state.writable) return { text: t('statusReadOnly'), tone: 'ok' }
  if (state.savedOnServer) return { text: t('statusSavedServer'), tone: 'ok' }
  if (state.savedOnDevice) return { text: t('statusSavedDevice'), tone: 'busy' }
  return { text: t('statusSaving'), tone: 'busy' }
}

function refusalMessage(code: number | null): MessageKey {
  switch (code) {
    case CloseCode.unauthenticated:
      return 'closedUnauthenticated'
    case CloseCode.forbidden:
      return 'closedForbidden'
    case CloseCode.notFound:
      return 'closedNotFound'
    case CloseCode.revoked:
      return 'closedRevoked'
    case CloseCode.tooMany:
      return 'closedTooMany'
    case CloseCode.messageTooLarge:
      return 'closedTooLarge'
    default:
      return 'closedInvalid'
  }
}
