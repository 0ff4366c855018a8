import { foldQuery } from '@tablenotes/shared'

/**
 * Bidirectional formatting characters (Unicode UAX #9: the embeddings and overrides
 * U+202A–U+202E, the isolates U+2066–U+2069, the marks U+200E, U+200F and U+061C) and the C0
 * and C1 control characters (category Cc: U+0000–U+001F, U+007F–U+009F). In a name they would reorder or
 * hide the text shown after it (an override U+202E reverses the comment beside the name).
 */
const NAME_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C\p{Cc}]/gu

/**
 * A one-line text people give (a name, a version's label) as stored: without bidi and control
 * characters (NAME_CONTROLS), and without white space at its ends.
 */
export function cleanLine(text: string): string {
  return text.replace(NAME_CONTROLS, '').trim()
}

/**
 * Whether `text` shows nothing: only white space, invisible characters (zero-width ones, bidi
 * marks) and combining marks, which fold to nothing for search (foldQuery).
 */
export function isBlank(text: string): boolean {
  return foldQuery(text) === ''
}
