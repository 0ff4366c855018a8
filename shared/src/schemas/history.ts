import { type Static, Type } from '@sinclair/typebox'

/**
 * The HTTP shapes of history (issue 17, item 4): other tools rely on these exact forms, and the
 * server validates requests and serializes answers with them.
 */

/** A version as listed: `at` ISO 8601, `label` null when automatic, `authors` since the previous. */
export const VersionSummarySchema = Type.Object({
  id: Type.String(),
  at: Type.String({ format: 'date-time' }),
  label: Type.Union([Type.String(), Type.Null()]),
  authors: Type.Array(Type.String()),
  /** Why it was taken: automatically, named by a moderator or the organizer, before a restore. */
  kind: Type.Union([Type.Literal('auto'), Type.Literal('named'), Type.Literal('restore')]),
})
export type VersionSummary = Static<typeof VersionSummarySchema>

/** `GET /api/sessions/<id>/rooms/<room>/versions`: newest first. */
export const VersionListSchema = Type.Array(VersionSummarySchema)
export type VersionList = Static<typeof VersionListSchema>

/** `…/rooms/:roomId…`: a table id or `_synthesis`. */
export const RoomParamsSchema = Type.Object({ sessionId: Type.String(), roomId: Type.String() })
export const VersionParamsSchema = Type.Object({
  sessionId: Type.String(),
  roomId: Type.String(),
  versionId: Type.String(),
})

/** The longest label a named version takes, in characters. */
export const MAX_VERSION_LABEL = 200

/** `POST /api/sessions/<id>/versions`. */
export const NameVersionsBodySchema = Type.Object(
  { label: Type.String({ minLength: 1, maxLength: MAX_VERSION_LABEL }) },
  { additionalProperties: false },
)
export type NameVersionsBody = Static<typeof NameVersionsBodySchema>

/** Its answer (201): the version taken of every table and of the synthesis. */
export const NamedVersionsSchema = Type.Object({
  label: Type.String(),
  at: Type.String({ format: 'date-time' }),
  versions: Type.Array(Type.Object({ room: Type.String(), id: Type.String() })),
})
export type NamedVersions = Static<typeof NamedVersionsSchema>

/** `POST …/versions/<version>/restore`: `{}` for the whole room, or one question. */
export const RestoreBodySchema = Type.Object(
  { question: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })) },
  { additionalProperties: false },
)
export type RestoreBody = Static<typeof RestoreBodySchema>

/** Its answer: whether anything changed, and the version taken just before (to undo it). */
export const RestoreResultSchema = Type.Object({
  restored: Type.Boolean(),
  before: VersionSummarySchema,
})
export type RestoreResult = Static<typeof RestoreResultSchema>

/** `GET /api/sessions/<id>/rooms/<room>/authors`: who wrote each paragraph's text. */
export const ParagraphAuthorshipListSchema = Type.Array(
  Type.Object({
    questionId: Type.Union([Type.String(), Type.Null()]),
    partId: Type.Union([Type.String(), Type.Null()]),
    index: Type.Integer({ minimum: 0 }),
    authors: Type.Array(
      Type.Object({
        name: Type.Union([Type.String(), Type.Null()]),
        linkId: Type.Union([Type.String(), Type.Null()]),
        characters: Type.Integer({ minimum: 0 }),
      }),
    ),
  }),
)
export type ParagraphAuthorshipList = Static<typeof ParagraphAuthorshipListSchema>
