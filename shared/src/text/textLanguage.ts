/**
 * Direction and language of a piece of text, from its first letter, as the Unicode
 * bidirectional algorithm (rules P2–P3) and `dir="auto"` decide direction. The same rule runs in
 * the editor, on the wall, in the synthesis and in every export, so they never disagree.
 */

const RIGHT_TO_LEFT_SCRIPTS = new Set(['Arab', 'Hebr', 'Syrc', 'Thaa', 'Nkoo', 'Adlm', 'Rohg'])

const RTL_LETTER =
  /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Adlam}\p{Script=Hanifi_Rohingya}]/u

/** Scripts a screen reader needs a language for, and the language it most likely is. */
const LIKELY_LANGUAGE: ReadonlyArray<readonly [RegExp, script: string, language: string]> = [
  [/\p{Script=Arabic}/u, 'Arab', 'ar'],
  [/\p{Script=Hebrew}/u, 'Hebr', 'he'],
  [/\p{Script=Cyrillic}/u, 'Cyrl', 'ru'],
  [/\p{Script=Greek}/u, 'Grek', 'el'],
  [/\p{Script=Bengali}/u, 'Beng', 'bn'],
  [/\p{Script=Devanagari}/u, 'Deva', 'hi'],
  [/\p{Script=Thai}/u, 'Thai', 'th'],
  [/\p{Script=Hangul}/u, 'Kore', 'ko'],
  [/[\p{Script=Hiragana}\p{Script=Katakana}]/u, 'Jpan', 'ja'],
  [/\p{Script=Han}/u, 'Hans', 'zh'],
  [/\p{Script=Latin}/u, 'Latn', 'en'],
]

/**
 * An outline label before the text, as our prompts carry (`3. `, `b. `, `(c) `): part ids are
 * Latin letters, so an Arabic part "b. ما …" would otherwise read as left to right.
 */
const OUTLINE_LABEL = /^\s*\(?[A-Za-z0-9]{1,3}[.)]\s+/

/**
 * The first letter of text after any outline label, or undefined when it has none (digits and
 * punctuation are weak).
 */
function firstLetter(text: string): string | undefined {
  return /\p{L}/u.exec(text.replace(OUTLINE_LABEL, ''))?.[0]
}

/** Whether text is written right to left: its first letter decides. */
export function isRightToLeft(text: string): boolean {
  const letter = firstLetter(text)
  return letter !== undefined && RTL_LETTER.test(letter)
}

/**
 * The `dir` of an element holding `text`, by the rule above: for text whose label the browser's
 * `dir="auto"` would misread (a prompt "b. ما …"), or a list that must follow its items.
 */
export function textDirection(text: string): 'rtl' | 'ltr' {
  return isRightToLeft(text) ? 'rtl' : 'ltr'
}

const scripts = new Map<string, string | undefined>()

/**
 * The script a language is written in, e.g. `Arab` for `ar`, `Latn` for `fr-CH`. Remembered per
 * tag: the editor asks for every paragraph on every change.
 */
export function scriptOfLanguage(language: string): string | undefined {
  if (!scripts.has(language)) {
    let script: string | undefined
    try {
      script = new Intl.Locale(language).maximize().script
    } catch {
      script = undefined
    }
    scripts.set(language, script)
  }
  return scripts.get(language)
}

/**
 * What is kept for `language` among entries by language tag: its own, else its language's
 * without the region (`fr` for `fr-CH`). Translations, catalogues and their loaders all use it.
 */
export function forLanguage<T>(
  byTag: Readonly<Record<string, T>>,
  language: string,
): T | undefined {
  return byTag[language] ?? byTag[language.split('-')[0] ?? '']
}

/** Whether an interface or document language is written right to left. */
export function isRightToLeftLanguage(language: string): boolean {
  const script = scriptOfLanguage(language)
  return script !== undefined && RIGHT_TO_LEFT_SCRIPTS.has(script)
}

/**
 * The language to mark on a paragraph so a screen reader pronounces it: the document's language
 * when the text is in that language's script, else the likeliest language of the text's script.
 * Undefined when the text has no letter, so the paragraph inherits the document's.
 */
export function languageOfText(text: string, documentLanguage: string): string | undefined {
  const letter = firstLetter(text)
  if (letter === undefined) return undefined
  const match = LIKELY_LANGUAGE.find(([pattern]) => pattern.test(letter))
  if (!match) return documentLanguage
  const [, script, likely] = match
  const documentScript = scriptOfLanguage(documentLanguage)
  return documentScript !== undefined && writes(documentScript, script) ? documentLanguage : likely
}

/** Japanese and Korean writing include Han characters; Chinese is written in either Han form. */
const SCRIPTS_WITHIN: Record<string, readonly string[]> = {
  Jpan: ['Jpan', 'Hans'],
  Kore: ['Kore', 'Hans'],
  Hant: ['Hans'],
}

function writes(documentScript: string, script: string): boolean {
  return documentScript === script || (SCRIPTS_WITHIN[documentScript]?.includes(script) ?? false)
}

/**
 * The `lang` to mark on a paragraph of a document in `documentLanguage`: only where its text is
 * in another language, so a screen reader switches voice there and nowhere else.
 */
export function markedLanguage(text: string, documentLanguage: string): string | undefined {
  const found = languageOfText(text, documentLanguage)
  return found === documentLanguage ? undefined : found
}
