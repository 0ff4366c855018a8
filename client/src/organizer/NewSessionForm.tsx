import type { Session, SessionProblem } from '@tablenotes/shared'
import { type FormEvent, useState } from 'react'
import { LANGUAGES, languageName, t } from '../i18n/messages.js'
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

/** What the form holds, as typed. */
interface Fields {
  title: string
  event: string
  description: string
  starts: string
  ends: string
  language: string
  questions: string
  /** One table a line: `name; region; language`, the last two optional. */
  tables: string
  /** One issue a line. */
  tags: string
}

const EMPTY: Fields = {
  title: '',
  event: '',
  description: '',
  starts: '',
  ends: '',
  language: '',
  questions: '',
  tables: '',
  tags: '',
}

/** `{ key: value }` when value is not empty, else nothing: optional fields stay absent. */
const optional = <K extends string>(key: K, value: string) =>
  (value.trim() === '' ? {} : { [key]: value.trim() }) as Partial<Record<K, string>>

/** Ids made from names, made unique by a number where two names give the same one. */
function uniqueIds(names: readonly string[], prefix: string): string[] {
  const used = new Set<string>()
  return names.map((name, index) => {
    const base = slugOf(name, `${prefix}-${index + 1}`)
    let id = base
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`
    used.add(id)
    return id
  })
}

/** A session from the form: one question, table or issue a line. */
function sessionFromFields(fields: Fields): Session {
  const tables = lines(fields.tables).map((line) => {
    const [name = '', region = '', language = ''] = line.split(';').map((part) => part.trim())
    return { name, ...optional('region', region), ...optional('language', language) }
  })
  const tableIds = uniqueIds(
    tables.map((table) => table.name),
    'table',
  )
  const tags = lines(fields.tags)
  const tagIds = uniqueIds(tags, 'issue')
  return {
    id: slugOf(fields.title, `session-${Date.now().toString(36)}`).slice(0, 64),
    title: fields.title.trim(),
    ...optional('event', fields.event),
    ...optional('description', fields.description),
    ...optional('starts', fields.starts),
    ...optional('ends', fields.ends),
    ...optional('language', fields.language),
    questions: lines(fields.questions).map((text, index) => ({ id: `q${index + 1}`, text })),
    tables: tables.map((table, index) => ({ id: tableIds[index]!, ...table })),
    ...(tags.length > 0
      ? { tags: tags.map((label, index) => ({ id: tagIds[index]!, label })) }
      : {}),
  }
}

/** "Migration (2)" for "Migration", "Migration (3)" for "Migration (2)": a title not yet taken. */
export function nextTitle(title: string): string {
  const numbered = /^(.*) \((\d+)\)$/.exec(title.trim())
  return numbered ? `${numbered[1]} (${Number(numbered[2]) + 1})` : `${title.trim()} (2)`
}

/**
 * Starts another session, from the form or a YAML or JSON session file, with the organizer
 * link this browser holds; then opens the new session with its own organizer link. The form
 * has what a session file has, but translations.
 */
export function NewSessionForm({ organizerToken }: { organizerToken: string }) {
  const [fields, setFields] = useState<Fields>(EMPTY)
  const [problems, setProblems] = useState<SessionProblem[]>([])
  const field = (name: keyof Fields) => ({
    value: fields[name],
    onChange: (event: { target: { value: string } }) =>
      setFields({ ...fields, [name]: event.target.value }),
  })

  const send = async (session: Session) => {
    const result = await createSession(session, organizerToken)
    if (result.ok) return location.assign(result.organizerPath)
    if (result.exists) {
      const message = t('sessionExists', { title: session.title, other: nextTitle(session.title) })
      return setProblems([{ field: '', message }])
    }
    setProblems(result.problems)
  }
  const submit = (event: FormEvent) => {
    event.preventDefault()
    void send(sessionFromFields(fields))
  }

  return (
    <section aria-labelledby="new-session-title">
      <h2 id="new-session-title">{t('newSession')}</h2>
      <form onSubmit={submit} className="session-form">
        <label className="field">
          {t('sessionTitleLabel')}
          <input dir="auto" required {...field('title')} />
        </label>
        <label className="field">
          {t('sessionEventLabel')}
          <input dir="auto" {...field('event')} />
        </label>
        <label className="field">
          {t('sessionDescriptionLabel')}
          <textarea rows={2} dir="auto" {...field('description')} />
        </label>
        <div className="field-row">
          <label className="field">
            {t('sessionStartsLabel')}
            <input type="datetime-local" {...field('starts')} />
          </label>
          <label className="field">
            {t('sessionEndsLabel')}
            <input type="datetime-local" {...field('ends')} />
          </label>
        </div>
        <label className="field">
          {t('sessionLanguageLabel')}
          <select {...field('language')}>
            <option value="">—</option>
            {LANGUAGES.map((language) => (
              <option key={language} value={language}>
                {languageName(language)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          {t('questionsOnePerLine')}
          <textarea rows={4} dir="auto" required {...field('questions')} />
        </label>
        <label className="field">
          {t('tablesOnePerLine')}
          <textarea
            rows={4}
            dir="auto"
            required
            aria-describedby="tables-help"
            {...field('tables')}
          />
        </label>
        <p id="tables-help" className="hint">
          {t('tablesLineHelp')}
        </p>
        <label className="field">
          {t('tagsOnePerLine')}
          <textarea rows={3} dir="auto" {...field('tags')} />
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
