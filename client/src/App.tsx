import { lazy, type ReactNode, Suspense, useState } from 'react'
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

/** A page whose code loads when it is first opened, with the loading message until then. */
const loaded = (page: ReactNode) => <Suspense fallback={<Loading />}>{page}</Suspense>

/**
 * The pages by path, first match wins: each pattern's groups are the URL-encoded ids its page
 * takes, in order (`ids[0]` the session's, `ids[1]` the table's).
 */
const ROUTES: ReadonlyArray<{ pattern: RegExp; page: (ids: string[]) => ReactNode }> = [
  {
    pattern: /^\/s\/([^/]+)\/t\/([^/]+)\/?$/,
    page: (ids) => <TablePage sessionId={ids[0]!} tableId={ids[1]!} />,
  },
  {
    pattern: /^\/s\/([^/]+)\/print\/?$/,
    page: (ids) => loaded(<PrintSheets sessionId={ids[0]!} />),
  },
  {
    pattern: /^\/s\/([^/]+)\/moderator\/?$/,
    page: (ids) => loaded(<ModeratorWall sessionId={ids[0]!} />),
  },
  {
    pattern: /^\/s\/([^/]+)\/synthesis\/?$/,
    page: (ids) => loaded(<SynthesisPage sessionId={ids[0]!} />),
  },
  { pattern: /^\/s\/([^/]+)\/?$/, page: (ids) => <SessionPage sessionId={ids[0]!} /> },
]

/** Routes by path; links are plain anchors, and the service worker makes page loads local. */
function route(path: string): ReactNode {
  for (const { pattern, page } of ROUTES) {
    const match = pattern.exec(path)
    if (match) return page(match.slice(1).map(decodeURIComponent))
  }
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
