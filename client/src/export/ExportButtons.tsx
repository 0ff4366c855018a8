import { useState } from 'react'
import { apiRequest, sessionApi } from '../api.js'
import { tokenFor } from '../auth/links.js'
import { t } from '../i18n/messages.js'

/** Offers `blob` to the person as a file download named `filename`. */
export function downloadBlob(blob: Blob, filename: string): void {
  const link = document.createElement('a')
  link.href = URL.createObjectURL(blob)
  link.download = filename
  link.click()
  setTimeout(() => URL.revokeObjectURL(link.href), 1000)
}

/**
 * Downloads of a notes document: Markdown made here from the live document (so it works
 * offline), Word and a printable web page made by the server from what it has stored.
 */
export function ExportButtons({
  sessionId,
  route,
  filename,
  markdown,
}: {
  sessionId: string
  /** `synthesis` or `tables/<tableId>`, under /api/sessions/<sessionId>/. */
  route: string
  filename: string
  markdown: () => Promise<string>
}) {
  const [failed, setFailed] = useState(false)
  const fromServer = async (format: 'docx' | 'html') => {
    setFailed(false)
    try {
      const response = await apiRequest(
        sessionApi(sessionId, `/${route}/export?format=${format}`),
        {
          token: tokenFor(sessionId),
        },
      )
      downloadBlob(await response.blob(), `${filename}.${format}`)
    } catch {
      setFailed(true)
    }
  }
  return (
    <p className="export-buttons">
      <button
        type="button"
        onClick={async () =>
          downloadBlob(
            new Blob([await markdown()], { type: 'text/markdown;charset=utf-8' }),
            `${filename}.md`,
          )
        }
      >
        {t('exportMarkdown')}
      </button>{' '}
      <button type="button" onClick={() => void fromServer('docx')}>
        {t('exportWord')}
      </button>{' '}
      <button type="button" onClick={() => void fromServer('html')}>
        {t('exportHtml')}
      </button>
      <output aria-live="polite">{failed ? ` ${t('exportFailed')}` : ''}</output>
    </p>
  )
}
