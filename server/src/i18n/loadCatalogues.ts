import type { Catalogue } from '@tablenotes/shared'
import { CATALOGUE_LOADERS } from '@tablenotes/shared/catalogues'

/**
 * Every catalogue, by language tag, for the server's exports and messages: all of them, loaded
 * once at start-up from the shared index (`@tablenotes/shared/catalogues`), which the page uses
 * too.
 */
export async function loadCatalogues(): Promise<Record<string, Catalogue>> {
  const entries = await Promise.all(
    Object.entries(CATALOGUE_LOADERS).map(
      async ([language, load]) => [language, await load()] as const,
    ),
  )
  return Object.fromEntries(entries)
}
