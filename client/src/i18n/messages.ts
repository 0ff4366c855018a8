import {
  type Catalogue,
  ENGLISH_EXPORT_WORDS,
  type ExportWords,
  exportWords,
  forLanguage,
  formatMessage,
  isRightToLeftLanguage,
  type MessageKey,
} from '@tablenotes/shared'
import { en, CATALOGUE_LOADERS as loaders } from '@tablenotes/shared/catalogues'

export type { MessageKey } from '@tablenotes/shared'

const STORAGE_KEY = 'tablenotes.language'

/** The interface's languages: every catalogue of the shared index (English in the main bundle). */
export const LANGUAGES: readonly string[] = Object.keys(loaders).sort()

let current: { language: string; catalogue: Catalogue } = { language: 'en', catalogue: en }

/** The interface's language now, e.g. `ar`. */
export function interfaceLanguage(): string {
  return current.language
}

/** The message for `key` in the interface's language, with `{name}` placeholders filled in. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  return formatMessage(current.catalogue[key], current.language, params)
}

/**
 * The words of an export made in the page, in the document's language as the server's are:
 * that language's catalogue, else its language's without the region, else English.
 */
export async function exportWordsIn(language: string): Promise<ExportWords> {
  const load = forLanguage(loaders, language)
  return load ? exportWords(await load()) : ENGLISH_EXPORT_WORDS
}

/** The language's own name, as its speakers write it: `العربية`, `français`. */
export function languageName(language: string): string {
  return new Intl.DisplayNames([language], { type: 'language' }).of(language) ?? language
}

/**
 * The language to start in: the one this device chose before, else the first of the browser's
 * languages we have (`fr-CA` finds `fr`), else English.
 */
export function preferredLanguage(): string {
  const remembered = safeStorage()?.getItem(STORAGE_KEY)
  if (remembered && LANGUAGES.includes(remembered)) return remembered
  const available = Object.fromEntries(LANGUAGES.map((language) => [language, language]))
  for (const tag of navigator.languages ?? [navigator.language]) {
    const found = forLanguage(available, tag)
    if (found) return found
  }
  return 'en'
}

/** Loads the language's catalogue and turns the page to it: `lang`, `dir`, and the strings. */
export async function loadLanguage(language: string): Promise<void> {
  const load = loaders[language]
  const catalogue = load ? await load() : en
  current = { language: load ? language : 'en', catalogue }
  document.documentElement.lang = current.language
  document.documentElement.dir = isRightToLeftLanguage(current.language) ? 'rtl' : 'ltr'
}

/**
 * A size as people read it, in the interface's language: `1 MB`, `950 kB` (binary multiples,
 * as file managers show them).
 */
export function formatBytes(bytes: number): string {
  const megabytes = bytes / (1024 * 1024)
  const [value, unit] = megabytes >= 1 ? [megabytes, 'megabyte'] : [bytes / 1024, 'kilobyte']
  return new Intl.NumberFormat(current.language, {
    style: 'unit',
    unit,
    maximumFractionDigits: megabytes >= 1 ? 1 : 0,
  }).format(value)
}

/** Remembers the choice on this device, so the next page opens in it. */
export function rememberLanguage(language: string): void {
  safeStorage()?.setItem(STORAGE_KEY, language)
}

/** localStorage, unless the browser refuses it (private modes, blocked storage). */
function safeStorage(): Storage | undefined {
  try {
    return localStorage
  } catch {
    return undefined
  }
}
