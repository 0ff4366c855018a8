import {
  MAX_SEARCH_QUERY,
  type SearchResult,
  SearchResultsSchema,
  type Session,
  SYNTHESIS_ROOM,
} from '@tablenotes/shared'
import { type FormEvent, useEffect, useId, useState } from 'react'
import { AccessError, answerOf, apiRequest, sessionApi } from '../api.js'
import { tokenFor } from '../auth/links.js'
import { t } from '../i18n/messages.js'
import { clearSearchHighlight } from './highlightParagraph.js'

interface SessionSearchProps {
  session: Session
  /** Which results the page lists: the wall its tables' (and the synthesis's), a room its own. */
  accepts: (result: SearchResult) => boolean
  /** Where a result's link leads without script, e.g. the synthesis page for a synthesis hit. */
  hrefOf: (result: SearchResult) => string
  /** Shows the result's paragraph in the page: opens its table, scrolls, highlights. */
  onJump: (result: SearchResult, query: string) => void
}

type Status =
  | { type: 'idle' }
  | { type: 'searching' }
  | { type: 'done'; query: string; results: SearchResult[] }
  | { type: 'failed'; message: string }

/** "Table one · question 2a" or "Synthesis · question 1 · Table one": where a result is. */
function placeOf(session: Session, result: SearchResult): string {
  const tableName = (id: string) => session.tables.find((table) => table.id === id)?.name ?? id
  const number = session.questions.findIndex((question) => question.id === result.question) + 1
  return [
    result.room === SYNTHESIS_ROOM ? t('synthesisTitle') : tableName(result.room),
    number > 0 ? t('searchQuestion', { number: `${number}${result.part ?? ''}` }) : null,
    result.table === null ? null : tableName(result.table),
  ]
    .filter(Boolean)
    .join(' · ')
}

/**
 * The search box of the wall and the synthesis page (issue 20, item 2): a labelled search field
 * whose submission asks `GET /api/sessions/<id>/search?q=…`, a polite status that says how many
 * paragraphs were found (announced once per search, never per keystroke), and the results as a
 * list of links, each with where it is and the server's excerpt; following one jumps to it.
 */
export function SessionSearch({ session, accepts, hrefOf, onJump }: SessionSearchProps) {
  const fieldId = useId()
  const [query, setQuery] = useState('')
  const [status, setStatus] = useState<Status>({ type: 'idle' })
  useEffect(() => clearSearchHighlight, [])
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const text = query.trim()
    if (text === '') return
    setStatus({ type: 'searching' })
    try {
      const response = await apiRequest(
        sessionApi(session.id, `/search?q=${encodeURIComponent(text)}`),
        { token: tokenFor(session.id) },
      )
      const results = (await answerOf(response, SearchResultsSchema)).filter(accepts)
      setStatus({ type: 'done', query: text, results })
    } catch (error) {
      const tooMany = error instanceof AccessError && error.status === 429
      setStatus({ type: 'failed', message: t(tooMany ? 'searchTooMany' : 'searchFailed') })
    }
  }
  const announced =
    status.type === 'searching'
      ? t('searchSearching')
      : status.type === 'failed'
        ? status.message
        : status.type === 'done'
          ? status.results.length === 0
            ? t('searchNothing', { query: status.query })
            : t('searchFound', { count: status.results.length, query: status.query })
          : ''
  return (
    <search className="session-search">
      <form className="inline-form" onSubmit={submit}>
        <label htmlFor={fieldId}>{t('searchLabel')}</label>
        <input
          id={fieldId}
          type="search"
          dir="auto"
          required
          maxLength={MAX_SEARCH_QUERY}
          value={query}
          onChange={(event) => setQuery(event.target.value)}
        />
        <button type="submit" disabled={status.type === 'searching'}>
          {t('searchSubmit')}
        </button>
      </form>
      <output aria-live="polite">{announced}</output>
      {status.type === 'done' && status.results.length > 0 && (
        <ul className="search-results" aria-label={t('searchResultsLabel')}>
          {status.results.map((result) => (
            <li key={`${result.room}:${result.paragraph}`}>
              <a
                href={hrefOf(result)}
                onClick={(event) => {
                  if (event.ctrlKey || event.metaKey || event.shiftKey) return
                  event.preventDefault()
                  onJump(result, status.query)
                }}
              >
                <span className="search-place">{placeOf(session, result)}</span>{' '}
                <span dir="auto">{result.snippet}</span>
              </a>
            </li>
          ))}
        </ul>
      )}
    </search>
  )
}
