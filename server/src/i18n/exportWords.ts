import {
  catalogueFor,
  ENGLISH_EXPORT_WORDS,
  type ExportWords,
  exportWords as wordsOf,
} from '@tablenotes/shared'
import { loadCatalogues } from './loadCatalogues.js'

const catalogues = await loadCatalogues()

/** The exports' words in a document's language, English where no catalogue has it. */
export function exportWords(language: string): ExportWords {
  const catalogue = catalogueFor(catalogues, language)
  return catalogue ? wordsOf(catalogue) : ENGLISH_EXPORT_WORDS
}
