import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { loadSecret } from './secret.js'

let dataDir = ''
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true })
})

describe('loadSecret', () => {
  it('generates one private secret in DATA_DIR and keeps it', async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'tablenotes-secret-'))
    const first = loadSecret(dataDir, null)
    expect(first).toMatch(/^[0-9a-f]{64}$/)
    expect(loadSecret(dataDir, null)).toBe(first)
    expect((await readFile(path.join(dataDir, 'secret'), 'utf8')).trim()).toBe(first)
    expect((await stat(path.join(dataDir, 'secret'))).mode & 0o777).toBe(0o600)
  })

  it('prefers TABLENOTES_SECRET and then writes nothing', async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'tablenotes-secret-'))
    expect(loadSecret(dataDir, 'from-the-environment')).toBe('from-the-environment')
    await expect(stat(path.join(dataDir, 'secret'))).rejects.toThrow()
  })
})
