import { AuthorshipSpanListSchema } from '@tablenotes/shared'
import type { Editor } from '@tiptap/core'
import { useEffect, useState } from 'react'
import { answerOf, apiRequest, sessionApi } from '../api.js'
import { tokenFor } from '../auth/links.js'
import { authorAt, authorHighlightsKey, setAuthorSpans } from '../editor/authorHighlights.js'
import { t } from '../i18n/messages.js'
import { AuthorLegend } from './AuthorLegend.js'

/**
 * How long after the last change the page asks the server again who wrote what, while the
 * toggle is on: new text is marked a moment after it is written, without a request per key.
 */
const REFRESH_AFTER_CHANGE_MS = 2_000

/** Who wrote what as the toggle shows it: its writers and their styles, or why not. */
type Shown = { writers: Array<[string, number]> } | 'loading' | 'failed'

/**
 * The "who wrote what" toggle of the table and synthesis editors (issue 17, item 2): a switch
 * (`aria-pressed`) that asks the server who wrote which text (`GET …/rooms/<room>/authorship`,
 * the server's record of each connection, never the page's claim) and marks it in the editor
 * (AuthorHighlights decorations, so nothing enters the document); a legend names each writer in
 * their style, the name shows on hover (the text's title) and, for the keyboard, a polite line
 * says who wrote the text at the caret. The server's record is asked again after changes.
 */
export function WhoWroteWhat({
  editor,
  sessionId,
  roomId,
}: {
  editor: Editor
  sessionId: string
  /** A table id or `_synthesis`. */
  roomId: string
}) {
  const [on, setOn] = useState(false)
  const [shown, setShown] = useState<Shown>('loading')
  const [atCaret, setAtCaret] = useState<string | null>(null)

  useEffect(() => {
    if (!on) return
    let live = true
    let timer: number | undefined
    const fetchSpans = () => {
      apiRequest(sessionApi(sessionId, `/rooms/${encodeURIComponent(roomId)}/authorship`), {
        token: tokenFor(sessionId),
      })
        .then((response) => answerOf(response, AuthorshipSpanListSchema))
        .then(
          (spans) => {
            if (!live) return
            editor.view.dispatch(setAuthorSpans(editor.state.tr, spans))
            const styles = authorHighlightsKey.getState(editor.state)?.styles ?? new Map()
            setShown({ writers: [...styles] })
          },
          () => live && setShown('failed'),
        )
    }
    const onUpdate = () => {
      window.clearTimeout(timer)
      timer = window.setTimeout(fetchSpans, REFRESH_AFTER_CHANGE_MS)
    }
    const onSelection = () => setAtCaret(authorAt(editor.state, editor.state.selection.head))
    setShown('loading')
    fetchSpans()
    editor.on('update', onUpdate)
    editor.on('selectionUpdate', onSelection)
    return () => {
      live = false
      window.clearTimeout(timer)
      editor.off('update', onUpdate)
      editor.off('selectionUpdate', onSelection)
      if (!editor.isDestroyed) editor.view.dispatch(setAuthorSpans(editor.state.tr, null))
      setAtCaret(null)
    }
  }, [on, editor, sessionId, roomId])

  return (
    <div className="who-wrote">
      <button type="button" aria-pressed={on} onClick={() => setOn(!on)}>
        {t('authorsToggle')}
      </button>
      {on && shown === 'failed' && <p role="alert">{t('authorsFailed')}</p>}
      {on && typeof shown === 'object' && (
        <AuthorLegend writers={shown.writers} label={t('authorsLegend')} />
      )}
      {on && (
        <output className="author-at-caret" aria-live="polite" dir="auto">
          {atCaret === null ? t('authorsNotAtCaret') : t('authorsAtCaret', { name: atCaret })}
        </output>
      )}
    </div>
  )
}
