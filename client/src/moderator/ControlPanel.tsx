import {
  addMinutes,
  announce,
  type ControlState,
  MAX_ANNOUNCEMENT_LENGTH,
  pauseCountdown,
  resumeCountdown,
  setLocked,
  startCountdown,
} from '@tablenotes/shared'
import { type FormEvent, useState } from 'react'
import type * as Y from 'yjs'
import { serverClockReady, serverNow } from '../control/serverClock.js'
import { t } from '../i18n/messages.js'

/**
 * Writes to the session's clock in server time, once the page knows its offset: a deadline
 * written from this device's clock would be off by whatever that clock is off.
 */
function onServerClock(write: (now: number) => void): void {
  void serverClockReady().then(() => write(serverNow()))
}

/** The moderators' controls: the clock, announcements to every table, and the round lock. */
export function ControlPanel({ control, doc }: { control: ControlState; doc: Y.Doc }) {
  const [minutes, setMinutes] = useState('15')
  const [message, setMessage] = useState('')
  const running = control.countdown !== null && control.countdown.endsAt !== null
  const start = (event: FormEvent) => {
    event.preventDefault()
    const value = Number(minutes)
    if (Number.isFinite(value) && value > 0) onServerClock((now) => startCountdown(doc, value, now))
  }
  const send = (event: FormEvent) => {
    event.preventDefault()
    if (message.trim() === '') return
    const text = message.trim()
    onServerClock((now) => announce(doc, text, now, crypto.randomUUID()))
    setMessage('')
  }
  return (
    <section className="control-panel" aria-label={t('sessionControl')}>
      <form onSubmit={start} className="inline-form">
        <label>
          {t('countdownMinutesLabel')}{' '}
          <input
            type="number"
            min="1"
            max="600"
            value={minutes}
            onChange={(event) => setMinutes(event.target.value)}
          />
        </label>
        <button type="submit">{t('startCountdown')}</button>
        {control.countdown && (
          <button
            type="button"
            onClick={() =>
              onServerClock((now) =>
                running ? pauseCountdown(doc, now) : resumeCountdown(doc, now),
              )
            }
          >
            {running ? t('pauseCountdown') : t('resumeCountdown')}
          </button>
        )}
        <button type="button" onClick={() => onServerClock((now) => addMinutes(doc, 1, now))}>
          {t('addMinutes', { count: 1 })}
        </button>
        <button type="button" onClick={() => onServerClock((now) => addMinutes(doc, 5, now))}>
          {t('addMinutes', { count: 5 })}
        </button>
      </form>
      <form onSubmit={send} className="inline-form">
        <label>
          {t('announcementLabel')}{' '}
          <input
            value={message}
            dir="auto"
            maxLength={MAX_ANNOUNCEMENT_LENGTH}
            onChange={(event) => setMessage(event.target.value)}
          />
        </label>
        <button type="submit">{t('sendAnnouncement')}</button>
      </form>
      <p>
        <button
          type="button"
          aria-pressed={control.locked}
          onClick={() => setLocked(doc, !control.locked)}
        >
          {control.locked ? t('unlockRound') : t('lockRound')}
        </button>
      </p>
    </section>
  )
}
