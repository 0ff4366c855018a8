import { lazy, Suspense, useState } from 'react'
import { InterfaceLanguage } from './i18n/interfaceLanguageContext.js'
import { LanguageSwitch } from './i18n/LanguageSwitch.js'
import { interfaceLanguage, loadLanguage, rememberLanguage, t } from './i18n/messages.js'
import { Loading } from './Loading.js'
import { SessionListPage } from './session/SessionListPage.js'
import { SessionPage } from './session/SessionPage.js'
import { TablePage } from './table/TablePage.js'

// Only organizers print sheets; the table page does not carry this code.
const PrintSheets = lazy(() =>
  import('./organizer/PrintSheets.js').then((module) => ({ default: module.PrintSheets })),
)

const ModeratorWall = lazy(() =>
  import('./moderator/ModeratorWall.js').then((module) => ({ default: module.ModeratorWall })),
)

const SynthesisPage = lazy(() =>
  import('./synthesis/SynthesisPage.js').then((module) => ({ default: module.SynthesisPage })),
)

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
  const print = /^\/s\/([^/]+)\/print\/?$/.exec(path)
  if (print)
    return (
      <Suspense fallback={<Loading />}>
        <PrintSheets sessionId={decodeURIComponent(print[1]!)} />
      </Suspense>
    )
  const wall = /^\/s\/([^/]+)\/moderator\/?$/.exec(path)
  if (wall)
    return (
      <Suspense fallback={<Loading />}>
        <ModeratorWall sessionId={decodeURIComponent(wall[1]!)} />
      </Suspense>
    )
  const synthesis = /^\/s\/([^/]+)\/synthesis\/?$/.exec(path)
  if (synthesis)
    return (
      <Suspense fallback={<Loading />}>
        <SynthesisPage sessionId={decodeURIComponent(synthesis[1]!)} />
      </Suspense>
    )
  const session = /^\/s\/([^/]+)\/?$/.exec(path)
  if (session) return <SessionPage sessionId={decodeURIComponent(session[1]!)} />
  return <SessionListPage />
}

export function App() {
  const [language, setLanguage] = useState(interfaceLanguage)
  const switchLanguage = async (next: string) => {
    await loadLanguage(next)
    rememberLanguage(next)
    setLanguage(next)
  }
  // A new language re-renders the page, never remounts it: an open table keeps its connection
  // and its editor. Memoized parts and the editor follow the context.
  return (
    <InterfaceLanguage.Provider value={language}>
      <a className="skip-link" href="#notes">
        {t('skipToContent')}
      </a>
      <div className="app-bar">
        <LanguageSwitch language={language} onChange={switchLanguage} />
      </div>
      {route(location.pathname)}
    </InterfaceLanguage.Provider>
  )
}
