import { type Catalogue, forLanguage, formatMessage, type MessageKey } from '@tablenotes/shared'
import { loadCatalogues } from './loadCatalogues.js'

const catalogues: Record<string, Catalogue> = await loadCatalogues()

/**
 * A message of the catalogues in a document's language (English where none has it), for the
 * words the server itself writes into a document, such as a note in the synthesis.
 */
export function serverMessage(
  language: string,
  key: MessageKey,
  params: Record<string, string | number> = {},
): string {
  const catalogue = forLanguage(catalogues, language) ?? catalogues.en
  return formatMessage(catalogue?.[key] ?? key, language, params)
}
