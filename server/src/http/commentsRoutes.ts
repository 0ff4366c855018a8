import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  addComment,
  addReply,
  type CommentBody,
  CommentListSchema,
  CommentParamsSchema,
  CommentSchema,
  commentEntry,
  commentsOf,
  findQuote,
  MAX_COMMENTS,
  MAX_REPLIES,
  mayComment,
  NewCommentBodySchema,
  NewReplyBodySchema,
  parseRoomName,
  type RoomName,
  RoomParamsSchema,
  readComment,
  readComments,
  replyCount,
  roomAccess,
  setResolved,
  type TableComment,
  type TokenClaims,
  TokenQuerySchema,
} from '@tablenotes/shared'
import type { FastifyRequest, FastifySchema } from 'fastify'
import type * as Y from 'yjs'
import { newCommentEntry } from './commentAuthor.js'
import {
  AccessRefusedError,
  ConflictError,
  ErrorCode,
  NotFoundError,
  REFUSALS,
  UnprocessableError,
} from './errors.js'
import { perLinkRateLimit } from './perLinkRateLimit.js'
import { type ApiRoutesOptions, admitted, sessionAccess } from './sessionAccess.js'

/**
 * How many comment writes (comments, replies, resolves, reopens) one link may make in a minute:
 * people write a comment in a minute or more, and a moderator resolving a wall's worth of them
 * stays far below; each write is stored for good, so a script must not fill the store.
 */
const COMMENT_WRITES_PER_MINUTE = 60

const commentWriteLimit = perLinkRateLimit('comments', COMMENT_WRITES_PER_MINUTE, 'comment writes')

/** A comment as the API gives it (CommentSchema): times in ISO 8601, no anchor bytes. */
function toCommentBody(comment: TableComment): CommentBody {
  return {
    id: comment.id,
    author: comment.author,
    role: comment.role,
    text: comment.text,
    quote: comment.quote,
    resolved: comment.resolved,
    createdAt: new Date(comment.createdAt).toISOString(),
    replies: comment.replies.map((reply) => ({
      ...reply,
      createdAt: new Date(reply.createdAt).toISOString(),
    })),
  }
}

/**
 * The table `:roomId` names for a request its `sessionAccess` hook admitted, if the caller's
 * link may read it (`read`) or comment on it (`comment`). Throws 404 `ROOM_NOT_FOUND` (no such
 * table; `_control` and `_synthesis` take no comments) or 403.
 */
function openTable(
  request: FastifyRequest,
  needed: 'read' | 'comment',
): { name: RoomName; claims: TokenClaims } {
  const { claims, session } = admitted(request)
  const { roomId } = request.params as { roomId: string }
  const name = parseRoomName(session.id, roomId)
  if (!name || !session.tables.some((table) => table.id === roomId)) {
    throw new NotFoundError(ErrorCode.roomNotFound, 'no such table in this session')
  }
  if (roomAccess(claims, name) === 'none') {
    throw new AccessRefusedError('this link cannot read this table')
  }
  if (needed === 'comment' && !mayComment(claims, name)) {
    throw new AccessRefusedError(`this ${claims.role} link cannot comment on this table`)
  }
  return { name, claims }
}

/** The comment `:commentId` names in `doc`, or 404 `COMMENT_NOT_FOUND`. */
function existingComment(doc: Y.Doc, request: FastifyRequest): Y.Map<unknown> {
  const { commentId } = request.params as { commentId: string }
  const entry = commentEntry(doc, commentId)
  if (!entry) throw new NotFoundError(ErrorCode.commentNotFound, 'no such comment on this table')
  return entry
}

/**
 * Comments on a table's text (issue 20, item 1), in the exact forms other tools rely on:
 * - `GET /api/sessions/<id>/rooms/<table>/comments` → `[{ id, author, role, text, quote,
 *   resolved, createdAt, replies }]`, oldest first: any link that can read the table;
 * - `POST` there `{ text, quote, occurrence?, author? }` → 201 the comment, anchored to the
 *   first (or `occurrence`-th) place of `quote` in the notes; 422 `QUOTE_NOT_FOUND` if none;
 * - `POST …/comments/<comment>/replies` `{ text, author? }` → 201 the comment;
 * - `POST …/comments/<comment>/resolve` and `…/reopen` `{}` → 200 the comment.
 * Writes: moderators and the organizer on any table, a table's editors on theirs (403 for the
 * others, read links among them). Each is the server's change to the live room (stored, then
 * relayed to every page), answered once it is on disk; a client writing `comments` over the
 * socket is refused (PROTOCOL.md P13, 4422). Not refused while the round is locked: a comment
 * is never part of the notes.
 */
