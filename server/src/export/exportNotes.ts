import { notesToHtml, tableToMarkdown } from '@tablenotes/shared'
import type * as Y from 'yjs'
import { notesToDocx } from './notesToDocx.js'

export const EXPORT_FORMATS = ['md', 'html', 'docx'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

export function isExportFormat(value: unknown): value is ExportFormat {
  return EXPORT_FORMATS.includes(value as ExportFormat)
}

/** A notes document (a table's or the synthesis) in one of the export formats. */
export function exportNotes(
  doc: Y.Doc,
  format: ExportFormat,
  title: string,
): { body: string | Buffer; contentType: string } {
  switch (format) {
    case 'md':
      return { body: tableToMarkdown(doc), contentType: 'text/markdown; charset=utf-8' }
    case 'html':
      return { body: notesToHtml(doc, title), contentType: 'text/html; charset=utf-8' }
    case 'docx':
      return {
        body: notesToDocx(doc),
        contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      }
  }
}
