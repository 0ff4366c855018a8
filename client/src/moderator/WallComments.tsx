import { mayComment, openCommentCount } from '@tablenotes/shared'
import { type RefObject, useMemo, useState } from 'react'
import type * as Y from 'yjs'
import { claimsFor } from '../auth/links.js'
import { CommentsPanel } from '../comments/CommentsPanel.js'
import type { QuoteChoice } from '../comments/commentHighlights.js'
import { commentWriter } from '../comments/commentsApi.js'
import { t } from '../i18n/messages.js'
import { readIdentity } from '../identity.js'

/** "2 open comments" on a wall card; nothing while a table has none. */
export function OpenCommentCount({ doc }: { doc: Y.Doc }) {
  const count = openCommentCount(doc)
  if (count === 0) return null
  return <p className="comment-count">{t('commentsOpenCount', { count })}</p>
}

/**
 * The words selected in a card's notes (a light rendering, not an editor) as a quote: the
 * selection's text, and how often it occurs in the notes' text before it, which stands for the
 * server's count of earlier places (`findQuote`) as long as the quote does not also occur
 * across a paragraph's end. Null for an empty selection, one outside `notes` or over a line end.
 */
function selectedQuote(notes: HTMLElement): QuoteChoice | null {
  const selection = window.getSelection()
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null
  const range = selection.getRangeAt(0)
  if (!notes.contains(range.startContainer) || !notes.contains(range.endContainer)) return null
  const quote = range.toString()
  if (quote.trim() === '' || /[\n\r]/.test(quote)) return null
  const before = document.createRange()
  before.setStart(notes, 0)
  before.setEnd(range.startContainer, range.startOffset)
  const text = `${before.toString()}${quote}`
  let occurrence = 0
  for (let at = text.indexOf(quote); at !== -1 && at < text.length - quote.length; ) {
    occurrence++
    at = text.indexOf(quote, at + 1)
  }
  return { quote, occurrence }
}

/**
 * A table's comments in the wall's large view (issue 20, item 1): the list with replies,
 * resolve and reopen, and a button that comments on the words selected in the card's notes.
 */
export function WallComments({
  sessionId,
  tableId,
  doc,
  notes,
}: {
  sessionId: string
  tableId: string
  doc: Y.Doc
  /** The card's rendering of the notes, where the words to comment on are selected. */
  notes: RefObject<HTMLElement | null>
}) {
  const [draft, setDraft] = useState<QuoteChoice | null>(null)
  const [hint, setHint] = useState(false)
  const writer = useMemo(() => {
    const claims = claimsFor(sessionId)
    const may = claims !== null && mayComment(claims, { sessionId, roomId: tableId })
    return may ? commentWriter(sessionId, tableId) : null
  }, [sessionId, tableId])
  return (
    <div className="wall-comments">
      {writer && (
        <p>
          <button
            type="button"
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => {
              const quote = notes.current ? selectedQuote(notes.current) : null
              setHint(quote === null)
              setDraft(quote)
            }}
          >
            {t('commentOnSelection')}
          </button>{' '}
          {hint && <output className="comment-hint">{t('commentSelectFirst')}</output>}
        </p>
      )}
      <CommentsPanel
        doc={doc}
        writer={writer}
        author={readIdentity()?.name ?? ''}
        draft={draft}
        onDraftDone={() => setDraft(null)}
        headingLevel={4}
      />
    </div>
  )
}
