/**
 * Text folded for search (issue 20, item 2: accent- and case-insensitive in English, French,
 * Spanish and Arabic), with where each folded character came from, so a hit in the folded text
 * points back at the original for a snippet or a highlight.
 */
export interface FoldedText {
  /** The folded text: see `foldForSearch`. */
  text: string
  /**
   * For each UTF-16 unit of `text`, the index in the original string of the code point it came
   * from; one more entry at the end holds the original's length, so `origin[end]` bounds a hit.
   */
  origin: number[]
}

/**
 * Combining marks (Unicode category M: the accents NFD takes off "É", and the Arabic harakat,
 * shadda, sukun, superscript alef and the hamza NFD takes off "أ", "إ", "آ", which are Mn) and
 * the Arabic tatweel U+0640, a letter (Lm) that only stretches a word, so NFD leaves it.
 */
const IGNORED = /[\p{M}\u0640]/gu

/**
 * Default-ignorable code points (Unicode's Default_Ignorable_Code_Point: the zero-width space,
 * non-joiner and joiner U+200B–U+200D, the word joiner U+2060, U+FEFF, the soft hyphen, the
 * bidi marks and controls, variation selectors): invisible, so text reads the same without
 * them, and a query of only these is as empty as one of only spaces.
 */
const INVISIBLE = /^\p{Default_Ignorable_Code_Point}$/u

/** A code point as search compares it: NFD, upper then lower case, marks dropped. */
function foldCodePoint(character: string): string {
  // Upper then lower case is a locale-independent full case folding for what people type:
  // "ß" → "SS" → "ss", "ﬁ" → "FI" → "fi", "ς" → "Σ" → "σ"; toLowerCase alone keeps "ß".
  // NFD again after the case change: "İ" lowers to "i" plus a combining dot, dropped here.
  return character
    .normalize('NFD')
    .toUpperCase()
    .toLowerCase()
    .normalize('NFD')
    .replace(IGNORED, '')
}

/** What a code point folds to; null for white space, which folds with its neighbours. */
type Fold = string | null

/**
 * Folds already worked out, by code point: a session's text uses a few hundred distinct ones,
 * and folding one (two normalizations, two case maps, a regular expression) costs far more
 * than a lookup; a search reads every room of the session on the server's only thread.
 * Bounded, so text of every code point there is cannot make it grow without end.
 */
const folds = new Map<string, Fold>()
const MAX_CACHED_FOLDS = 4096

function foldOf(character: string): Fold {
  let fold = folds.get(character)
  if (fold === undefined) {
    if (INVISIBLE.test(character)) fold = ''
    else if (/\s/u.test(character)) fold = null
    else fold = foldCodePoint(character)
    if (folds.size < MAX_CACHED_FOLDS) folds.set(character, fold)
  }
  return fold
}

/**
 * Folds `text` for search: Unicode NFD, combining marks, the tatweel and invisible characters
 * (INVISIBLE) removed, case folded without a locale (so a Turkish or any other browser folds as
 * the server does), and every run of white space one space. "École" and "ecole" fold alike, as do "مُشارَكة", "مشاركة" and
 * "مشـاركة". Used by the server's search and by the pages that highlight its hits.
 */
export function foldForSearch(text: string): FoldedText {
  let folded = ''
  const origin: number[] = []
  let index = 0
  let spaced = false
  for (const character of text) {
    const fold = foldOf(character)
    if (fold === null) {
      if (!spaced) {
        folded += ' '
        origin.push(index)
      }
      spaced = true
    } else {
      // An invisible character folds to nothing, as a mark does: the characters around it meet.
      for (let unit = 0; unit < fold.length; unit++) origin.push(index)
      folded += fold
      if (fold !== '') spaced = false
    }
    index += character.length
  }
  origin.push(text.length)
  return { text: folded, origin }
}

/** The folded form of a query: `foldForSearch` without its ends' spaces. */
export function foldQuery(query: string): string {
  return foldForSearch(query).text.trim()
}

/** A hit of a folded query in an original string: `[start, end)` in the original's units. */
export interface TextMatch {
  start: number
  end: number
}

/**
 * The first place `query` (already folded by `foldQuery`, non-empty) occurs in `text`, in the
 * original's units, or null. A hit that starts inside a character's folded form (the second "s"
 * of "ß") still maps to that whole character.
 */
export function findFolded(text: string, query: string): TextMatch | null {
  const folded = foldForSearch(text)
  const at = folded.text.indexOf(query)
  if (at === -1 || query === '') return null
  const start = folded.origin[at] ?? 0
  // The end is where the code point after the hit's last folded unit starts.
  const last = folded.origin[at + query.length - 1] ?? start
  let end = text.length
  for (let unit = at + query.length; unit < folded.origin.length; unit++) {
    const next = folded.origin[unit] ?? text.length
    if (next > last) {
      end = next
      break
    }
  }
  return { start, end }
}
