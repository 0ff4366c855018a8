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
/**
 * A version's id as every store writes it: a positive decimal integer without leading zeros.
 * Anything else ("03", "3.0", "+3") names no version, in the API and on the command line alike.
 */
export const VERSION_ID_PATTERN = '^[1-9][0-9]{0,14}$'

/** Whether `id` is written as a version id (VERSION_ID_PATTERN). */
export function isVersionId(id: string): boolean {
  return new RegExp(VERSION_ID_PATTERN).test(id)
}

export const VersionParamsSchema = Type.Object({
  sessionId: Type.String(),
  roomId: Type.String(),
  versionId: Type.String({ pattern: VERSION_ID_PATTERN }),
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

/**
 * One run of a paragraph in a version's changes: text `kept` from the previous version,
 * `inserted` since (with `author`, the name the server recorded for its writer, `link <id>`
 * when that connection announced none, null when unrecorded) or `deleted` since (the text the
 * previous version had; a deletion is not credited, so `author` is null).
 */
export const VersionChangeRunSchema = Type.Object({
  text: Type.String(),
  change: Type.Union([Type.Literal('kept'), Type.Literal('inserted'), Type.Literal('deleted')]),
  author: Type.Union([Type.String(), Type.Null()]),
})
export type VersionChangeRun = Static<typeof VersionChangeRunSchema>

/** A paragraph (textblock) of a version, as runs. */
export const VersionChangeBlockSchema = Type.Object({ runs: Type.Array(VersionChangeRunSchema) })
export type VersionChangeBlock = Static<typeof VersionChangeBlockSchema>

/** One answer (a table's) or summary (the synthesis's), by question and part. */
export const VersionChangeSectionSchema = Type.Object({
  questionId: Type.Union([Type.String(), Type.Null()]),
  partId: Type.Union([Type.String(), Type.Null()]),
  blocks: Type.Array(VersionChangeBlockSchema),
})
export type VersionChangeSection = Static<typeof VersionChangeSectionSchema>

/**
 * `GET /api/sessions/<id>/rooms/<room>/versions/<version>/changes`: the version read whole with
 * what changed since `previous` (the room's version before it, null for its first).
 */
export const VersionChangesSchema = Type.Object({
  version: VersionSummarySchema,
  previous: Type.Union([VersionSummarySchema, Type.Null()]),
  sections: Type.Array(VersionChangeSectionSchema),
})
export type VersionChanges = Static<typeof VersionChangesSchema>

/**
 * `GET /api/sessions/<id>/rooms/<room>/authorship`: who wrote which Yjs items of the room, as
 * the server recorded it (never a client's claim): client id `client`'s clocks
 * `[clockFrom, clockTo)` were sent by a connection that announced `author` (`link <id>` when
 * it announced none). Oldest first; the editor's "who wrote what" colours text by it.
 */
export const AuthorshipSpanListSchema = Type.Array(
  Type.Object({
    client: Type.Integer({ minimum: 0 }),
    clockFrom: Type.Integer({ minimum: 0 }),
    clockTo: Type.Integer({ minimum: 0 }),
    author: Type.String(),
  }),
)
export type AuthorshipSpanList = Static<typeof AuthorshipSpanListSchema>
