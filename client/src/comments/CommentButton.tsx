import type { Editor } from '@tiptap/core'
import { useState } from 'react'
import { t } from '../i18n/messages.js'
import { type QuoteChoice, quoteAt } from './commentHighlights.js'

/**
 * The selection to comment on: the browser's, read through the editor's view, since a
 * read-only editor (a moderator's) does not follow it into its own state; else the editor's.
 */
function selectedQuote(editor: Editor): QuoteChoice | null {
  const { view } = editor
  const selection = window.getSelection()
  if (
    selection &&
    selection.rangeCount > 0 &&
    !selection.isCollapsed &&
    view.dom.contains(selection.anchorNode) &&
    view.dom.contains(selection.focusNode)
  ) {
    const range = selection.getRangeAt(0)
    const from = view.posAtDOM(range.startContainer, range.startOffset)
    const to = view.posAtDOM(range.endContainer, range.endOffset)
    return quoteAt(view.state.doc, from, to)
  }
  const { from, to } = editor.state.selection
  return quoteAt(editor.state.doc, from, to)
}

/**
 * The toolbar's "Comment" button: opens the comments' form for the selected words (one run of
 * a paragraph), or says to select some first. Keeps the selection (no focus move on press).
 */
export function CommentButton({
  editor,
  onComment,
}: {
  editor: Editor
  onComment: (quote: QuoteChoice) => void
}) {
  const [hint, setHint] = useState(false)
  return (
    <>
      <button
        type="button"
        className="comment-button"
        title={t('commentOnSelection')}
        aria-label={t('commentOnSelection')}
        onMouseDown={(event) => event.preventDefault()}
        onClick={() => {
          const quote = selectedQuote(editor)
          setHint(quote === null)
          if (quote) onComment(quote)
        }}
      >
        <span aria-hidden="true">{t('commentButton')}</span>
      </button>
      {hint && <output className="comment-hint">{t('commentSelectFirst')}</output>}
    </>
  )
}
