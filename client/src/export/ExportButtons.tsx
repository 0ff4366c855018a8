import { useState } from 'react'
import type * as Y from 'yjs'
import { apiRequest, sessionApi } from '../api.js'
import { tokenFor } from '../auth/links.js'
import { exportWordsIn, t } from '../i18n/messages.js'

/** Offers `blob` to the person as a file download named `filename`. */
export function downloadBlob(blob: Blob, filename: string): void {
  const link = document.createElement('a')
  link.href = URL.createObjectURL(blob)
  link.download = filename
  link.click()
  setTimeout(() => URL.revokeObjectURL(link.href), 1000)
}

/**
 * The live document as Markdown, by the writer the server's export uses, its labels in the
 * document's language. The writer (with its CommonMark serialiser) is a chunk of its own, loaded
 * on the first download; the service worker keeps it, so the download works offline.
 */
async function markdownOf(doc: Y.Doc, language: string): Promise<string> {
  const [{ notesToMarkdown }, words] = await Promise.all([
    import('@tablenotes/shared/markdown'),
    exportWordsIn(language),
  ])
  return notesToMarkdown(doc, { words })
}

/**
 * Downloads of a notes document: Markdown made here from the live document `doc` (so it works
 * offline), Word and a printable web page made by the server from what it has stored.
 */
export function ExportButtons({
  sessionId,
  route,
  filename,
  doc,
  language,
}: {
  sessionId: string
  /** `synthesis` or `tables/<tableId>`, under /api/sessions/<sessionId>/. */
  route: string
  filename: string
  doc: Y.Doc
  /** The document's language: the table's, or the session's for the synthesis. */
  language: string
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
            new Blob([await markdownOf(doc, language)], { type: 'text/markdown;charset=utf-8' }),
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
