import { type Static, Type } from '@sinclair/typebox'
import { ROLES } from '../auth/rights.js'
import { MAX_COMMENT_AUTHOR, MAX_COMMENT_QUOTE, MAX_COMMENT_TEXT } from '../doc/comments.js'

/**
 * The HTTP shapes of comments (issue 20, item 1): other tools rely on these exact forms, and the
 * server validates requests and serializes answers with them.
 */

const RoleSchema = Type.Union(ROLES.map((role) => Type.Literal(role)))

/** A reply: `author` is the name its writer gave, `role` the server's, from the link. */
export const CommentReplySchema = Type.Object({
  id: Type.String(),
  author: Type.String(),
  role: RoleSchema,
  text: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
})
export type CommentReplyBody = Static<typeof CommentReplySchema>

/** A comment as the API gives it: `quote` is the text it was anchored to. */
export const CommentSchema = Type.Object({
  id: Type.String(),
  author: Type.String(),
  role: RoleSchema,
  text: Type.String(),
  quote: Type.String(),
  resolved: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
  replies: Type.Array(CommentReplySchema),
})
export type CommentBody = Static<typeof CommentSchema>

/** `GET /api/sessions/<id>/rooms/<room>/comments`: every comment, oldest first. */
export const CommentListSchema = Type.Array(CommentSchema)

/** `…/comments/:commentId…`. */
export const CommentParamsSchema = Type.Object({
  sessionId: Type.String(),
  roomId: Type.String(),
  commentId: Type.String({ maxLength: 64 }),
})

const commentText = Type.String({ minLength: 1, maxLength: MAX_COMMENT_TEXT })
/** The name the writer gives (the page's name dialog); absent, the server writes the role. */
const authorName = Type.Optional(Type.String({ maxLength: MAX_COMMENT_AUTHOR }))

/**
 * `POST …/rooms/<room>/comments`: anchors `text` to the `occurrence`-th (0-based, default the
 * first) place of `quote` in the table's notes, within one paragraph's run of text.
 */
export const NewCommentBodySchema = Type.Object(
  {
    text: commentText,
    quote: Type.String({ minLength: 1, maxLength: MAX_COMMENT_QUOTE }),
    occurrence: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
    author: authorName,
  },
  { additionalProperties: false },
)
export type NewCommentBody = Static<typeof NewCommentBodySchema>

/** `POST …/comments/<comment>/replies`. */
export const NewReplyBodySchema = Type.Object(
  { text: commentText, author: authorName },
  { additionalProperties: false },
)
export type NewReplyBody = Static<typeof NewReplyBodySchema>
