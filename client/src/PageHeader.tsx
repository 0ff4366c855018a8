import type { ReactNode } from 'react'
import { t } from './i18n/messages.js'

/** The bar on top of a session's working pages: back to the session, its title, the page's. */
export function PageHeader({
  session,
  title,
  children,
}: {
  session: { id: string; title: string }
  title: string
  /** Shown at the end of the bar, e.g. the save status. */
  children?: ReactNode
}) {
  return (
    <header className="page-header">
      <a href={`/s/${session.id}`} className="back">
        {t('backToSession')}
      </a>
      <div className="titles">
        <p className="session-title" dir="auto">
          {session.title}
        </p>
        <h1 dir="auto">{title}</h1>
      </div>
      {children}
    </header>
  )
}
