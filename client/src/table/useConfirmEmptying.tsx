import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react'
import type { ConfirmEmptying, EmptyingAnswer } from '../editor/protectStructure.js'
import { t } from '../i18n/messages.js'
import { ModalDialog } from '../ModalDialog.js'

interface Question {
  answers: number
  /** Asked again: someone wrote in the answers while the first question was open. */
  again: boolean
  /** Text typed while the dialog is open, kept for the editor. */
  typed: string
  settle: (confirmed: boolean) => void
}

/**
 * The question the editor asks before one change empties several written answers, as a modal
 * `<dialog>` with role `alertdialog` (WAI-ARIA APG "Alert and Message Dialogs": a modal that
 * interrupts to confirm a destructive action). The focus starts on the safe choice, Escape
 * cancels. A person typing over a selection goes on typing after the first key opened it: the
 * keys that would write text (Space too, which would press the focused button) are kept for the
 * editor instead, so no keystroke is lost and none answers the question by chance. Returns
 * `confirm` (stable, for the editor's options) and the dialog to render.
 */
export function useConfirmEmptying(): { confirm: ConfirmEmptying; dialog: ReactNode } {
  const [question, setQuestion] = useState<Question | null>(null)
  const open = useRef<Question | null>(null)
  const confirm = useCallback<ConfirmEmptying>(
    (answers, again = false) =>
      new Promise<EmptyingAnswer>((resolve) => {
        // A second question while one is open (a key repeat): the first one is the one asked.
        if (open.current) return resolve({ confirmed: false, typed: '' })
        const asked: Question = {
          answers,
          again,
          typed: '',
          settle: (confirmed) => {
            open.current = null
            setQuestion(null)
            resolve({ confirmed, typed: asked.typed })
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
      aria-describedby={question.again ? 'emptying-again emptying-text' : 'emptying-text'}
      onCancel={() => question.settle(false)}
      onKeyDown={(event) => {
        if (event.key.length !== 1 || event.ctrlKey || event.metaKey || event.altKey) return
        event.preventDefault()
        question.typed += event.key
      }}
    >
      <h2 id="emptying-title">{t('emptyAnswersTitle', { count: question.answers })}</h2>
      {question.again && (
        <p id="emptying-again" className="dialog-warning">
          {t('emptyAnswersChanged')}
        </p>
      )}
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
