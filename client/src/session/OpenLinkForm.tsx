import { type FormEvent, useState } from 'react'
import { t } from '../i18n/messages.js'
import { linkTarget } from './linkTarget.js'

/** "Paste the link you were given": the way in for someone who opened the bare address. */
export function OpenLinkForm() {
  const [link, setLink] = useState('')
  const [invalid, setInvalid] = useState(false)
  const open = (event: FormEvent) => {
    event.preventDefault()
    const target = linkTarget(link, location.href)
    setInvalid(target === null)
    if (target) location.assign(target)
  }
  return (
    <form className="field open-link" onSubmit={open} noValidate>
      <label htmlFor="open-link">{t('openLinkLabel')}</label>
      <input
        id="open-link"
        type="url"
        value={link}
        dir="ltr"
        inputMode="url"
        autoComplete="off"
        aria-invalid={invalid}
        aria-describedby={invalid ? 'open-link-problem' : undefined}
        onChange={(event) => setLink(event.target.value)}
      />
      <button type="submit">{t('openLinkSubmit')}</button>
      {invalid && (
        <p id="open-link-problem" className="problems" role="alert">
          {t('openLinkInvalid')}
        </p>
      )}
    </form>
  )
}
