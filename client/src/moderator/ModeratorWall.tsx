import {
  ActivitySchema,
  type SearchResult,
  type Session,
  SYNTHESIS_ROOM,
  tableLanguage,
} from '@tablenotes/shared'
import { useCallback, useEffect, useRef, useState } from 'react'
import { answerOf, apiRequest, sessionApi } from '../api.js'
import { tokenFor } from '../auth/links.js'
import { ControlBar } from '../control/ControlBar.js'
import { useControl } from '../control/useControl.js'
import { t } from '../i18n/messages.js'
import { PageHeader } from '../PageHeader.js'
import { highlightParagraph } from '../search/highlightParagraph.js'
import { SessionSearch } from '../search/SessionSearch.js'
import { SessionGate } from '../session/SessionGate.js'
import { ControlPanel } from './ControlPanel.js'
import { NameVersionForm } from './NameVersionForm.js'
import { TableCard, type TableSummary } from './TableCard.js'

type SortKey = 'name' | 'progress' | 'activity'

/** A search result the wall is showing: its table open large, its paragraph highlighted. */
interface SearchJump {
  table: string
  paragraph: number
  query: string
}

/**
 * On a card, prompts are h4 (questions) and h5 (parts), and headings written in an answer h6
 * (NotesView); a search counts only the written text, so the prompts are skipped.
 */
const CARD_PROMPTS = 'h4, h5'

/** Where a result's link leads: its card on the wall, or the synthesis page. */
const searchHref = (sessionId: string) => (result: SearchResult) =>
  result.room === SYNTHESIS_ROOM
    ? `/s/${encodeURIComponent(sessionId)}/synthesis`
    : `#card-${result.room}`

/** The server is asked again now and then, in case the wall missed an edit while offline. */
const REFRESH_EDITS_EVERY_MS = 60_000

/**
 * When each table last stored an edit, by the server's clock (`GET …/activity`): what the wall
 * shows before it has seen any edit itself, so a wall opened mid-session knows which tables
 * have been quiet, and for how long.
 */
function useStoredEdits(sessionId: string): Record<string, number> {
  const [edits, setEdits] = useState<Record<string, number>>({})
  useEffect(() => {
    let stopped = false
    const load = () =>
      apiRequest(sessionApi(sessionId, '/activity'), { token: tokenFor(sessionId) })
        .then((response) => answerOf(response, ActivitySchema))
        .then(
          (body) => {
            if (!stopped) setEdits(body.lastEdits ?? {})
          },
          // Offline or refused: the cards keep what they have seen themselves.
          () => undefined,
        )
    void load()
    const timer = setInterval(load, REFRESH_EDITS_EVERY_MS)
    return () => {
      stopped = true
      clearInterval(timer)
    }
  }, [sessionId])
  return edits
}

/** The links that open the wall. */
const WALL_ROLES = ['moderator', 'organizer']

/** `/s/<sessionId>/moderator`: every table of the session at once, and the session's controls. */
export function ModeratorWall({ sessionId }: { sessionId: string }) {
  return (
    <SessionGate
      sessionId={sessionId}
      roles={WALL_ROLES}
      refused="wallNeedsModerator"
      title="wallTitle"
    >
      {(session) => <Wall session={session} />}
    </SessionGate>
  )
}

