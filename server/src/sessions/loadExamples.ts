import { readdir } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Session } from '@tablenotes/shared'
import type { Store } from '../storage/DocStore.js'
import { readSessionFile } from './readSessionFile.js'

/** The example sessions shipped in the repository's `examples/` folder. */
export const EXAMPLES_DIR = fileURLToPath(new URL('../../../examples', import.meta.url))

/** Stores the example sessions when the store has none; returns what it stored. */
export async function loadExamplesIfEmpty(store: Store, folder = EXAMPLES_DIR): Promise<Session[]> {
  if ((await store.listSessions()).length > 0) return []
  const files = (await readdir(folder)).filter((file) => /\.(ya?ml|json)$/.test(file)).sort()
  const sessions = await Promise.all(files.map((file) => readSessionFile(path.join(folder, file))))
  for (const session of sessions) await store.putSession(session)
  return sessions
}
