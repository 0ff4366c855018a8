import type { ReactNode } from 'react'
import { t } from './i18n/messages.js'

/** A page that cannot show what was asked: says why, what can still be done, and the way back. */
export function PageMessage({ text, children }: { text: string; children?: ReactNode }) {
  return (
    <main id="notes" className="narrow">
      <h1>{t('appName')}</h1>
      <p role="alert">{text}</p>
      {children}
      <p>
        <a href="/">{t('sessionsTitle')}</a>
      </p>
    </main>
  )
}
