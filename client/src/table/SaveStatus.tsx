import { useEffect, useState } from 'react'
import { t } from '../i18n/messages.js'
import { describeSaveState } from '../sync/describeSaveState.js'
import type { SaveState, SaveTracker } from '../sync/saveTracker.js'

/** Screen readers hear the status once it has settled, never once per keystroke. */
const ANNOUNCE_AFTER_MS = 1500

export function useSaveState(tracker: SaveTracker): SaveState {
  const [state, setState] = useState(tracker.current)
  useEffect(() => tracker.subscribe(setState), [tracker])
  return state
}

export function SaveStatus({
  tracker,
  locked = false,
}: {
  tracker: SaveTracker
  /** The moderators locked the round: a read-only page says so, not "reading along". */
  locked?: boolean
}) {
  const { text, tone } = describeSaveState(useSaveState(tracker), { locked })
  const [announced, setAnnounced] = useState(text)
  useEffect(() => {
    const timer = setTimeout(() => setAnnounced(text), ANNOUNCE_AFTER_MS)
    return () => clearTimeout(timer)
  }, [text])
  return (
    <div className="save-status">
      <span className={`status-dot status-${tone}`} aria-hidden="true" />
      <span data-testid="save-status" data-tone={tone} aria-hidden="true">
        {text}
      </span>
      <output className="visually-hidden" aria-live="polite">
        {`${t('statusLabel')}: ${announced}`}
      </output>
    </div>
  )
}
