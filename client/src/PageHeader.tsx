import { type ReactNode, useEffect, useRef } from 'react'
import { t } from './i18n/messages.js'

/**
 * Keeps `--page-header-height` on the root element equal to the sticky header's height, so the
 * editor's toolbar sticks right under it and focused elements scroll clear of both, however
 * the header wraps on a phone or grows with the moderators' signals.
 */
function usePublishedHeight(element: React.RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const header = element.current
    if (!header) return
    const root = document.documentElement
    const observer = new ResizeObserver(() => {
      root.style.setProperty('--page-header-height', `${header.offsetHeight}px`)
    })
    observer.observe(header)
    return () => {
      observer.disconnect()
      root.style.removeProperty('--page-header-height')
    }
  }, [element])
}

/**
 * The bar on top of a session's working pages: back to the session, its title, the page's; and
 * below it, while people work, the moderators' signals (clock, announcement, lock), so they stay
 * in view at the top of the page however far down one writes.
 */
export function PageHeader({
  session,
  title,
  children,
  signals,
}: {
  session: { id: string; title: string }
  title: string
  /** Shown at the end of the bar, e.g. the save status. */
  children?: ReactNode
  /** Shown under the bar, in the sticky header: the session's ControlBar. */
  signals?: ReactNode
}) {
  const header = useRef<HTMLElement>(null)
  usePublishedHeight(header)
  return (
    <header className="page-header" ref={header}>
      <div className="page-header-bar">
        <a href={`/s/${session.id}`} className="back">
          {t('backToSession')}
        </a>
        <div className="titles page-aligned">
          <p className="session-title" dir="auto">
            {session.title}
          </p>
          <h1 dir="auto">{title}</h1>
        </div>
        {children}
      </div>
      {signals}
    </header>
  )
}
