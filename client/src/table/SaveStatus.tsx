import { useEffect, useState } from 'react'
import { interfaceLanguage, t } from '../i18n/messages.js'
import { describeSaveState } from '../sync/describeSaveState.js'
import type { SaveState, SaveTracker } from '../sync/saveTracker.js'

/** Screen readers hear the status once it has settled, never once per keystroke. */
const ANNOUNCE_AFTER_MS = 1500

/** The tracker's state, re-rendering on every change. */
export function useSaveState(tracker: SaveTracker): SaveState {
  const [state, setState] = useState(tracker.current)
  useEffect(() => tracker.subscribe(setState), [tracker])
  return state
}

/**
 * The save status in the page's header, shown at once and announced to screen readers once it
 * settles. A loss of the device's copy stays until the person says they read it.
 */
export function SaveStatus({
  tracker,
  locked = false,
}: {
  tracker: SaveTracker
  /** The moderators locked the round: a read-only page says so, not "reading along". */
  locked?: boolean
}) {
  const state = useSaveState(tracker)
  const { text, tone } = describeSaveState(state, { locked })
  const language = interfaceLanguage()
  const [settled, setSettled] = useState({ text, language })
  useEffect(() => {
    const timer = setTimeout(() => setSettled({ text, language }), ANNOUNCE_AFTER_MS)
    return () => clearTimeout(timer)
  }, [text, language])
  // Words of another language are not left for a screen reader: after a switch, the status as
  // it is, in the new one.
  const announced = settled.language === language ? settled.text : text
  return (
    <div className="save-status">
      <span className={`status-dot status-${tone}`} aria-hidden="true" />
      <span data-testid="save-status" data-tone={tone} aria-hidden="true">
        {text}
      </span>
      {state.deviceCopyLost && (
        <button
          type="button"
          className="link-button"
          onClick={() => tracker.dismissDeviceCopyLost()}
        >
          {t('dismissNotice')}
        </button>
      )}
      <output className="visually-hidden" aria-live="polite">
        {`${t('statusLabel')}: ${announced}`}
      </output>
    </div>
  )
}
