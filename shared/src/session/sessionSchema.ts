import { type Static, Type } from '@sinclair/typebox'

/**
 * Ids appear in URLs, room names and exported anchors, so they are restricted to a URL-safe slug.
 * A leading underscore is impossible, which keeps `_synthesis` and `_control` free for the rooms
 * the server owns.
 */
const slug = (maxLength: number) =>
  Type.String({ pattern: `^[a-z0-9][a-z0-9-]{0,${maxLength - 1}}$`, maxLength })

/** Dates are kept as the organizer wrote them; a time without an offset is the venue's local time. */
const dateTime = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2})?(Z|[+-]\\d{2}:\\d{2})?)?$',
})

const text = Type.String({ minLength: 1, maxLength: 2000 })

/** A BCP 47 language tag as browsers and screen readers use them: `fr`, `ar`, `pt-BR`. */
export const LANGUAGE_TAG = '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$'
const language = Type.String({ pattern: LANGUAGE_TAG, maxLength: 35 })

/** The same prompt in other languages than the session's, by language tag. */
const translations = Type.Optional(
  Type.Record(Type.String({ pattern: LANGUAGE_TAG }), text, { additionalProperties: false }),
)

export const QuestionPartSchema = Type.Object(
  { id: slug(32), text, translations },
  { additionalProperties: false },
)

export const QuestionSchema = Type.Object(
  {
    id: slug(32),
    text,
    translations,
    parts: Type.Optional(Type.Array(QuestionPartSchema, { maxItems: 26 })),
  },
  { additionalProperties: false },
)

export const TableSchema = Type.Object(
  {
    id: slug(32),
    name: Type.String({ minLength: 1, maxLength: 120 }),
    region: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
    /** The language the table works in: its questions are shown in it when translated. */
    language: Type.Optional(language),
  },
  { additionalProperties: false },
)

export const TagSchema = Type.Object(
  { id: slug(32), label: Type.String({ minLength: 1, maxLength: 120 }) },
  { additionalProperties: false },
)

/** The session file of design §4: the one schema for YAML files, JSON files and the API. */
export const SessionSchema = Type.Object(
  {
    id: slug(64),
    title: Type.String({ minLength: 1, maxLength: 200 }),
    event: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    description: Type.Optional(Type.String({ minLength: 1, maxLength: 4000 })),
    starts: Type.Optional(dateTime),
    ends: Type.Optional(dateTime),
    /** The language of the questions' `text`; `en` when absent. */
    language: Type.Optional(language),
    questions: Type.Array(QuestionSchema, { minItems: 1, maxItems: 50 }),
    tables: Type.Array(TableSchema, { minItems: 1, maxItems: 500 }),
    tags: Type.Optional(Type.Array(TagSchema, { maxItems: 100 })),
  },
  { additionalProperties: false },
)

export type QuestionPart = Static<typeof QuestionPartSchema>
export type Question = Static<typeof QuestionSchema>
export type Table = Static<typeof TableSchema>
export type Tag = Static<typeof TagSchema>
export type Session = Static<typeof SessionSchema>
