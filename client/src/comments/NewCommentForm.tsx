import { useEffect, useId, useRef, useState } from 'react'
import { t } from '../i18n/messages.js'
import type { CommentAnswer } from './commentsApi.js'

interface NewCommentFormProps {
  /** The quoted text the comment is about. */
  quote: string
  /** Sends the comment; resolves with the server's answer. */
  onSend: (text: string) => Promise<CommentAnswer>
  /** Closes the form, after a sent comment or a cancel. */
  onDone: () => void
}

/**
 * The form for a new comment on a quote: the focus moves into its text box as it opens, and
 * returns to the caller's choice when it closes; a refusal is said where the form is.
 */
export function NewCommentForm({ quote, onSend, onDone }: NewCommentFormProps) {
  const [text, setText] = useState('')
  const [sending, setSending] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const box = useRef<HTMLTextAreaElement>(null)
  const boxId = useId()
  useEffect(() => box.current?.focus(), [])
  return (
    <form
      className="comment-form"
      onSubmit={async (event) => {
        event.preventDefault()
        if (text.trim() === '' || sending) return
        setSending(true)
        const answer = await onSend(text.trim())
        setSending(false)
        if ('comment' in answer) return onDone()
        setProblem(t(answer.refused === 'quoteNotFound' ? 'commentQuoteNotFound' : 'commentFailed'))
      }}
    >
      <label htmlFor={boxId}>{t('commentNewLabel', { quote })}</label>
      <textarea
        id={boxId}
        ref={box}
        value={text}
        maxLength={2000}
        rows={3}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') onDone()
        }}
      />
      <div className="comment-actions">
        <button type="submit" disabled={sending}>
          {t('commentPost')}
        </button>
        <button type="button" onClick={onDone}>
          {t('commentCancel')}
        </button>
      </div>
      {problem && <p role="alert">{problem}</p>}
    </form>
  )
}
