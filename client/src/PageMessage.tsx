import { t } from './i18n/messages.js'

/** A page that cannot show what was asked: says why, and offers the way back. */
export function PageMessage({ text }: { text: string }) {
  return (
    <main id="notes" className="narrow">
      <h1>{t('appName')}</h1>
      <p role="alert">{text}</p>
      <p>
        <a href="/">{t('sessionsTitle')}</a>
      </p>
    </main>
  )
}
