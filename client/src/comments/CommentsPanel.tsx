import type { MessageKey, Role, TableComment } from '@tablenotes/shared'
import { useEffect, useId, useRef, useState } from 'react'
import type * as Y from 'yjs'
import { t } from '../i18n/messages.js'
import type { QuoteChoice } from './commentHighlights.js'
import type { CommentWriter } from './commentsApi.js'
import { NewCommentForm } from './NewCommentForm.js'
import { useComments } from './useComments.js'

interface CommentsPanelProps {
  doc: Y.Doc
  /** The link's writes, or null for a link that only reads the comments. */
  writer: CommentWriter | null
  /** The name this person gave, written as the author of their comments. */
  author: string
  /** A quote chosen with the toolbar's Comment button: the form for it is open. */
  draft: QuoteChoice | null
  onDraftDone: () => void
  /** The heading's level: 2 beside a table's notes, 4 inside a wall's card. */
  headingLevel?: 2 | 4
}

/** The catalogue's word for each role, shown beside every comment author's name. */
const ROLE_WORDS: Record<Role, MessageKey> = {
  organizer: 'commentRoleOrganizer',
  moderator: 'commentRoleModerator',
  rapporteur: 'commentRoleRapporteur',
  editor: 'commentRoleEditor',
  viewer: 'commentRoleViewer',
}

/** The role the server vouched for, in the page's language; a role it does not know stays as is. */
function roleWord(role: Role): string {
  const key = ROLE_WORDS[role]
  return key ? t(key) : String(role)
}

/**
 * A comment's or reply's writer: the name they gave, isolated (`<bdi>`, so its direction never
 * reorders the text after it), then the role the server vouched for in a small label of its
 * own, so a name such as "Moderator" on a table's link cannot pass for the moderator.
 */
function Author({ name, role }: { name: string; role: Role }) {
  return (
    <>
      <strong>
        <bdi>{name}</bdi>
      </strong>{' '}
      <span className="comment-role" data-role={role}>
        {roleWord(role)}
      </span>
    </>
  )
}

/**
 * "New comment from Lucía (moderator) on “funding”: Which cities?": told politely (aria-live) once for each
 * comment that arrives from someone else while the page is open; those already there when the
 * page opened, and this page's own, are listed, not announced.
 */
function useNewCommentAnnouncement(comments: readonly TableComment[], own: Set<string>): string {
  const [announcement, setAnnouncement] = useState('')
  const known = useRef<Set<string> | null>(null)
  useEffect(() => {
    if (known.current === null) {
      known.current = new Set(comments.map((comment) => comment.id))
      return
    }
    const arrived = comments.filter((comment) => !known.current!.has(comment.id))
    for (const comment of arrived) known.current.add(comment.id)
    const fromOthers = arrived.filter((comment) => !own.delete(`${comment.quote}\n${comment.text}`))
    const last = fromOthers.at(-1)
    if (last) {
      setAnnouncement(
        t('commentAnnounce', {
          author: last.author,
          role: roleWord(last.role),
          quote: last.quote,
          text: last.text,
        }),
      )
    }
  }, [comments, own])
  return announcement
}

/**
 * The table's comments beside its notes (below them on a phone): the open ones, each with its
 * quote, replies, a reply form and Resolve; the resolved ones folded away with Reopen; and the
 * form for a new comment on the selection the toolbar's button chose (issue 20, item 1). Every
 * write goes to the server, whose change reaches this list through the document.
 */
