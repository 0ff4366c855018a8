import type { Session, SessionProblem } from '@tablenotes/shared'
import { type FormEvent, useState } from 'react'
import { t } from '../i18n/messages.js'
import { createSession } from './organizerApi.js'
import { SessionFileField, SessionProblems } from './SessionFileField.js'

/** Lowercase letters, digits and hyphens, as session, question and table ids must be. */
function slugOf(text: string, fallback: string): string {
  const slug = text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 32)
  return slug === '' ? fallback : slug
}

const lines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)

/** A session from a few fields: one question per line, one table per line. */
function sessionFromFields(title: string, questions: string, tables: string): Session {
  return {
    id: slugOf(title, `session-${Date.now().toString(36)}`).slice(0, 64),
    title: title.trim(),
    questions: lines(questions).map((text, index) => ({ id: `q${index + 1}`, text })),
    tables: lines(tables).map((name, index) => ({ id: slugOf(name, `table-${index + 1}`), name })),
  }
}

/**
 * Starts another session, from a few fields or a YAML or JSON session file, with the organizer
 * link this browser holds; then opens the new session with its own organizer link.
 */
export function NewSessionForm({ organizerToken }: { organizerToken: string }) {
  const [title, setTitle] = useState('')
  const [questions, setQuestions] = useState('')
  const [tables, setTables] = useState('')
  const [problems, setProblems] = useState<SessionProblem[]>([])

  const send = async (session: Session) => {
    const result = await createSession(session, organizerToken)
    if (result.ok) location.assign(result.organizerPath)
    else setProblems(result.problems)
  }
  const submit = (event: FormEvent) => {
    event.preventDefault()
    void send(sessionFromFields(title, questions, tables))
  }

  return (
    <section aria-labelledby="new-session-title">
      <h2 id="new-session-title">{t('newSession')}</h2>
      <form onSubmit={submit} className="session-form">
        <label className="field">
          {t('sessionTitleLabel')}
          <input
            value={title}
            dir="auto"
            required
            onChange={(event) => setTitle(event.target.value)}
          />
        </label>
        <label className="field">
          {t('questionsOnePerLine')}
          <textarea
            rows={4}
            value={questions}
            dir="auto"
            required
            onChange={(event) => setQuestions(event.target.value)}
          />
        </label>
        <label className="field">
          {t('tablesOnePerLine')}
          <textarea
            rows={4}
            value={tables}
            dir="auto"
            required
            onChange={(event) => setTables(event.target.value)}
          />
        </label>
        <p>
          <button type="submit">{t('createSession')}</button>
        </p>
        <SessionFileField
          label={t('orUploadSession')}
          onSession={(session) => void send(session)}
          onProblems={setProblems}
        />
        <SessionProblems problems={problems} />
      </form>
    </section>
  )
}
