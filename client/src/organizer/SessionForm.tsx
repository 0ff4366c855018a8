import type { Question, Session, SessionProblem } from '@tablenotes/shared'
import { type FormEvent, useState } from 'react'
import { t } from '../i18n/messages.js'
import { saveSession } from './organizerApi.js'
import { SessionFileField, SessionProblems } from './SessionFileField.js'

/**
 * A new question's or table's id. Never a counter: table documents keep the sections of removed
 * questions under their old ids, and a new question that reused one would inherit its notes.
 */
function newId(prefix: string): string {
  return `${prefix}-${crypto.randomUUID().slice(0, 8)}`
}

const PART_IDS = 'abcdefghijklmnopqrstuvwxyz'

/** Parts are labelled a, b, c…: the first letter neither the saved nor the edited question uses. */
function newPartId(saved: Question | undefined, edited: Question): string {
  const used = new Set([...(saved?.parts ?? []), ...(edited.parts ?? [])].map((part) => part.id))
  return [...PART_IDS].find((letter) => !used.has(letter)) ?? newId('p')
}

/** A copy of `items` in which the one at `index` has `change` applied; the others are the same. */
function changedAt<T>(items: readonly T[], index: number, change: Partial<T>): T[] {
  return items.map((item, at) => (at === index ? { ...item, ...change } : item))
}

type Status =
  | { kind: 'idle' }
  | { kind: 'saved'; tables: number }
  | { kind: 'problems'; problems: SessionProblem[] }
  | { kind: 'failed' }

/**
 * Edits the session's title, questions and tables, or replaces them from a YAML or JSON file.
 * Saving changes every table already written in at once; notes under a removed question stay,
 * as other notes, so nothing a table wrote is lost.
 */
export function SessionForm({
  session,
  onSaved,
}: {
  session: Session
  onSaved: (session: Session) => void
}) {
  const [draft, setDraft] = useState<Session>(session)
  const [status, setStatus] = useState<Status>({ kind: 'idle' })
  // The last question removed, until it is put back or another goes: removing is one click.
  const [removed, setRemoved] = useState<{ question: Question; index: number } | null>(null)
  const removeQuestion = (index: number) => {
    const question = draft.questions[index]
    if (!question) return
    setDraft({ ...draft, questions: draft.questions.filter((_, at) => at !== index) })
    setRemoved({ question, index })
  }
  const undoRemove = () => {
    if (!removed) return
    const questions = [...draft.questions]
    questions.splice(Math.min(removed.index, questions.length), 0, removed.question)
    setDraft({ ...draft, questions })
    setRemoved(null)
  }
  const setQuestion = (index: number, change: Partial<Question>) =>
    setDraft({ ...draft, questions: changedAt(draft.questions, index, change) })
  const addQuestion = () =>
    setDraft({ ...draft, questions: [...draft.questions, { id: newId('q'), text: '' }] })
  const setTableName = (index: number, name: string) =>
    setDraft({ ...draft, tables: changedAt(draft.tables, index, { name }) })
  const addTable = () =>
    setDraft({ ...draft, tables: [...draft.tables, { id: newId('table'), name: '' }] })

  const replaceFromFile = (replacement: Session) => {
    if (replacement.id !== session.id) {
      return setStatus({
        kind: 'problems',
        problems: [{ field: 'id', message: t('fileOtherSession', { id: replacement.id }) }],
      })
    }
    setDraft(replacement)
    setStatus({ kind: 'idle' })
  }
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    try {
      const result = await saveSession(draft)
      if (!result.ok) return setStatus({ kind: 'problems', problems: result.problems })
      setStatus({ kind: 'saved', tables: result.tablesChanged })
      onSaved(result.session)
    } catch {
      setStatus({ kind: 'failed' })
    }
  }

  return (
    <section aria-labelledby="edit-title">
      <h2 id="edit-title">{t('editSession')}</h2>
      <p className="hint">{t('editSessionHelp')}</p>
      <form onSubmit={(event) => void submit(event)} className="session-form">
        <label className="field">
          {t('sessionTitleLabel')}
          <input
            value={draft.title}
            dir="auto"
            onChange={(event) => setDraft({ ...draft, title: event.target.value })}
          />
        </label>
        <fieldset>
          <legend>{t('questionsLabel')}</legend>
          <ol>
            {draft.questions.map((question, index) => (
              <li key={question.id}>
                <textarea
                  rows={1}
                  value={question.text}
                  dir="auto"
                  aria-label={t('questionLabel', { number: index + 1 })}
                  onChange={(event) => setQuestion(index, { text: event.target.value })}
                />
                <button type="button" onClick={() => removeQuestion(index)}>
                  {t('removeQuestion', { number: index + 1 })}
                </button>
                <ul>
                  {(question.parts ?? []).map((part, partIndex) => (
                    <li key={part.id}>
                      <textarea
                        rows={1}
                        value={part.text}
                        dir="auto"
                        aria-label={t('partLabel', { number: index + 1, part: part.id })}
                        onChange={(event) =>
                          setQuestion(index, {
                            parts: changedAt(question.parts ?? [], partIndex, {
                              text: event.target.value,
                            }),
                          })
                        }
                      />
                      <button
                        type="button"
                        onClick={() =>
                          setQuestion(index, {
                            parts: (question.parts ?? []).filter((_, at) => at !== partIndex),
                          })
                        }
                      >
                        {t('removePart', { number: index + 1, part: part.id })}
                      </button>
                    </li>
                  ))}
                </ul>
                <button
                  type="button"
                  onClick={() => {
                    const saved = session.questions.find((each) => each.id === question.id)
                    const id = newPartId(saved, question)
                    setQuestion(index, { parts: [...(question.parts ?? []), { id, text: '' }] })
                  }}
                >
                  {t('addPart', { number: index + 1 })}
                </button>
              </li>
            ))}
          </ol>
          {removed && (
            <p className="removed-note">
              <output>{t('questionRemoved', { prompt: removed.question.text })}</output>{' '}
              <button type="button" onClick={undoRemove}>
                {t('undoRemoveQuestion')}
              </button>
            </p>
          )}
          <button type="button" onClick={addQuestion}>
            {t('addQuestion')}
          </button>
        </fieldset>
        <fieldset>
          <legend>{t('tablesLabel')}</legend>
          <ul>
            {draft.tables.map((table, index) => (
              <li key={table.id}>
                <input
                  value={table.name}
                  dir="auto"
                  aria-label={t('tableNameLabel', { number: index + 1 })}
                  onChange={(event) => setTableName(index, event.target.value)}
                />
              </li>
            ))}
          </ul>
          <button type="button" onClick={addTable}>
            {t('addTable')}
          </button>
        </fieldset>
        <SessionFileField
          label={t('uploadSession')}
          onSession={replaceFromFile}
          onProblems={(problems) => setStatus({ kind: 'problems', problems })}
        />
        <p>
          <button type="submit">{t('saveSession')}</button>
        </p>
        <output aria-live="polite">
          {status.kind === 'saved' && t('sessionSaved', { count: status.tables })}
          {status.kind === 'failed' && t('loadFailed')}
        </output>
        {status.kind === 'problems' && <SessionProblems problems={status.problems} />}
      </form>
    </section>
  )
}
