import { randomUUID } from 'node:crypto'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import {
  ApiErrorSchema,
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
} from '@tablenotes/shared'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type * as Y from 'yjs'
import type { Gatekeeper } from '../auth/Gatekeeper.js'
import type { RoomRegistry } from '../rooms/RoomRegistry.js'
import type { Store } from '../storage/DocStore.js'
import { authorOf, cleanCommentText } from './commentAuthor.js'
import {
  AccessRefusedError,
  ConflictError,
  ErrorCode,
  NotFoundError,
  TooManyRequestsError,
  UnprocessableError,
} from './errors.js'
import { admitted, sessionAccess } from './sessionAccess.js'

/**
 * How many comment writes (comments, replies, resolves, reopens) one link may make in a minute:
 * people write a comment in a minute or more, and a moderator resolving a wall's worth of them
 * stays far below; each write is stored for good, so a script must not fill the store.
 */
const COMMENT_WRITES_PER_MINUTE = 60

const commentWriteLimit = {
  rateLimit: {
    max: COMMENT_WRITES_PER_MINUTE,
    timeWindow: 60_000,
    hook: 'preHandler' as const,
    keyGenerator: (request: FastifyRequest) => `comments:${request.claims?.linkId ?? request.ip}`,
    errorResponseBuilder: () =>
      new TooManyRequestsError(
        `at most ${COMMENT_WRITES_PER_MINUTE} comment writes a minute from one link`,
      ),
  },
}

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
export async function commentsRoutes(
  parent: FastifyInstance,
  { store, gatekeeper, registry }: { store: Store; gatekeeper: Gatekeeper; registry: RoomRegistry },
): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>()
  const anyLink = sessionAccess(gatekeeper, store)
  const refusals = { '4xx': ApiErrorSchema }

  /** Runs `write` on the live room's document, then waits until its change is on disk. */
  async function writeRoom<T>(name: RoomName, write: (doc: Y.Doc) => T): Promise<T> {
    const room = await registry.acquire(name)
    try {
      const result = write(room.doc)
      await room.flushed()
      return result
    } finally {
      registry.release(room)
    }
  }

  app.get(
    '/sessions/:sessionId/rooms/:roomId/comments',
    {
      preValidation: anyLink,
      schema: { params: RoomParamsSchema, response: { 200: CommentListSchema, ...refusals } },
    },
    async (request) => {
      const { name } = openTable(request, 'read')
      return readComments(await registry.readDoc(name.key)).map(toCommentBody)
    },
  )

  app.post(
    '/sessions/:sessionId/rooms/:roomId/comments',
    {
      preValidation: anyLink,
      config: commentWriteLimit,
      schema: {
        params: RoomParamsSchema,
        body: NewCommentBodySchema,
        response: { 201: CommentSchema, ...refusals },
      },
    },
    async (request, reply) => {
      const { name, claims } = openTable(request, 'comment')
      const { text, quote, occurrence, author } = request.body
      const comment = await writeRoom(name, (doc) => {
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
        return addComment(doc, place, {
          id: randomUUID(),
          ...authorOf(claims, author),
          text: cleanCommentText(text),
          createdAt: Date.now(),
        })
      })
      return reply.code(201).send(toCommentBody(comment))
    },
  )

  app.post(
    '/sessions/:sessionId/rooms/:roomId/comments/:commentId/replies',
    {
      preValidation: anyLink,
      config: commentWriteLimit,
      schema: {
        params: CommentParamsSchema,
        body: NewReplyBodySchema,
        response: { 201: CommentSchema, ...refusals },
      },
    },
    async (request, reply) => {
      const { name, claims } = openTable(request, 'comment')
      const { text, author } = request.body
      const comment = await writeRoom(name, (doc) => {
        const entry = existingComment(doc, request)
        if (replyCount(entry) >= MAX_REPLIES) {
          throw new ConflictError(ErrorCode.commentsFull, `a comment holds ${MAX_REPLIES} replies`)
        }
        addReply(entry, {
          id: randomUUID(),
          ...authorOf(claims, author),
          text: cleanCommentText(text),
          createdAt: Date.now(),
        })
        return readComment(entry)!
      })
      return reply.code(201).send(toCommentBody(comment))
    },
  )

  for (const [action, resolved] of [
    ['resolve', true],
    ['reopen', false],
  ] as const) {
    app.post(
      `/sessions/:sessionId/rooms/:roomId/comments/:commentId/${action}`,
      {
        preValidation: anyLink,
        config: commentWriteLimit,
        schema: { params: CommentParamsSchema, response: { 200: CommentSchema, ...refusals } },
      },
      async (request) => {
        const { name } = openTable(request, 'comment')
        const comment = await writeRoom(name, (doc) => {
          const entry = existingComment(doc, request)
          setResolved(entry, resolved)
          return readComment(entry)!
        })
        return toCommentBody(comment)
      },
    )
  }
}
