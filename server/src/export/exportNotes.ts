import { EXPORT_FORMATS, type ExportFormat, notesToHtml } from '@tablenotes/shared'
import type * as Y from 'yjs'
import { exportWords } from '../i18n/exportWords.js'
import { notesToDocx } from './notesToDocx.js'

export { EXPORT_FORMATS, type ExportFormat }

/** Whether `value` names an export format (the command line's `--format`). */
export function isExportFormat(value: unknown): value is ExportFormat {
  return EXPORT_FORMATS.includes(value as ExportFormat)
}

/**
 * A notes document (a table's or the synthesis) in one of the export formats, its labels in the
 * document's language: the table's, or for the synthesis the session's. The Markdown writer and
 * its serialiser are imported on the first Markdown export, so that starting the server or a
 * command pays nothing for them.
 */
export async function exportNotes(
  doc: Y.Doc,
  format: ExportFormat,
  { title, language }: { title: string; language: string },
): Promise<{ body: string | Buffer; contentType: string }> {
  const words = exportWords(language)
  switch (format) {
    case 'md': {
      const { notesToMarkdown } = await import('@tablenotes/shared/markdown')
      return {
        body: notesToMarkdown(doc, { words }),
        contentType: 'text/markdown; charset=utf-8',
      }
    }
    case 'html':
      return {
        body: notesToHtml(doc, title, { language, words }),
        contentType: 'text/html; charset=utf-8',
      }
    case 'docx':
      return {
        body: notesToDocx(doc, { language, words }),
        contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      }
  }
}
