import { t } from './i18n/messages.js'
import { SessionListPage } from './session/SessionListPage.js'
import { SessionPage } from './session/SessionPage.js'
import { TablePage } from './table/TablePage.js'

/** Routes by path; links are plain anchors, and the service worker makes page loads local. */
function route(path: string) {
  const table = /^\/s\/([^/]+)\/t\/([^/]+)\/?$/.exec(path)
  if (table)
    return (
      <TablePage
        sessionId={decodeURIComponent(table[1]!)}
        tableId={decodeURIComponent(table[2]!)}
      />
    )
  const session = /^\/s\/([^/]+)\/?$/.exec(path)
  if (session) return <SessionPage sessionId={decodeURIComponent(session[1]!)} />
  return <SessionListPage />
}

export function App() {
  return (
    <>
      <a className="skip-link" href="#notes">
        {t('skipToContent')}
      </a>
      {route(location.pathname)}
    </>
  )
}
