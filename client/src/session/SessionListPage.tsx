import { readTokenClaims } from '@tablenotes/shared'
import { lazy, Suspense } from 'react'
import { keptSession } from '../api.js'
import { rememberedSessionIds, tokenFor } from '../auth/links.js'
import { t } from '../i18n/messages.js'
import { Loading } from '../Loading.js'
import { OpenLinkForm } from './OpenLinkForm.js'

const NewSessionForm = lazy(() =>
  import('../organizer/NewSessionForm.js').then((module) => ({ default: module.NewSessionForm })),
)

/**
 * `/`: what Tablenotes is, a way in with a pasted link, and the sessions this browser holds a
 * link for. There is no list of every session on the server: without an account, a person sees
 * only what their links open; an organizer gets the first links from the command line.
 */
export function SessionListPage() {
  const sessions = rememberedSessionIds().map((id) => ({ id, session: keptSession(id) }))
  const organizerToken = sessions
    .map(({ id }) => tokenFor(id))
    .find((token) => token !== null && readTokenClaims(token)?.role === 'organizer')
  return (
    <main id="notes" className="narrow">
      <h1>{t('appName')}</h1>
      <p>{t('frontIntro')}</p>
      <OpenLinkForm />
      <h2>{t('sessionsTitle')}</h2>
      {sessions.length === 0 && <p>{t('noSessions')}</p>}
      <ul className="table-list">
        {sessions.map(({ id, session }) => (
          <li key={id}>
            <a href={`/s/${id}`} dir="auto">
              {session?.title ?? id}
            </a>
            {session?.event && (
              <span className="hint" dir="auto">
                {' '}
                · {session.event}
              </span>
            )}
          </li>
        ))}
      </ul>
      {organizerToken ? (
        <Suspense fallback={<Loading />}>
          <NewSessionForm organizerToken={organizerToken} />
        </Suspense>
      ) : (
        <p className="hint">
          {t('organizerHint')} <code dir="ltr">pnpm tablenotes links SESSION</code>
        </p>
      )}
    </main>
  )
}
