import {
  ENGLISH_EXPORT_WORDS,
  type ExportWords,
  forLanguage,
  exportWords as wordsOf,
} from '@tablenotes/shared'
import { loadCatalogues } from './loadCatalogues.js'

const wordsByLanguage: Record<string, ExportWords> = Object.fromEntries(
  Object.entries(await loadCatalogues()).map(([language, catalogue]) => [
    language,
    wordsOf(catalogue),
  ]),
)

/** The exports' words in a document's language, English where no catalogue has it. */
export function exportWords(language: string): ExportWords {
  return forLanguage(wordsByLanguage, language) ?? ENGLISH_EXPORT_WORDS
}
