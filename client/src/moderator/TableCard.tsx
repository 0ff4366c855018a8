import {
  answerHelp,
  type ControlState,
  callsToActionOf,
  isAskingForHelp,
  MAX_PRIORITIES,
  PRIORITIES_ARRAY,
  type PriorityIssue,
  questionProgress,
  type Table,
  tableTitle,
} from '@tablenotes/shared'
import { memo, useEffect, useRef, useState } from 'react'
import type * as Y from 'yjs'
import { serverNow } from '../control/serverClock.js'
import { useNow } from '../control/useControl.js'
import { useInterfaceLanguage } from '../i18n/interfaceLanguageContext.js'
import { t } from '../i18n/messages.js'
import { NotesView } from './NotesView.js'
import { OpenCommentCount, WallComments } from './WallComments.js'
import { useWatchedTable } from './watchTable.js'

/** A table quiet this long stands out on the wall. */
export const IDLE_AFTER_MS = 5 * 60_000

/** What the wall sorts and filters by, reported by each card. */
export interface TableSummary {
  words: number
  lastEditAt: number | null
  askingForHelp: boolean
}

interface TableCardProps {
  sessionId: string
  table: Table
  /** The table's language, for its notes' `lang`. */
  language: string
  control: ControlState
  controlDoc: Y.Doc | null
  /** When the server last stored an edit of the table (server time), as the wall last asked. */
  storedEditAt: number | null
  large: boolean
  onOpen: (tableId: string) => void
  onSummary: (tableId: string, summary: TableSummary) => void
}

/** "last edit 3 min ago", ticking on its own so the card around it does not re-render. */
function EditedAgo({ since }: { since: number | null }) {
  const now = useNow(15_000)
  if (since === null) return <>{t('noEditsYet')}</>
  const minutes = Math.floor((now - since) / 60_000)
  return <>{minutes < 1 ? t('editedJustNow') : t('editedMinutesAgo', { count: minutes })}</>
}

/**
 * Whether a table has been quiet for IDLE_AFTER_MS: changes exactly when it turns idle, so a
 * hundred cards do not all re-render on a shared tick.
 */
function useIdle(lastEditAt: number | null): boolean {
  const [idle, setIdle] = useState(true)
  useEffect(() => {
    if (lastEditAt === null) return setIdle(true)
    const left = lastEditAt + IDLE_AFTER_MS - serverNow()
    setIdle(left <= 0)
    if (left <= 0) return
    const timer = setTimeout(() => setIdle(true), left)
    return () => clearTimeout(timer)
  }, [lastEditAt])
  return idle
}

/**
 * One table on the wall: its notes live, who is there, progress per question, and its calls.
 * Memoized: a keystroke at one table re-renders that card, not the hundred beside it.
 */
export const TableCard = memo(function TableCard(props: TableCardProps) {
  // Memoized, the card would keep its words through a language switch without this.
  useInterfaceLanguage()
  const {
    sessionId,
    table,
    language,
    control,
    controlDoc,
    storedEditAt,
    large,
    onOpen,
    onSummary,
  } = props
  const watched = useWatchedTable(sessionId, table.id)
  const notesRef = useRef<HTMLElement>(null)
  const progress = watched ? questionProgress(watched.doc) : []
  const words = progress.reduce((sum, question) => sum + question.words, 0)
  const calls = watched ? callsToActionOf(watched.doc).length : 0
  const asking = watched ? isAskingForHelp(watched.doc, control, table.id) : false
  // The later of the server's record and what the wall saw arrive since (both in server time).
  const seen = watched?.lastEditAt ?? null
  const lastEditAt = seen === null || (storedEditAt ?? 0) > seen ? storedEditAt : seen
  const idle = useIdle(lastEditAt)
  useEffect(() => {
    onSummary(table.id, { words, lastEditAt, askingForHelp: asking })
  }, [onSummary, table.id, words, lastEditAt, asking])
  if (!watched) return null

  const people = [...watched.provider.awareness.getStates().values()]
    .map((state) => (state.user as { name?: string } | undefined)?.name)
    .filter((name): name is string => typeof name === 'string')
  const priorities = watched.doc
    .getArray<PriorityIssue>(PRIORITIES_ARRAY)
    .toArray()
    .slice(0, MAX_PRIORITIES)
  const classes = ['wall-card', idle && 'idle', asking && 'asking', large && 'large']
  return (
    <article className={classes.filter(Boolean).join(' ')} aria-labelledby={`card-${table.id}`}>
      <header>
        <h3 id={`card-${table.id}`} dir="auto">
          {tableTitle(table)}
        </h3>
        <p className="hint">
          {people.length === 0 ? t('nobodyThere') : people.join(', ')} ·{' '}
          <EditedAgo since={lastEditAt} />
        </p>
        {watched.offlineWithChanges.map(({ name }) => (
          <p key={name} className="offline-warning">
            {t('offlineWithChanges', { name })}
          </p>
        ))}
        <OpenCommentCount doc={watched.doc} />
        {asking && (
          <p className="help-call">
            <strong>{t('helpCalled')}</strong>{' '}
            <button
              type="button"
              disabled={!controlDoc}
              onClick={() => controlDoc && answerHelp(controlDoc, table.id, serverNow())}
            >
              {t('answerHelp')}
            </button>
          </p>
        )}
      </header>
      <ol className="progress" aria-label={t('progressLabel')}>
        {progress
          .filter((question) => !question.retired)
          .map((question) => (
            <li key={question.questionId} className={question.words === 0 ? 'empty' : 'started'}>
              {question.number}.{' '}
              {question.words === 0
                ? t('questionEmpty')
                : t('questionWords', { count: question.words })}
            </li>
          ))}
      </ol>
      {calls > 0 && <p className="call-count">{t('callsCount', { count: calls })}</p>}
      {priorities.length > 0 && (
        <ul className="chips" aria-label={t('prioritiesTitle')}>
          {priorities.map((issue) => (
            <li key={`${issue.tagId ?? ''}:${issue.label}`} dir="auto">
              {issue.label}
            </li>
          ))}
        </ul>
      )}
      <section
        ref={notesRef}
        className="wall-notes-scroll"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a region that scrolls must take the focus, or keyboards cannot scroll it (WCAG 2.1.1, axe scrollable-region-focusable)
        tabIndex={0}
        aria-label={t('editorLabel', { table: table.name })}
      >
        <NotesView doc={watched.doc} language={language} />
      </section>
      {large && (
        <WallComments sessionId={sessionId} tableId={table.id} doc={watched.doc} notes={notesRef} />
      )}
      {!large && (
        <button type="button" className="open-large" onClick={() => onOpen(table.id)}>
          {t('openLarge', { table: table.name })}
        </button>
      )}
    </article>
  )
})
