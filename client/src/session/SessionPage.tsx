import type { Session } from '@tablenotes/shared'
import { useEffect, useState } from 'react'
import { fetchSession, NotFoundError } from '../api.js'
import { t } from '../i18n/messages.js'
import { Loading } from '../Loading.js'

/** `/s/<sessionId>`: the session's tables, each a link to its page. */
export function SessionPage({ sessionId }: { sessionId: string }) {
  const [session, setSession] = useState<Session | 'loading' | 'missing' | 'failed'>('loading')
  useEffect(() => {
    fetchSession(sessionId).then(
      (loaded) => {
        setSession(loaded)
        document.title = `${loaded.title} · ${t('appName')}`
      },
      (error: unknown) => setSession(error instanceof NotFoundError ? 'missing' : 'failed'),
    )
  }, [sessionId])
  if (session === 'loading') return <Loading />
  if (session === 'missing') return <p role="alert">{t('sessionNotFound')}</p>
  if (session === 'failed') return <p role="alert">{t('loadFailed')}</p>
  return (
    <main id="notes" className="narrow">
      {session.event && <p className="session-title">{session.event}</p>}
      <h1 dir="auto">{session.title}</h1>
      {session.description && <p dir="auto">{session.description}</p>}
      <h2>{t('tablesOf')}</h2>
      <ul className="table-list">
        {session.tables.map((table) => (
          <li key={table.id}>
            <a href={`/s/${session.id}/t/${table.id}`} dir="auto">
              {table.name}
              {table.region && table.region !== table.name ? ` · ${table.region}` : ''}
            </a>
          </li>
        ))}
      </ul>
    </main>
  )
}
