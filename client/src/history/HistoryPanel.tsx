import {
  promptIn,
  type Question,
  RestoreResultSchema,
  type VersionChanges,
  VersionChangesSchema,
  VersionListSchema,
  type VersionSummary,
} from '@tablenotes/shared'
import { useCallback, useEffect, useRef, useState } from 'react'
import { answerOf, apiRequest, sessionApi } from '../api.js'
import { expectsToWrite, tokenFor } from '../auth/links.js'
import { downloadBlob } from '../export/ExportButtons.js'
import { interfaceLanguage, t } from '../i18n/messages.js'
import { ModalDialog } from '../ModalDialog.js'
import { VersionChangesView } from './VersionChangesView.js'

/** `/api/sessions/<id>/rooms/<room>/versions<rest>` (README, "History and authorship"). */
const versionsApi = (sessionId: string, roomId: string, rest = '') =>
  sessionApi(sessionId, `/rooms/${encodeURIComponent(roomId)}/versions${rest}`)

/** A version's time in the interface's language, e.g. "1 Dec 2026, 14:05". */
function versionTime(at: string): string {
  return new Intl.DateTimeFormat(interfaceLanguage(), {
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(new Date(at))
}

/** What a version is called in the list: its label, or why the server took it. */
function versionName(version: VersionSummary): string {
  if (version.label !== null) return version.label
  return version.kind === 'restore' ? t('historyBeforeRestore') : t('historyAutomatic')
}

interface HistoryButtonProps {
  sessionId: string
  /** A table id or `_synthesis`. */
  roomId: string
  /** The session's questions, for restoring one question's answer. */
  questions: readonly Question[]
  /** The room's language (the table's, or the session's), which its prompts are shown in. */
  language: string
}

/**
 * The "History" button of a table or the synthesis page and its panel (issue 17, item 3): the
 * room's versions newest first; each can be read (its Markdown export, shown as text so nothing
 * stored is ever parsed as HTML in the page), downloaded, and, for a link that may write the
 * room, restored whole or for one question after a confirmation. The server makes the restore a
 * new change that everyone connected sees; a read link is never offered it (the server would
 * answer 403). A modal <dialog> (WAI-ARIA APG dialog pattern: focus moves in and stays in,
 * Escape closes); the focus returns to the button.
 */
export function HistoryButton({ sessionId, roomId, questions, language }: HistoryButtonProps) {
  const [open, setOpen] = useState(false)
  const opener = useRef<HTMLButtonElement>(null)
  return (
    <>
      <button
        ref={opener}
        type="button"
        className="history-button"
        aria-haspopup="dialog"
        onClick={() => setOpen(true)}
      >
        {t('historyOpen')}
      </button>
      {open && (
        <HistoryDialog
          sessionId={sessionId}
          roomId={roomId}
          questions={questions}
          language={language}
          onClose={() => {
            setOpen(false)
            opener.current?.focus()
          }}
        />
      )}
    </>
  )
}

type Listing = VersionSummary[] | 'loading' | 'failed'

/** What of a version is fetched for reading: the value, or where fetching it is. */
type Fetched<T> = T | 'loading' | 'failed'

/**
 * The version opened for reading: what changed since the previous version (by author), and its
 * whole text as Markdown.
 */
type Reading = {
  version: VersionSummary
  changes: Fetched<VersionChanges>
  markdown: Fetched<{ text: string }>
}

function HistoryDialog({
  sessionId,
  roomId,
  questions,
  language,
  onClose,
}: HistoryButtonProps & { onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null)
  const [versions, setVersions] = useState<Listing>('loading')
  const [reading, setReading] = useState<Reading | null>(null)
  const [status, setStatus] = useState('')
  const writable = expectsToWrite(sessionId, roomId)
  const token = tokenFor(sessionId)

  const list = useCallback(() => {
    apiRequest(versionsApi(sessionId, roomId), { token })
      .then((response) => answerOf(response, VersionListSchema))
      .then(setVersions, () => setVersions('failed'))
  }, [sessionId, roomId, token])

  useEffect(() => {
    dialog.current?.showModal()
    list()
  }, [list])

  const close = () => {
    dialog.current?.close()
    onClose()
  }

  const read = (version: VersionSummary) => {
    setReading({ version, changes: 'loading', markdown: 'loading' })
    const update = (part: Partial<Reading>) =>
      setReading((now) => (now?.version.id === version.id ? { ...now, ...part } : now))
    const path = `/${encodeURIComponent(version.id)}`
    apiRequest(versionsApi(sessionId, roomId, `${path}/changes`), { token })
      .then((response) => answerOf(response, VersionChangesSchema))
      .then(
        (changes) => update({ changes }),
        () => update({ changes: 'failed' }),
      )
    apiRequest(versionsApi(sessionId, roomId, `${path}/export?format=md`), { token })
      .then((response) => response.text())
      .then(
        (text) => update({ markdown: { text } }),
        () => update({ markdown: 'failed' }),
      )
  }

  const download = async (version: VersionSummary, format: 'md' | 'docx') => {
    setStatus('')
    try {
      const response = await apiRequest(
        versionsApi(
          sessionId,
          roomId,
          `/${encodeURIComponent(version.id)}/export?format=${format}`,
        ),
        { token },
      )
      downloadBlob(await response.blob(), `${sessionId}-${roomId}-${version.id}.${format}`)
    } catch {
      setStatus(t('exportFailed'))
    }
  }

  const restore = async (version: VersionSummary, question: string | null) => {
    setStatus(t('historyRestoring'))
    try {
      const response = await apiRequest(
        versionsApi(sessionId, roomId, `/${encodeURIComponent(version.id)}/restore`),
        { token, method: 'POST', body: question === null ? {} : { question }, answers: [423] },
      )
      // 423 ROUND_LOCKED: the moderators locked the round, which a table's restore respects.
      if (response.status === 423) return setStatus(t('historyRestoreLocked'))
      const result = await answerOf(response, RestoreResultSchema)
      setStatus(result.restored ? t('historyRestored') : t('historyNothingToRestore'))
      list()
    } catch {
      setStatus(t('historyRestoreFailed'))
    }
  }

  return (
    <ModalDialog
      ref={dialog}
      className="history-dialog"
      aria-labelledby="history-title"
      onCancel={close}
    >
      <div className="history-head">
        <h2 id="history-title">{t('historyTitle')}</h2>
        <button type="button" onClick={close}>
          {t('historyClose')}
        </button>
      </div>
      <output className="history-status" aria-live="polite">
        {status}
      </output>
      {versions === 'loading' && <p>{t('loading')}</p>}
      {versions === 'failed' && <p>{t('historyLoadFailed')}</p>}
      {Array.isArray(versions) && versions.length === 0 && <p>{t('historyNone')}</p>}
      {Array.isArray(versions) && versions.length > 0 && (
        <ol className="history-list" aria-label={t('historyTitle')}>
          {versions.map((version) => (
            <VersionItem
              key={version.id}
              version={version}
              writable={writable}
              questions={questions}
              language={language}
              onRead={() => read(version)}
              onDownload={(format) => void download(version, format)}
              onRestore={(question) => void restore(version, question)}
            />
          ))}
        </ol>
      )}
      {reading && (
        <VersionReading
          reading={reading}
          questions={questions}
          language={language}
          onDone={() => setReading(null)}
        />
      )}
    </ModalDialog>
  )
}

/** One version in the list, with its actions; a restore asks first, on the spot. */
function VersionItem({
  version,
  writable,
  questions,
  language,
  onRead,
  onDownload,
  onRestore,
}: {
  version: VersionSummary
  writable: boolean
  questions: readonly Question[]
  language: string
  onRead: () => void
  onDownload: (format: 'md' | 'docx') => void
  onRestore: (question: string | null) => void
}) {
  const [question, setQuestion] = useState('')
  const [confirming, setConfirming] = useState(false)
  const keep = useRef<HTMLButtonElement>(null)
  useEffect(() => {
    if (confirming) keep.current?.focus()
  }, [confirming])
  const name = versionName(version)
  const picked = questions.find((each) => each.id === question)
  const what = picked ? promptIn(picked, language) : t('historyWholeRoom')
  return (
    <li className="history-version">
      <p className="history-when">
        <time dateTime={version.at}>{versionTime(version.at)}</time> ·{' '}
        <span className={version.label === null ? 'history-auto' : 'history-label'} dir="auto">
          {name}
        </span>
      </p>
      <p className="history-authors" dir="auto">
        {version.authors.length === 0
          ? t('historyNoAuthors')
          : t('historyAuthors', { names: version.authors.join(', ') })}
      </p>
      <div className="history-actions">
        <button type="button" onClick={onRead} aria-label={t('historyReadOf', { name })}>
          {t('historyRead')}
        </button>
        <button type="button" onClick={() => onDownload('md')}>
          {t('exportMarkdown')}
        </button>
        <button type="button" onClick={() => onDownload('docx')}>
          {t('exportWord')}
        </button>
      </div>
      {writable && (
        <div className="history-restore">
          <label>
            {t('historyRestoreWhat')}{' '}
            <select value={question} onChange={(event) => setQuestion(event.target.value)}>
              <option value="">{t('historyWholeRoom')}</option>
              {questions.map((each) => (
                <option key={each.id} value={each.id} dir="auto">
                  {promptIn(each, language)}
                </option>
              ))}
            </select>
          </label>{' '}
          {confirming ? (
            <fieldset className="history-confirm">
              <legend>{t('historyConfirmLabel')}</legend>
              <p>{t('historyConfirm', { what, name })}</p>
              {/* Known limit (issue 17): the restore writes new Yjs items, sent by the server
                  on the restorer's behalf, so authorship credits the restorer. */}
              <p>{t('historyRestoreCredit')}</p>
              <div className="dialog-buttons">
                <button ref={keep} type="button" onClick={() => setConfirming(false)}>
                  {t('historyCancel')}
                </button>
                <button
                  type="button"
                  className="danger"
                  onClick={() => {
                    setConfirming(false)
                    onRestore(question === '' ? null : question)
                  }}
                >
                  {t('historyRestoreConfirm')}
                </button>
              </div>
            </fieldset>
          ) : (
            <button type="button" onClick={() => setConfirming(true)}>
              {t('historyRestore')}
            </button>
          )}
        </div>
      )}
    </li>
  )
}

/**
 * A version read in the panel: what changed since the previous version, by author, then its
 * whole text as Markdown, shown as plain text, never as markup.
 */
function VersionReading({
  reading,
  questions,
  language,
  onDone,
}: {
  reading: Reading
  questions: readonly Question[]
  language: string
  onDone: () => void
}) {
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => {
    heading.current?.focus()
  }, [])
  const name = versionName(reading.version)
  const { changes, markdown } = reading
  return (
    <section className="history-reading" aria-labelledby="history-reading-title">
      <h3 id="history-reading-title" ref={heading} tabIndex={-1}>
        {t('historyReading', { name, time: versionTime(reading.version.at) })}
      </h3>
      {(changes === 'loading' || markdown === 'loading') && <p>{t('loading')}</p>}
      {(changes === 'failed' || markdown === 'failed') && <p>{t('historyLoadFailed')}</p>}
      {typeof changes === 'object' && (
        <VersionChangesView
          changes={changes}
          questions={questions}
          language={language}
          formatTime={versionTime}
        />
      )}
      {typeof markdown === 'object' && (
        <details className="history-whole">
          <summary>{t('historyWholeText')}</summary>
          <pre className="history-text" dir="auto">
            {markdown.text}
          </pre>
        </details>
      )}
      <button type="button" onClick={onDone}>
        {t('historyCloseReading')}
      </button>
    </section>
  )
}
