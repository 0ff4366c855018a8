import { askForHelp, type ControlState, isAskingForHelp, SIGNALS_MAP } from '@tablenotes/shared'
import { useEffect, useState } from 'react'
import type * as Y from 'yjs'
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
      <button type="button" onClick={() => askForHelp(doc, Date.now())}>
        {t('askForHelp')}
      </button>
    </p>
  )
}