export function CommentsPanel({
  doc,
  writer,
  author,
  draft,
  onDraftDone,
  headingLevel = 2,
}: CommentsPanelProps) {
  const comments = useComments(doc)
  // This page's comments in flight, by quote and text: the document may bring them first.
  const own = useRef(new Set<string>()).current
  const announcement = useNewCommentAnnouncement(comments, own)
  const open = comments.filter((comment) => !comment.resolved)
  const resolved = comments.filter((comment) => comment.resolved)
  const Heading = headingLevel === 2 ? 'h2' : 'h4'
  const titleId = useId()
  return (
    <section className="comments" aria-labelledby={titleId}>
      <Heading id={titleId}>{t('commentsTitle')}</Heading>
      {writer && draft && (
        <NewCommentForm
          quote={draft.quote}
          onSend={(text) => {
            own.add(`${draft.quote}\n${text}`)
            return writer.add(text, draft.quote, draft.occurrence, author)
          }}
          onDone={onDraftDone}
        />
      )}
      {open.length === 0 ? (
        <p className="hint">{writer ? t('commentsNoneCanComment') : t('commentsNone')}</p>
      ) : (
        <ul className="comment-list">
          {open.map((comment) => (
            <CommentItem key={comment.id} comment={comment} writer={writer} author={author} />
          ))}
        </ul>
      )}
      {resolved.length > 0 && (
        <details className="comments-resolved">
          <summary>{t('commentsResolved', { count: resolved.length })}</summary>
          <ul className="comment-list">
            {resolved.map((comment) => (
              <CommentItem key={comment.id} comment={comment} writer={writer} author={author} />
            ))}
          </ul>
        </details>
      )}
      <output className="visually-hidden" aria-live="polite" data-testid="comment-announcement">
        {announcement}
      </output>
    </section>
  )
}

function CommentItem({
  comment,
  writer,
  author,
}: {
  comment: TableComment
  writer: CommentWriter | null
  author: string
}) {
  const [replying, setReplying] = useState(false)
  const [reply, setReply] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const replyId = `reply-${comment.id}`
  // Each comment's buttons say which comment they act on: its quote describes them.
  const quoteId = `quote-${comment.id}`
  const run = async (write: () => Promise<{ refused: string } | object>) => {
    setBusy(true)
    const answer = await write()
    setBusy(false)
    setProblem('refused' in answer ? t('commentFailed') : null)
    return !('refused' in answer)
  }
  return (
    <li className="comment" data-comment-id={comment.id} data-resolved={comment.resolved}>
      <blockquote id={quoteId} dir="auto">
        {comment.quote}
      </blockquote>
      <p dir="auto">
        <Author name={comment.author} role={comment.role} /> {comment.text}
      </p>
      {comment.replies.length > 0 && (
        <ul className="comment-replies">
          {comment.replies.map((each) => (
            <li key={each.id} dir="auto">
              <Author name={each.author} role={each.role} /> {each.text}
            </li>
          ))}
        </ul>
      )}
      {writer && replying && (
        <form
          onSubmit={async (event) => {
            event.preventDefault()
            if (reply.trim() === '') return
            if (await run(() => writer.reply(comment.id, reply.trim(), author))) {
              setReply('')
              setReplying(false)
            }
          }}
        >
          <label htmlFor={replyId}>{t('commentReplyLabel', { author: comment.author })}</label>
          <textarea
            id={replyId}
            value={reply}
            maxLength={2000}
            rows={2}
            // biome-ignore lint/a11y/noAutofocus: the person just asked to reply here
            autoFocus
            onChange={(event) => setReply(event.target.value)}
          />
          <div className="comment-actions">
            <button type="submit" disabled={busy}>
              {t('commentReplySend')}
            </button>
            <button type="button" onClick={() => setReplying(false)}>
              {t('commentCancel')}
            </button>
          </div>
        </form>
      )}
      {writer && !replying && (
        <div className="comment-actions">
          {!comment.resolved && (
            <button type="button" aria-describedby={quoteId} onClick={() => setReplying(true)}>
              {t('commentReply')}
            </button>
          )}
          <button
            type="button"
            aria-describedby={quoteId}
            disabled={busy}
            onClick={() => run(() => writer.setResolved(comment.id, !comment.resolved))}
          >
            {comment.resolved ? t('commentReopen') : t('commentResolve')}
          </button>
        </div>
      )}
      {problem && <p role="alert">{problem}</p>}
    </li>
  )
}
