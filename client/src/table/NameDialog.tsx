import { type FormEvent, useState } from 'react'
import { t } from '../i18n/messages.js'
import { type Identity, saveIdentity } from '../identity.js'

/**
 * Asked once per device; the name is shown with the person's caret and in the presence list.
 * It says which table one joins, and to someone with a read link, that others will see them
 * among those reading along (they have no caret).
 */
export function NameDialog({
  table,
  session,
  readOnly,
  initial,
  onDone,
}: {
  /** The table joined, as its page's header names it. */
  table: string
  /** The session's title. */
  session: string
  /** The link only reads: no caret, no writing. */
  readOnly: boolean
  initial: string
  onDone: (identity: Identity) => void
}) {
  const [name, setName] = useState(initial)
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (name.trim()) onDone(saveIdentity(name))
  }
  return (
    <form className="name-dialog" onSubmit={submit} aria-labelledby="name-title">
      <h2 id="name-title">{t('nameDialogTitle')}</h2>
      <p dir="auto">{t('nameDialogJoining', { table, session })}</p>
      <p id="name-help">{t(readOnly ? 'nameDialogHelpReader' : 'nameDialogHelp')}</p>
      <label htmlFor="name-input">{t('nameLabel')}</label>
      <input
        id="name-input"
        value={name}
        onChange={(event) => setName(event.target.value)}
        aria-describedby="name-help"
        autoComplete="name"
        maxLength={60}
        required
        // The dialog is the only thing on the page at that moment.
        // biome-ignore lint/a11y/noAutofocus: the name is the one thing to do here
        autoFocus
      />
      <button type="submit">{t('nameSave')}</button>
    </form>
  )
}
