import { askForHelp, type ControlState, isAskingForHelp, SIGNALS_MAP } from '@tablenotes/shared'
import { useEffect, useState } from 'react'
import type * as Y from 'yjs'
import { serverClockReady, serverNow } from '../control/serverClock.js'
import { t } from '../i18n/messages.js'

/** Calls a moderator to the table; the wall shows the call until a moderator answers it. */
export function HelpButton({
  doc,
  control,
  tableId,
  writable,
}: {
  doc: Y.Doc
  control: ControlState
  tableId: string
  writable: boolean
}) {
  const [, setVersion] = useState(0)
  useEffect(() => {
    const signals = doc.getMap(SIGNALS_MAP)
    const changed = () => setVersion((version) => version + 1)
    signals.observe(changed)
    return () => signals.unobserve(changed)
  }, [doc])
  if (isAskingForHelp(doc, control, tableId)) {
    return (
      <p>
        <output className="help-asked" aria-live="polite">
          {t('helpAsked')}
        </output>
      </p>
    )
  }
  if (!writable) return null
  return (
    <p>
      <button
        type="button"
        onClick={() =>
          // The moderator's answer counts if it is later, so both are in server time.
          void serverClockReady().then(() => askForHelp(doc, serverNow()))
        }
      >
        {t('askForHelp')}
      </button>
    </p>
  )
}
