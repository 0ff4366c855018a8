import { randomBytes } from 'node:crypto'
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs'
import path from 'node:path'

const SECRET_FILE = 'secret'

/**
 * The key that signs capability tokens: TABLENOTES_SECRET when set, otherwise one generated on
 * first start and kept in DATA_DIR, so the server and the command line beside it agree and links
 * survive restarts. Written to a private file and then linked into place, which fails if the
 * secret exists: two processes starting at once end up with one secret, never a half-written one.
 */
export function loadSecret(dataDir: string, fromEnvironment: string | null): string {
  if (fromEnvironment) return fromEnvironment
  const file = path.join(dataDir, SECRET_FILE)
  mkdirSync(dataDir, { recursive: true })
  if (!existsSync(file)) {
    const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`
    writeFileSync(draft, `${randomBytes(32).toString('hex')}\n`, { flag: 'wx', mode: 0o600 })
    try {
      linkSync(draft, file)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    } finally {
      unlinkSync(draft)
    }
  }
  const secret = readFileSync(file, 'utf8').trim()
  if (secret.length < 32) throw new Error(`${file} holds no usable secret; delete it to make one`)
  return secret
}
