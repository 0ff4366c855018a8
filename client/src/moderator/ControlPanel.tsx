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
import { t } from '../i18n/messages.js'

/** The moderators' controls: the clock, announcements to every table, and the round lock. */
export function ControlPanel({ control, doc }: { control: ControlState; doc: Y.Doc }) {
  const [minutes, setMinutes] = useState('15')
  const [message, setMessage] = useState('')
  const running = control.countdown !== null && control.countdown.endsAt !== null
  const start = (event: FormEvent) => {
    event.preventDefault()
    const value = Number(minutes)
    if (Number.isFinite(value) && value > 0) startCountdown(doc, value, Date.now())
  }
  const send = (event: FormEvent) => {
    event.preventDefault()
    if (message.trim() === '') return
    announce(doc, message.trim(), Date.now(), crypto.randomUUID())
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
              running ? pauseCountdown(doc, Date.now()) : resumeCountdown(doc, Date.now())
            }
          >
            {running ? t('pauseCountdown') : t('resumeCountdown')}
          </button>
        )}
        <button type="button" onClick={() => addMinutes(doc, 1, Date.now())}>
          {t('addMinutes', { count: 1 })}
        </button>
        <button type="button" onClick={() => addMinutes(doc, 5, Date.now())}>
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
