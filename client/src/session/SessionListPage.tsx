import { useEffect, useState } from 'react'
import { fetchSessions, type SessionSummary } from '../api.js'
import { t } from '../i18n/messages.js'
import { Loading } from '../Loading.js'

/** `/`: every session on this server. */
export function SessionListPage() {
  const [sessions, setSessions] = useState<SessionSummary[] | 'loading' | 'failed'>('loading')
  useEffect(() => {
    fetchSessions().then(setSessions, () => setSessions('failed'))
  }, [])
  if (sessions === 'loading') return <Loading />
  if (sessions === 'failed') return <p role="alert">{t('loadFailed')}</p>
  return (
    <main id="notes" className="narrow">
      <h1>{t('sessionsTitle')}</h1>
      {sessions.length === 0 && <p>{t('noSessions')}</p>}
      <ul className="table-list">
        {sessions.map((session) => (
          <li key={session.id}>
            <a href={`/s/${session.id}`} dir="auto">
              {session.title}
            </a>
            {session.event && (
              <span className="hint" dir="auto">
                {' '}
                · {session.event}
              </span>
            )}
          </li>
        ))}
      </ul>
    </main>
  )
}
