import { CloseCode } from '@tablenotes/shared'
import { interfaceLanguage, type MessageKey, t } from '../i18n/messages.js'
import type { SaveState } from './saveTracker.js'

export type StatusTone = 'ok' | 'busy' | 'warning' | 'error'

/**
 * The words and tone of the save status, from what the tracker observed. Waiting edits are told
 * by when they began, never by a count: people do not think in keystrokes. `now` (epoch ms)
 * decides whether a time needs its date; `locked`: the session's round is locked, which is why
 * the server lets this page only read.
 */
export function describeSaveState(
  state: SaveState,
  { locked = false, now = Date.now() }: { locked?: boolean; now?: number } = {},
): { text: string; tone: StatusTone } {
  if (state.linkEnded === 'expired') return { text: t('closedExpired'), tone: 'error' }
  if (state.connection === 'refused')
    return { text: t(refusalMessage(state.refusedCode)), tone: 'error' }
  if (state.deviceCopyLost) {
    const time = clockTime(state.deviceCopyLost.since, now)
    const key = state.deviceCopyLost.confirmed ? 'statusDeviceCopyLost' : 'statusDeviceCopyMissing'
    return { text: t(key, { time }), tone: 'error' }
  }
  if (state.connection !== 'connected') {
    if (state.unsentSince !== null) {
      const time = clockTime(state.unsentSince, now)
      const key =
        state.connection === 'connecting' ? 'statusReconnectingUnsent' : 'statusOfflineUnsent'
      return { text: t(key, { time }), tone: 'warning' }
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

/**
 * A moment as people read it on a clock, in the interface's language: `14:05` today, with the
 * date on another day.
 */
export function clockTime(at: number, now: number, language = interfaceLanguage()): string {
  const sameDay = new Date(at).toDateString() === new Date(now).toDateString()
  const format = new Intl.DateTimeFormat(
    language,
    sameDay ? { timeStyle: 'short' } : { dateStyle: 'medium', timeStyle: 'short' },
  )
  return format.format(at)
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
