import { MAX_VERSION_LABEL, NamedVersionsSchema } from '@tablenotes/shared'
import { type FormEvent, useState } from 'react'
import { answerOf, apiRequest, sessionApi } from '../api.js'
import { tokenFor } from '../auth/links.js'
import { t } from '../i18n/messages.js'

/**
 * The wall's "Name a version" control (issue 17, item 1): `POST /api/sessions/<id>/versions`
 * with `{ label }` (1 to MAX_VERSION_LABEL characters; moderator or organizer) takes a named
 * version of every table and of the synthesis at once; the answer's `versions` say how many
 * rooms were saved, which a polite status reads out.
 */
export function NameVersionForm({ sessionId }: { sessionId: string }) {
  const [label, setLabel] = useState('')
  const [saving, setSaving] = useState(false)
  const [status, setStatus] = useState('')
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const text = label.trim()
    if (text === '') return
    setSaving(true)
    setStatus('')
    try {
      const response = await apiRequest(sessionApi(sessionId, '/versions'), {
        token: tokenFor(sessionId),
        method: 'POST',
        body: { label: text },
      })
      const named = await answerOf(response, NamedVersionsSchema)
      setStatus(t('nameVersionSaved', { label: named.label, count: named.versions.length }))
      setLabel('')
    } catch {
      setStatus(t('nameVersionFailed'))
    } finally {
      setSaving(false)
    }
  }
  return (
    <form onSubmit={submit} className="inline-form name-version">
      <label>
        {t('nameVersionLabel')}{' '}
        <input
          value={label}
          dir="auto"
          required
          maxLength={MAX_VERSION_LABEL}
          placeholder={t('nameVersionPlaceholder')}
          onChange={(event) => setLabel(event.target.value)}
        />
      </label>
      <button type="submit" disabled={saving}>
        {t('nameVersionSubmit')}
      </button>
      <output aria-live="polite">{status}</output>
    </form>
  )
}
