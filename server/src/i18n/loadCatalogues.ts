import { readdir } from 'node:fs/promises'
import type { Catalogue } from '@tablenotes/shared'
import { CATALOGUES_FOLDER as DIRECTORY } from '@tablenotes/shared/catalogues-folder'

/**
 * Every catalogue file, by the language tag its name gives, for the server's exports. The
 * browser finds the same files through its bundler instead.
 */
export async function loadCatalogues(): Promise<Record<string, Catalogue>> {
  // `.ts` from the sources, `.js` from the compiled server (scripts/buildServer.mjs).
  const files = (await readdir(DIRECTORY)).filter((file) => /^[\w-]+\.[jt]s$/.test(file)).sort()
  const entries = await Promise.all(
    files.map(async (file) => {
      const module = (await import(new URL(file, DIRECTORY).href)) as { default: Catalogue }
      return [file.slice(0, -'.ts'.length), module.default] as const
    }),
  )
  return Object.fromEntries(entries)
}
