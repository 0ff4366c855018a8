import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react'
import type { ConfirmEmptying } from '../editor/protectStructure.js'
import { t } from '../i18n/messages.js'
import { ModalDialog } from '../ModalDialog.js'

interface Question {
  answers: number
  settle: (confirmed: boolean) => void
}

/**
 * The question the editor asks before one change empties several written answers, as a modal
 * `<dialog>` with role `alertdialog` (WAI-ARIA APG "Alert and Message Dialogs": a modal that
 * interrupts to confirm a destructive action). The focus starts on the safe choice, Escape
 * cancels. Returns `confirm` (stable, for the editor's options) and the dialog to render.
 */
export function useConfirmEmptying(): { confirm: ConfirmEmptying; dialog: ReactNode } {
  const [question, setQuestion] = useState<Question | null>(null)
  const open = useRef<Question | null>(null)
  const confirm = useCallback<ConfirmEmptying>(
    (answers) =>
      new Promise<boolean>((resolve) => {
        // A second question while one is open (a key repeat): the first one is the one asked.
        if (open.current) return resolve(false)
        const asked: Question = {
          answers,
          settle: (confirmed) => {
            open.current = null
            setQuestion(null)
            resolve(confirmed)
          },
        }
        open.current = asked
        setQuestion(asked)
      }),
    [],
  )
  const dialog = question && <EmptyingDialog question={question} />
  return { confirm, dialog }
}

function EmptyingDialog({ question }: { question: Question }) {
  const ref = useRef<HTMLDialogElement>(null)
  useEffect(() => {
    const element = ref.current
    if (!element) return
    element.showModal()
    return () => element.close()
  }, [])
  return (
    <ModalDialog
      ref={ref}
      className="confirm-dialog"
      role="alertdialog"
      aria-labelledby="emptying-title"
      aria-describedby="emptying-text"
      onCancel={() => question.settle(false)}
    >
      <h2 id="emptying-title">{t('emptyAnswersTitle', { count: question.answers })}</h2>
      <p id="emptying-text">{t('emptyAnswersText', { count: question.answers })}</p>
      <div className="dialog-buttons">
        {/* biome-ignore lint/a11y/noAutofocus: an alert dialog starts on its safe choice */}
        <button type="button" autoFocus onClick={() => question.settle(false)}>
          {t('emptyAnswersKeep')}
        </button>
        <button type="button" className="danger" onClick={() => question.settle(true)}>
          {t('emptyAnswersConfirm', { count: question.answers })}
        </button>
      </div>
    </ModalDialog>
  )
}
