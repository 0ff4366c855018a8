import type * as Y from 'yjs'
import { isRightToLeft } from '../text/textLanguage.js'
import { type Block, type Run, readNotes } from './notesModel.js'

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }
const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (char) => ESCAPES[char]!)

/** Only web and mail links become links; anything else (javascript:, data:) stays text. */
function safeHref(href: string): string | null {
  return /^(https?:|mailto:)/i.test(href.trim()) ? href.trim() : null
}

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
/** Each paragraph takes its direction from its own text, as in the editor. */
const dir = (runs: readonly Run[]) => (isRightToLeft(textOf(runs)) ? 'rtl' : 'ltr')

function renderBlock(block: Block): string {
  switch (block.type) {
    case 'heading':
      return `<h${block.level} dir="${dir(block.runs)}">${renderRuns(block.runs)}</h${block.level}>`
    case 'paragraph':
      return `<p dir="${dir(block.runs)}">${renderRuns(block.runs)}</p>`
    case 'list': {
      const tag = block.ordered ? 'ol' : 'ul'
      const items = block.items.map((item) => `<li>${item.map(renderBlock).join('')}</li>`)
      return `<${tag}>${items.join('')}</${tag}>`
    }
    case 'quote':
      return `<blockquote>${block.blocks.map(renderBlock).join('')}</blockquote>`
    case 'code':
      return `<pre><code>${escapeHtml(block.text)}</code></pre>`
    case 'rule':
      return '<hr>'
  }
}

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1b1b1f}
h1,h2,h3,h4{line-height:1.25}h4{color:#55565e}blockquote{border-inline-start:4px solid #d4d6dd;margin-inline:0;padding-inline-start:1rem}
@media print{body{margin:0;max-width:none;font-size:11pt}h2,h3,h4{break-after:avoid}a{color:inherit}}`

/**
 * A table's notes or a synthesis as one standalone HTML file: no scripts, no outside resources,
 * a print stylesheet so "Print → Save as PDF" gives the plenary a clean document.
 */
export function notesToHtml(doc: Y.Doc, title: string): string {
  const body = readNotes(doc).map(renderBlock).join('\n')
  return `<!doctype html>
<html lang="en">
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
