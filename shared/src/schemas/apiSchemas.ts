import { type Static, Type } from '@sinclair/typebox'
import { ROLES } from '../auth/rights.js'
import { SessionSchema } from '../session/sessionSchema.js'

/**
 * The HTTP API's shapes as JSON Schema (TypeBox): the server's routes declare them, so Fastify
 * checks what comes in and writes what goes out from them, and the page's API calls are typed by
 * their `Static<>` types. README "What runs today" and "Rights" document the routes.
 */

/** `/api/sessions/:sessionId…`. Ids are checked by the store lookup (an unknown id is a 404). */
export const SessionParamsSchema = Type.Object({ sessionId: Type.String() })

/** `/api/sessions/:sessionId/tables/:tableId/…`. */
export const TableParamsSchema = Type.Object({ sessionId: Type.String(), tableId: Type.String() })

/** `/api/sessions/:sessionId/links/:linkId/…`. */
export const LinkParamsSchema = Type.Object({ sessionId: Type.String(), linkId: Type.String() })

/** A link's token may travel in the query, as in the links people open (`?token=`). */
export const TokenQuerySchema = Type.Object({ token: Type.Optional(Type.String()) })

/** The export formats, in the order the README lists them. */
export const EXPORT_FORMATS = ['md', 'html', 'docx'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

/** `…/export?format=md|html|docx` (Markdown when absent). */
export const ExportQuerySchema = Type.Object({
  token: Type.Optional(Type.String()),
  format: Type.Optional(Type.Union(EXPORT_FORMATS.map((format) => Type.Literal(format)))),
})

/**
 * `POST /api/sessions/:sessionId/links`: a new link's role, its table (editor and viewer links
 * name one, the others none: checked against the session by the route) and its expiry in epoch
 * seconds (a future time, checked by the route against its clock).
 */
export const NewLinkSchema = Type.Object({
  role: Type.Union(ROLES.map((role) => Type.Literal(role))),
  table: Type.Optional(Type.String()),
  // At most 2100-01-01: a link outlives an event, not the century (and 1e308 is an integer too).
  expires: Type.Optional(Type.Integer({ maximum: 4_102_444_800 })),
})
export type NewLink = Static<typeof NewLinkSchema>

/** A link as the organizer's page lists it (`SessionLink` of auth/rights.ts). */
export const SessionLinkSchema = Type.Object({
  id: Type.String(),
  role: Type.Union(ROLES.map((role) => Type.Literal(role))),
  table: Type.Union([Type.String(), Type.Null()]),
  room: Type.String(),
  url: Type.String(),
  token: Type.String(),
})

/** `GET /api/sessions/:sessionId/links`: every working link of the session. */
export const SessionLinksSchema = Type.Array(SessionLinkSchema)

/** `POST /api/sessions` (201): the new session as stored, and its first links. */
export const CreatedSessionSchema = Type.Object({
  session: SessionSchema,
  links: SessionLinksSchema,
})
export type CreatedSession = Static<typeof CreatedSessionSchema>

/** `PUT /api/sessions/:sessionId`: the session as stored, and how many stored tables followed. */
export const EditedSessionSchema = Type.Object({
  session: SessionSchema,
  tablesChanged: Type.Integer(),
})
export type EditedSession = Static<typeof EditedSessionSchema>

/** `POST …/links/:linkId/revoke`: when the link was revoked (ms since the epoch). */
export const RevokedLinkSchema = Type.Object({
  id: Type.String(),
  revokedAt: Type.Union([Type.Number(), Type.Null()]),
})
export type RevokedLink = Static<typeof RevokedLinkSchema>

/** One thing wrong with a session definition (`SessionProblem` of session/parseSession.ts). */
export const SessionProblemSchema = Type.Object({
  field: Type.String(),
  message: Type.String(),
  line: Type.Optional(Type.Integer()),
})

/**
 * Every refusal of the API: a stable `code` (README "HTTP errors") and a sentence; a session
 * definition's refusal (`INVALID_SESSION`) also lists its problems.
 */
export const ApiErrorSchema = Type.Object({
  code: Type.String(),
  message: Type.String(),
  problems: Type.Optional(Type.Array(SessionProblemSchema)),
})
export type ApiErrorBody = Static<typeof ApiErrorSchema>

/** `GET /api/time`: the server's clock, ms since the epoch. */
export const ServerTimeSchema = Type.Object({ now: Type.Number() })
export type ServerTime = Static<typeof ServerTimeSchema>

/** `GET /api/limits`: the largest frame a client may send, in bytes (`MAX_MESSAGE_BYTES`). */
export const ServerLimitsSchema = Type.Object({ maxMessageBytes: Type.Integer() })
export type ServerLimits = Static<typeof ServerLimitsSchema>

/** `GET …/activity`: when each table last stored a client's edit (ms; never-edited tables absent). */
export const ActivitySchema = Type.Object({
  now: Type.Number(),
  lastEdits: Type.Record(Type.String(), Type.Number()),
})
export type Activity = Static<typeof ActivitySchema>

/** `GET …/synthesis`: when the synthesis was compiled (ISO 8601) and which tables changed since. */
export const SynthesisStatusSchema = Type.Object({
  compiledAt: Type.Union([Type.String(), Type.Null()]),
  changedTables: Type.Array(Type.String()),
})
export type SynthesisStatus = Static<typeof SynthesisStatusSchema>

/** `POST …/synthesis/compile`: when, and the tables left out (nested past the limit). */
export const CompiledSynthesisSchema = Type.Object({
  compiledAt: Type.String(),
  skippedTables: Type.Array(Type.String()),
})
export type CompiledSynthesis = Static<typeof CompiledSynthesisSchema>