function Wall({ session }: { session: Session }) {
  const { control, room } = useControl(session.id)
  const storedEdits = useStoredEdits(session.id)
  const [region, setRegion] = useState('')
  const [sort, setSort] = useState<SortKey>('name')
  const [projector, setProjector] = useState(false)
  const [focused, setFocused] = useState<string | null>(null)
  const [summaries, setSummaries] = useState<Record<string, TableSummary>>({})
  const report = useCallback((tableId: string, summary: TableSummary) => {
    setSummaries((current) => ({ ...current, [tableId]: summary }))
  }, [])

  const regions = [
    ...new Set(session.tables.flatMap((table) => (table.region ? [table.region] : []))),
  ]
  const shown = session.tables
    .filter((table) => region === '' || table.region === region)
    .sort((a, b) => {
      const first = summaries[a.id]
      const second = summaries[b.id]
      if (sort === 'progress') return (first?.words ?? 0) - (second?.words ?? 0)
      if (sort === 'activity') return (first?.lastEditAt ?? 0) - (second?.lastEditAt ?? 0)
      return a.name.localeCompare(b.name)
    })
    .sort(
      (a, b) =>
        Number(summaries[b.id]?.askingForHelp ?? false) -
        Number(summaries[a.id]?.askingForHelp ?? false),
    )

  // Keyboard focus follows the view: to "Back to the wall" once a table is open large (its
  // "Open … large" button is gone), and back to that table's button when the wall returns.
  const backToWall = useRef<HTMLButtonElement>(null)
  const lastOpened = useRef<string | null>(null)
  useEffect(() => {
    if (focused !== null) {
      lastOpened.current = focused
      backToWall.current?.focus()
    } else if (lastOpened.current !== null) {
      const cell = document.querySelector(`[data-table-id="${CSS.escape(lastOpened.current)}"]`)
      cell?.querySelector<HTMLButtonElement>('.open-large')?.focus()
      lastOpened.current = null
    }
  }, [focused])

  // A search result opens its table large (the effect above then moves the focus), and this
  // one, running after it, shows the paragraph and moves the focus there for screen readers.
  const [jump, setJump] = useState<SearchJump | null>(null)
  useEffect(() => {
    if (jump === null || focused !== jump.table) return
    const notes = document.querySelector(`[data-table-id="${CSS.escape(jump.table)}"] .wall-notes`)
    const paragraph = notes && highlightParagraph(notes, CARD_PROMPTS, jump.paragraph, jump.query)
    if (paragraph) {
      paragraph.tabIndex = -1
      paragraph.focus({ preventScroll: true })
    }
    // Once: opening the table again later shows it as it is, without taking the focus.
    setJump(null)
  }, [jump, focused])
  const showResult = useCallback(
    (result: SearchResult, query: string) => {
      if (result.room === SYNTHESIS_ROOM) {
        window.location.assign(searchHref(session.id)(result))
        return
      }
      setFocused(result.room)
      setJump({ table: result.room, paragraph: result.paragraph, query })
    },
    [session.id],
  )

  useEffect(() => {
    if (focused === null) return
    const step = (event: KeyboardEvent) => {
      if (event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement)
        return
      const at = shown.findIndex((table) => table.id === focused)
      if (event.key === 'Escape') setFocused(null)
      else if (event.key === 'ArrowRight' || event.key === 'ArrowDown')
        setFocused(shown[(at + 1) % shown.length]?.id ?? null)
      else if (event.key === 'ArrowLeft' || event.key === 'ArrowUp')
        setFocused(shown[(at - 1 + shown.length) % shown.length]?.id ?? null)
    }
    window.addEventListener('keydown', step)
    return () => window.removeEventListener('keydown', step)
  }, [focused, shown])

  return (
    <div className={projector ? 'wall projector' : 'wall'}>
      <PageHeader
        session={session}
        title={t('wallTitle')}
        signals={<ControlBar control={control} audience="moderators" />}
      />
      <main id="notes">
        {room && <ControlPanel control={control} doc={room.doc} />}
        <NameVersionForm sessionId={session.id} />
        <SessionSearch
          session={session}
          accepts={() => true}
          hrefOf={searchHref(session.id)}
          onJump={showResult}
        />
        <div className="wall-tools">
          <label>
            {t('filterRegion')}{' '}
            <select value={region} onChange={(event) => setRegion(event.target.value)}>
              <option value="">{t('allRegions')}</option>
              {regions.map((each) => (
                <option key={each} value={each}>
                  {each}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('sortBy')}{' '}
            <select value={sort} onChange={(event) => setSort(event.target.value as SortKey)}>
              <option value="name">{t('sortName')}</option>
              <option value="progress">{t('sortProgress')}</option>
              <option value="activity">{t('sortActivity')}</option>
            </select>
          </label>
          <button type="button" aria-pressed={projector} onClick={() => setProjector(!projector)}>
            {t('projectorMode')}
          </button>
          {focused && (
            <button type="button" ref={backToWall} onClick={() => setFocused(null)}>
              {t('backToWall')}
            </button>
          )}
        </div>
        {focused && <p className="hint">{t('focusHint')}</p>}
        <div className="wall-grid">
          {session.tables.map((table) => {
            const visible = focused ? table.id === focused : shown.includes(table)
            return (
              <div
                key={table.id}
                data-table-id={table.id}
                hidden={!visible}
                className={focused === table.id ? 'wall-cell focused' : 'wall-cell'}
                style={{ order: shown.indexOf(table) }}
              >
                <TableCard
                  sessionId={session.id}
                  table={table}
                  language={tableLanguage(session, table.id)}
                  control={control}
                  controlDoc={room?.doc ?? null}
                  storedEditAt={storedEdits[table.id] ?? null}
                  large={focused === table.id}
                  onOpen={setFocused}
                  onSummary={report}
                />
              </div>
            )
          })}
        </div>
      </main>
    </div>
  )
}