export const commentsRoutes: FastifyPluginAsyncTypebox<ApiRoutesOptions> = async (
  app,
  { store, gatekeeper, registry },
) => {
  const anyLink = sessionAccess(gatekeeper, store)

  /** The options of a comment write: any link (`openTable` judges it), limited per link. */
  const writesComments = <Schema extends FastifySchema>(schema: Schema) => ({
    onRequest: anyLink,
    config: commentWriteLimit,
    schema: { querystring: TokenQuerySchema, ...schema },
  })

  /**
   * A write on the table `:roomId` names, for a link that may comment on it (`openTable`): runs
   * `write` on the live room's document, waits until its change is on disk, and resolves with
   * the comment `write` returned, as the API gives it.
   */
  async function writeComment(
    request: FastifyRequest,
    write: (doc: Y.Doc, claims: TokenClaims) => TableComment,
  ): Promise<CommentBody> {
    const { name, claims } = openTable(request, 'comment')
    const room = await registry.acquire(name)
    try {
      const comment = write(room.doc, claims)
      await room.flushed()
      return toCommentBody(comment)
    } finally {
      registry.release(room)
    }
  }

  app.get(
    '/sessions/:sessionId/rooms/:roomId/comments',
    {
      onRequest: anyLink,
      schema: {
        params: RoomParamsSchema,
        querystring: TokenQuerySchema,
        response: { 200: CommentListSchema, ...REFUSALS },
      },
    },
    async (request) => {
      const { name } = openTable(request, 'read')
      return readComments(await registry.readDoc(name.key)).map(toCommentBody)
    },
  )

  app.post(
    '/sessions/:sessionId/rooms/:roomId/comments',
    writesComments({
      params: RoomParamsSchema,
      body: NewCommentBodySchema,
      response: { 201: CommentSchema, ...REFUSALS },
    }),
    async (request, reply) => {
      const { text, quote, occurrence, author } = request.body
      const comment = await writeComment(request, (doc, claims) => {
        if (commentsOf(doc).length >= MAX_COMMENTS) {
          throw new ConflictError(ErrorCode.commentsFull, `a table holds ${MAX_COMMENTS} comments`)
        }
        const place = findQuote(doc, quote, occurrence ?? 0)
        if (!place) {
          throw new UnprocessableError(
            ErrorCode.quoteNotFound,
            'the notes hold no such quote (within one paragraph)',
          )
        }
        return addComment(doc, place, newCommentEntry(claims, author, text))
      })
      return reply.code(201).send(comment)
    },
  )

  app.post(
    '/sessions/:sessionId/rooms/:roomId/comments/:commentId/replies',
    writesComments({
      params: CommentParamsSchema,
      body: NewReplyBodySchema,
      response: { 201: CommentSchema, ...REFUSALS },
    }),
    async (request, reply) => {
      const { text, author } = request.body
      const comment = await writeComment(request, (doc, claims) => {
        const entry = existingComment(doc, request)
        if (replyCount(entry) >= MAX_REPLIES) {
          throw new ConflictError(ErrorCode.commentsFull, `a comment holds ${MAX_REPLIES} replies`)
        }
        addReply(entry, newCommentEntry(claims, author, text))
        return readComment(entry)!
      })
      return reply.code(201).send(comment)
    },
  )

  for (const [action, resolved] of [
    ['resolve', true],
    ['reopen', false],
  ] as const) {
    app.post(
      `/sessions/:sessionId/rooms/:roomId/comments/:commentId/${action}`,
      writesComments({
        params: CommentParamsSchema,
        response: { 200: CommentSchema, ...REFUSALS },
      }),
      async (request) =>
        writeComment(request, (doc) => {
          const entry = existingComment(doc, request)
          setResolved(entry, resolved)
          return readComment(entry)!
        }),
    )
  }
}
