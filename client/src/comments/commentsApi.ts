import { type CommentBody, CommentSchema } from '@tablenotes/shared'
import { answerOf, apiRequest, sessionApi } from '../api.js'
import { tokenFor } from '../auth/links.js'

/** `/api/sessions/<id>/rooms/<table>/comments<rest>` (README, "Comments"). */
const commentsApi = (sessionId: string, tableId: string, rest = '') =>
  sessionApi(sessionId, `/rooms/${encodeURIComponent(tableId)}/comments${rest}`)

/** Why a comment write did not happen, for the page to say. */
export type CommentRefusal = 'quoteNotFound' | 'failed'

/** What a write answered: the comment as stored, or why not. */
export type CommentAnswer = { comment: CommentBody } | { refused: CommentRefusal }

/**
 * The page's comment writes, with the session's link: the server applies each to the table's
 * document, which then reaches every page, this one included, over the room's socket.
 */
export function commentWriter(sessionId: string, tableId: string) {
  const withToken = (path: string, body: unknown, ok: number) =>
    sendWithToken(sessionId, path, body, ok)
  return {
    /** A new comment on the `occurrence`-th place of `quote` in the notes (0: the first). */
    add: (text: string, quote: string, occurrence: number, author: string) =>
      withToken(commentsApi(sessionId, tableId), { text, quote, occurrence, author }, 201),
    reply: (id: string, text: string, author: string) =>
      withToken(
        commentsApi(sessionId, tableId, `/${encodeURIComponent(id)}/replies`),
        { text, author },
        201,
      ),
    setResolved: (id: string, resolved: boolean) =>
      withToken(
        commentsApi(
          sessionId,
          tableId,
          `/${encodeURIComponent(id)}/${resolved ? 'resolve' : 'reopen'}`,
        ),
        {},
        200,
      ),
  }
}

export type CommentWriter = ReturnType<typeof commentWriter>

async function sendWithToken(
  sessionId: string,
  path: string,
  body: unknown,
  ok: number,
): Promise<CommentAnswer> {
  try {
    const response = await apiRequest(path, {
      token: tokenFor(sessionId),
      method: 'POST',
      body,
      answers: 'all',
    })
    if (response.status === ok) return { comment: await answerOf(response, CommentSchema) }
    return { refused: response.status === 422 ? 'quoteNotFound' : 'failed' }
  } catch {
    return { refused: 'failed' }
  }
}
