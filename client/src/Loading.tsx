import { t } from './i18n/messages.js'

/** A polite "Loading…" while a page fetches what it shows (<output> is a status region). */
export function Loading() {
  return (
    <p className="narrow">
      <output>{t('loading')}</output>
    </p>
  )
}
