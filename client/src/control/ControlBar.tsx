import type { ControlState } from '@tablenotes/shared'
import { t } from '../i18n/messages.js'
import { useRemaining } from './useControl.js'

export function formatRemaining(ms: number): string {
  const seconds = Math.ceil(ms / 1000)
  const minutes = Math.floor(seconds / 60)
  return `${minutes}:${String(seconds % 60).padStart(2, '0')}`
}

/**
 * The session's clock and latest announcement, as every page of the session shows them. The
 * clock ticks visibly every second but is announced to screen readers once a minute, and the
 * announcement once, politely. The lock is told to its `audience`: a table is told it waits for
 * the moderators, the moderators (the wall) that they are the ones who unlock it.
 */
export function ControlBar({
  control,
  audience = 'table',
}: {
  control: ControlState
  audience?: 'table' | 'moderators'
}) {
  const left = useRemaining(control.countdown)
  const latest = control.announcements.at(-1)
  const paused = control.countdown !== null && control.countdown.endsAt === null
  const spokenMinutes = left === null ? null : Math.ceil(left / 60_000)
  if (left === null && !latest && !control.locked) return null
  return (
    <div className="control-bar">
      {left !== null && (
        <p className={`countdown${left === 0 ? ' countdown-over' : ''}`}>
          <span aria-hidden="true" data-testid="countdown">
            {formatRemaining(left)}
            {paused ? ` · ${t('countdownPaused')}` : ''}
          </span>
          <output className="visually-hidden" aria-live="polite">
            {left === 0 ? t('countdownOver') : t('countdownMinutes', { count: spokenMinutes ?? 0 })}
          </output>
        </p>
      )}
      {latest && (
        <output className="announcement" aria-live="polite" data-testid="announcement" dir="auto">
          {latest.text}
        </output>
      )}
      {control.locked && (
        <output className="locked-note" aria-live="polite" data-testid="locked-note">
          {t(audience === 'moderators' ? 'roundLockedModerators' : 'roundLocked')}
        </output>
      )}
    </div>
  )
}
