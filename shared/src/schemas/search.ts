import { type Static, Type } from '@sinclair/typebox'

/**
 * The HTTP shapes of search across a session (issue 20, item 2): other tools rely on the
 * `room`, `question` and `snippet` of each result; the server validates the query and
 * serializes answers with these.
 */

/** The longest query, in characters: a phrase, not a document. */
export const MAX_SEARCH_QUERY = 200

/** The most results one search answers; the first in the session's order of rooms. */
export const MAX_SEARCH_RESULTS = 100

/** `GET /api/sessions/<id>/search?q=…`: `q` holds at least one character that is not a space. */
export const SearchQuerySchema = Type.Object({
  q: Type.String({ minLength: 1, maxLength: MAX_SEARCH_QUERY, pattern: '\\S' }),
})
export type SearchQuery = Static<typeof SearchQuerySchema>

/** One paragraph where the query occurs. */
export const SearchResultSchema = Type.Object({
  /** A table id, or `_synthesis`. */
  room: Type.String(),
  /** The question id of the answer (or synthesis question) holding the hit; null outside one. */
  question: Type.Union([Type.String(), Type.Null()]),
  /** A short excerpt around the first hit in the paragraph, "…" where text was left out. */
  snippet: Type.String(),
  /** The part id of the part holding the hit; null outside a part. */
  part: Type.Union([Type.String(), Type.Null()]),
  /** In the synthesis, the table whose compiled contribution holds the hit; null elsewhere. */
  table: Type.Union([Type.String(), Type.Null()]),
  /**
   * The paragraph's place among the room's non-empty text blocks (paragraphs, headings, code
   * blocks, in document order, from 0; prompts and titles are not counted): where a page jumps.
   */
  paragraph: Type.Integer({ minimum: 0 }),
})
export type SearchResult = Static<typeof SearchResultSchema>

/** Its answer: rooms in the session's order (tables, then the synthesis), paragraphs in order. */
export const SearchResultsSchema = Type.Array(SearchResultSchema, {
  maxItems: MAX_SEARCH_RESULTS,
})
export type SearchResults = Static<typeof SearchResultsSchema>
