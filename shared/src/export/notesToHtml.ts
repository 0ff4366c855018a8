import type * as Y from 'yjs'
import { safeHref } from '../text/linkPolicy.js'
import { isRightToLeft, isRightToLeftLanguage, markedLanguage } from '../text/textLanguage.js'
import { escapeXml as escapeHtml } from './escapeXml.js'
import { ENGLISH_EXPORT_WORDS, type ExportWords } from './exportLabels.js'
import { type Block, type Run, readNotes, type TableCell } from './notesModel.js'

function renderRuns(runs: readonly Run[]): string {
  return runs
    .map((run) => {
      let html = escapeHtml(run.text)
      if (run.code) html = `<code>${html}</code>`
      if (run.strike) html = `<s>${html}</s>`
      if (run.italic) html = `<em>${html}</em>`
      if (run.bold) html = `<strong>${html}</strong>`
      const href = run.href ? safeHref(run.href) : null
      if (href) html = `<a href="${escapeHtml(href)}">${html}</a>`
      return `${run.breakBefore ? '<br>' : ''}${html}`
    })
    .join('')
}

const textOf = (runs: readonly Run[]) => runs.map((run) => run.text).join('')

/**
 * Each paragraph takes its direction from its own text, as in the editor, and names its language
 * where it differs from the document's, so a screen reader switches voice.
 */
function textAttributes(runs: readonly Run[], documentLanguage: string): string {
  const text = textOf(runs)
  const language = markedLanguage(text, documentLanguage)
  const lang = language ? ` lang="${escapeHtml(language)}"` : ''
  return ` dir="${isRightToLeft(text) ? 'rtl' : 'ltr'}"${lang}`
}

/** The text a block starts with, which decides the direction of the list item it opens. */
function leadingText(blocks: readonly Block[]): string {
  for (const block of blocks) {
    if (block.type === 'heading' || block.type === 'paragraph') return textOf(block.runs)
    if (block.type === 'list') return leadingText(block.items[0] ?? [])
    if (block.type === 'quote') return leadingText(block.blocks)
    if (block.type === 'code') return block.text
  }
  return ''
}

const itemDirection = (item: readonly Block[]) => (isRightToLeft(leadingText(item)) ? 'rtl' : 'ltr')

function renderBlock(block: Block, language: string): string {
  const render = (inner: Block) => renderBlock(inner, language)
  switch (block.type) {
    case 'heading':
      return `<h${block.level}${textAttributes(block.runs, language)}>${renderRuns(block.runs)}</h${block.level}>`
    case 'paragraph':
      return `<p${textAttributes(block.runs, language)}>${renderRuns(block.runs)}</p>`
    case 'list': {
      // A list and each item take their first text's direction, so the bullet sits beside it.
      const tag = block.ordered ? 'ol' : 'ul'
      const start = block.ordered && block.start !== 1 ? ` start="${block.start}"` : ''
      const items = block.items.map(
        (item) => `<li dir="${itemDirection(item)}">${item.map(render).join('')}</li>`,
      )
      const first = block.items[0]
      const dir = first ? ` dir="${itemDirection(first)}"` : ''
      return `<${tag}${dir}${start}>${items.join('')}</${tag}>`
    }
    case 'quote':
      return `<blockquote>${block.blocks.map(render).join('')}</blockquote>`
    case 'code':
      return `<pre><code>${escapeHtml(block.text)}</code></pre>`
    case 'rule':
      return '<hr>'
    case 'table':
      return renderTable(block.rows, language)
  }
}

/** A table as HTML keeps it, spans included: header cells `<th>`, the others `<td>`. */
function renderTable(rows: readonly (readonly TableCell[])[], language: string): string {
  const cell = ({ header, colspan, rowspan, blocks }: TableCell) => {
    const tag = header ? 'th' : 'td'
    const spans = `${colspan > 1 ? ` colspan="${colspan}"` : ''}${rowspan > 1 ? ` rowspan="${rowspan}"` : ''}`
    return `<${tag}${spans}>${blocks.map((inner) => renderBlock(inner, language)).join('')}</${tag}>`
  }
  return `<table><tbody>${rows.map((row) => `<tr>${row.map(cell).join('')}</tr>`).join('')}</tbody></table>`
}

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1b1b1f}
h1,h2,h3,h4{line-height:1.25}table{border-collapse:collapse;margin-block:1rem}th,td{border:1px solid #d4d6dd;padding:.25rem .5rem;text-align:start;vertical-align:top}th{background:#f2f3f5}td>p:first-child,th>p:first-child{margin-block-start:0}td>p:last-child,th>p:last-child{margin-block-end:0}h4{color:#55565e}blockquote{border-inline-start:4px solid #d4d6dd;margin-inline:0;padding-inline-start:1rem}
@media print{body{margin:0;max-width:none;font-size:11pt}h2,h3,h4{break-after:avoid}a{color:inherit}}`

/**
 * A table's notes or a synthesis as one standalone HTML file: no scripts, no outside resources,
 * a print stylesheet so "Print → Save as PDF" gives the plenary a clean document.
 */
export function notesToHtml(
  doc: Y.Doc,
  title: string,
  {
    language = 'en',
    words = ENGLISH_EXPORT_WORDS,
  }: { language?: string; words?: ExportWords } = {},
): string {
  const body = readNotes(doc, words)
    .map((block) => renderBlock(block, language))
    .join('\n')
  const dir = isRightToLeftLanguage(language) ? 'rtl' : 'ltr'
  return `<!doctype html>
<html lang="${escapeHtml(language)}" dir="${dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${body}
</body>
</html>
`
}
