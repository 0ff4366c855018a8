import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

const BIN = fileURLToPath(new URL('../../server/bin/tablenotes.mjs', import.meta.url))
const EXAMPLE = fileURLToPath(
  new URL('../../examples/pga-2016-global-governance.yaml', import.meta.url),
)

let dataDir: string

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'tablenotes-cli-'))
})

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true })
})

/** Runs `pnpm tablenotes …`'s bin against a fresh data folder. */
function tablenotes(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { ...process.env, DATA_DIR: dataDir, PUBLIC_URL: 'https://notes.example.org' } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    )
  })
}

describe('pnpm tablenotes', () => {
  it('creates, updates and lists sessions', async () => {
    const created = await tablenotes('session', 'create', EXAMPLE)
    expect(created.code).toBe(0)
    expect(created.stdout).toContain('Created session pga-2016-global-governance')
    const updated = await tablenotes('session', 'create', EXAMPLE)
    expect(updated.stdout).toContain('Updated session pga-2016-global-governance')
    const list = await tablenotes('session', 'list')
    expect(list.stdout).toMatch(
      /pga-2016-global-governance\s+6 tables\s+Global Migration Governance/,
    )
  })

  it('prints every table link, as JSON with id, role, room, url and token', async () => {
    await tablenotes('session', 'create', EXAMPLE)
    const { code, stdout } = await tablenotes('links', 'pga-2016-global-governance', '--json')
    expect(code).toBe(0)
    const links = JSON.parse(stdout) as Array<Record<string, unknown>>
    expect(links).toHaveLength(6)
    expect(links[0]).toEqual({
      id: 'pga-2016-global-governance/asia-pacific',
      role: 'table',
      room: 'pga-2016-global-governance/asia-pacific',
      url: 'https://notes.example.org/s/pga-2016-global-governance/t/asia-pacific',
      token: null,
    })
  })

  it('refuses an invalid session file, naming the file, line and field, and stores nothing', async () => {
    const file = path.join(dataDir, 'broken.yaml')
    await writeFile(
      file,
      'id: broken\ntitle: Broken\nquestions:\n  - id: q1\n    txt: Why?\ntables: []\n',
    )
    const { code, stderr } = await tablenotes('session', 'create', file)
    expect(code).toBe(1)
    expect(stderr).toContain(`${file}:4: questions[0].text: is required`)
    expect(stderr).toContain(`${file}:5: questions[0].txt: is not a known field`)
    expect(stderr).toContain(`${file}:6: tables: needs at least one entry`)
    expect((await tablenotes('session', 'list')).stdout).toContain('No sessions yet')
  })

  it('explains unknown commands and sessions', async () => {
    const unknown = await tablenotes('sesion', 'list')
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('unknown command "sesion list"')
    expect(unknown.stderr).toContain('Usage: pnpm tablenotes')
    const missing = await tablenotes('links', 'nope')
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('no session "nope"')
  })
})
