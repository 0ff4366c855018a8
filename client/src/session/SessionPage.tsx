import { roomAccess, type Session, tableTitle } from '@tablenotes/shared'
import { lazy, Suspense, useEffect, useState } from 'react'
import { fetchSession, NotFoundError } from '../api.js'
import { claimsFor, tokenFor } from '../auth/links.js'
import { refusalMessage } from '../auth/refusalMessage.js'
import { useDocumentTitle } from '../i18n/interfaceLanguageContext.js'
import { type MessageKey, t } from '../i18n/messages.js'
import { Loading } from '../Loading.js'
import { PageMessage } from '../PageMessage.js'

// The organizer's tools (and the YAML parser they bring) load only for organizers.
const OrganizerPanel = lazy(() =>
  import('../organizer/OrganizerPanel.js').then((module) => ({ default: module.OrganizerPanel })),
)

/** The tables this page's link opens: a table's edit or read link opens its own table only. */
function openableTables(session: Session): Session['tables'] {
  const claims = claimsFor(session.id)
  if (!claims) return []
  return session.tables.filter(
    (table) => roomAccess(claims, { sessionId: session.id, roomId: table.id }) !== 'none',
  )
}

/** `/s/<sessionId>`: the session's tables this link opens, each a link to its page. */
export function SessionPage({ sessionId }: { sessionId: string }) {
  const [session, setSession] = useState<Session | 'loading' | 'missing' | { refused: MessageKey }>(
    'loading',
  )
  useEffect(() => {
    if (!tokenFor(sessionId)) return setSession({ refused: 'needLink' })
    fetchSession(sessionId).then(
      (loaded) => setSession(loaded),
      (error: unknown) =>
        setSession(error instanceof NotFoundError ? 'missing' : { refused: refusalMessage(error) }),
    )
  }, [sessionId])
  useDocumentTitle(
    typeof session === 'object' && 'title' in session ? `${session.title} · ${t('appName')}` : null,
  )
  if (session === 'loading') return <Loading />
  if (session === 'missing') return <PageMessage text={t('sessionNotFound')} />
  if ('refused' in session) return <PageMessage text={t(session.refused)} />
  return (
    <main id="notes" className="narrow">
      {session.event && <p className="session-title">{session.event}</p>}
      <h1 dir="auto">{session.title}</h1>
      {session.description && <p dir="auto">{session.description}</p>}
      {['moderator', 'organizer'].includes(claimsFor(session.id)?.role ?? '') && (
        <p>
          <a href={`/s/${session.id}/moderator`}>{t('openWall')}</a>
        </p>
      )}
      {['rapporteur', 'moderator', 'organizer'].includes(claimsFor(session.id)?.role ?? '') && (
        <p>
          <a href={`/s/${session.id}/synthesis`}>{t('openSynthesis')}</a>
        </p>
      )}
      <h2>{t('tablesOf')}</h2>
      <ul className="table-list">
        {openableTables(session).map((table) => (
          <li key={table.id}>
            <a href={`/s/${session.id}/t/${table.id}`} dir="auto">
              {tableTitle(table)}
            </a>
          </li>
        ))}
      </ul>
      {claimsFor(session.id)?.role === 'organizer' && (
        <Suspense fallback={<Loading />}>
          <OrganizerPanel session={session} onSaved={setSession} />
        </Suspense>
      )}
    </main>
  )
}
