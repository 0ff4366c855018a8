import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { openSqliteStore, verifyToken } from '@tablenotes/server'
import { createTableSeed, NOTES_FRAGMENT, type SessionLink } from '@tablenotes/shared'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { runCli } from '../helpers/cli.js'

const EXAMPLE = fileURLToPath(
  new URL('../../examples/pga-2016-global-governance.yaml', import.meta.url),
)
/** The id of the EXAMPLE session (expected output spells it out). */
const EXAMPLE_ID = 'pga-2016-global-governance'

let dataDir: string

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'tablenotes-cli-'))
})

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true })
})

/** `pnpm tablenotes …` against this test's fresh data folder. */
const tablenotes = (...args: string[]) =>
  runCli(args, { DATA_DIR: dataDir, PUBLIC_URL: 'https://notes.example.org' })

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

  it('prints a working link for every role and table, as JSON with id, role, room, url and token', async () => {
    await tablenotes('session', 'create', EXAMPLE)
    const { code, stdout } = await tablenotes('links', EXAMPLE_ID, '--json')
    expect(code).toBe(0)
    const links = JSON.parse(stdout) as SessionLink[]
    const roles = links.map((link) => (link.table ? `${link.role}:${link.table}` : link.role))
    expect(roles.slice(0, 3)).toEqual(['organizer', 'moderator', 'rapporteur'])
    expect(roles).toContain('editor:asia-pacific')
    expect(roles).toContain('viewer:north-america')
    expect(links).toHaveLength(3 + 6 * 2)

    const secret = (await readFile(path.join(dataDir, 'secret'), 'utf8')).trim()
    const editor = links.find((link) => link.role === 'editor' && link.table === 'asia-pacific')!
    expect(editor.room).toBe('pga-2016-global-governance/asia-pacific')
    expect(editor.url).toBe(
      `https://notes.example.org/s/pga-2016-global-governance/t/asia-pacific?token=${editor.token}`,
    )
    const check = verifyToken(secret, editor.token)
    expect(check.ok && check.claims).toEqual({
      linkId: editor.id,
      sessionId: 'pga-2016-global-governance',
      role: 'editor',
      tableId: 'asia-pacific',
    })
    // The same links again: listing mints nothing new.
    const again = JSON.parse((await tablenotes('links', EXAMPLE_ID, '--json')).stdout)
    expect(again).toEqual(links)
  })

  it('prints links on PORT (and HOST) when PUBLIC_URL is unset, as the server would serve them', async () => {
    await tablenotes('session', 'create', EXAMPLE)
    const env = { DATA_DIR: dataDir, PUBLIC_URL: '', HOST: '', TLS_CERT: '', TLS_KEY: '' }
    const onPort = await runCli(['links', EXAMPLE_ID], { ...env, PORT: '9137' })
    expect(onPort.stdout).toContain('http://localhost:9137/s/pga-2016-global-governance?token=')
    const onHost = await runCli(['links', EXAMPLE_ID, '--json'], {
      ...env,
      PORT: '9138',
      HOST: '192.0.2.7',
    })
    const urls = (JSON.parse(onHost.stdout) as SessionLink[]).map((link) => link.url)
    expect(urls.every((url) => url.startsWith('http://192.0.2.7:9138/s/'))).toBe(true)
  })

  it('revokes a link by its id, and the next listing issues a new one in its place', async () => {
    await tablenotes('session', 'create', EXAMPLE)
    const links = JSON.parse(
      (await tablenotes('links', EXAMPLE_ID, '--json')).stdout,
    ) as SessionLink[]
    const moderator = links.find((link) => link.role === 'moderator')!
    const revoked = await tablenotes('revoke', moderator.id)
    expect(revoked.code).toBe(0)
    expect(revoked.stdout).toContain(`Revoked the moderator link ${moderator.id}`)

    const after = JSON.parse(
      (await tablenotes('links', EXAMPLE_ID, '--json')).stdout,
    ) as SessionLink[]
    const moderators = after.filter((link) => link.role === 'moderator')
    expect(moderators).toHaveLength(1)
    expect(moderators[0]!.id).not.toBe(moderator.id)

    const unknown = await tablenotes('revoke', 'no-such-link')
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('no link "no-such-link"')
  })

  it('brings stored tables in line when a session file changes, keeping their notes', async () => {
    const file = path.join(dataDir, 'small.yaml')
    const definition = (questions: string) =>
      `id: small\ntitle: Small\nquestions:\n${questions}tables:\n  - id: t1\n    name: One\n`
    const both = '  - id: q1\n    text: First?\n  - id: q2\n    text: Second?\n'
    await writeFile(file, definition(both))
    await tablenotes('session', 'create', file)
    const store = await openSqliteStore(path.join(dataDir, 'tablenotes.sqlite'))
    const doc = new Y.Doc()
    Y.applyUpdate(doc, createTableSeed((await store.getSession('small'))!, 't1'))
    const second = doc.getXmlFragment(NOTES_FRAGMENT).get(2) as Y.XmlElement
    ;((second.get(0) as Y.XmlElement).get(0) as Y.XmlElement).insert(0, [new Y.XmlText('kept')])
    await store.appendUpdates([{ room: 'small/t1', update: Y.encodeStateAsUpdate(doc) }])
    await store.close()

    await writeFile(file, definition('  - id: q1\n    text: First?\n'))
    const updated = await tablenotes('session', 'create', file)
    expect(updated.stdout).toContain('Brought 1 table documents in line')

    const after = await openSqliteStore(path.join(dataDir, 'tablenotes.sqlite'))
    const stored = new Y.Doc()
    for (const row of await after.loadRoom('small/t1')) Y.applyUpdate(stored, row.update)
    await after.close()
    const xml = stored.getXmlFragment(NOTES_FRAGMENT).toString()
    expect(xml).toContain('retired="true"')
    expect(xml).toContain('kept')
  })

  it('exports the synthesis and a table as Markdown, HTML and DOCX from storage, with no server', async () => {
    await tablenotes('session', 'create', EXAMPLE)
    const store = await openSqliteStore(path.join(dataDir, 'tablenotes.sqlite'))
    const session = (await store.getSession(EXAMPLE_ID))!
    const doc = new Y.Doc()
    Y.applyUpdate(doc, createTableSeed(session, 'asia-pacific'))
    const first = doc.getXmlFragment(NOTES_FRAGMENT).get(1) as Y.XmlElement
    ;((first.get(0) as Y.XmlElement).get(0) as Y.XmlElement).insert(0, [
      new Y.XmlText('Regional processes work when civil society has a seat.'),
    ])
    await store.appendUpdates([
      { room: `${EXAMPLE_ID}/asia-pacific`, update: Y.encodeStateAsUpdate(doc) },
    ])
    await store.close()

    const synth = await tablenotes('synth', EXAMPLE_ID, '--format', 'md')
    expect(synth.code).toBe(0)
    expect(synth.stdout).toContain('# Global Migration Governance')
    expect(synth.stdout).toContain(`## 1. ${session.questions[0]!.text}`)
    expect(synth.stdout).toContain(
      '### Asia and the Pacific (Asia-Pacific)\n\nRegional processes work when civil society has a seat.',
    )
    const out = path.join(dataDir, 'synthesis.md')
    const written = await tablenotes('synth', EXAMPLE_ID, '--format', 'md', '--out', out)
    expect(written.stdout).toContain(`Wrote ${out}`)
    expect(await readFile(out, 'utf8')).toContain('Regional processes work')

    const table = await tablenotes('export', `${EXAMPLE_ID}/asia-pacific`, '--format', 'md')
    expect(table.stdout).toContain('# Asia and the Pacific')
    expect(table.stdout).toContain('Regional processes work when civil society has a seat.')
    const noFile = await tablenotes('synth', EXAMPLE_ID, '--format', 'docx')
    expect(noFile.code).toBe(2)
    expect(noFile.stderr).toContain('a DOCX export needs --out FILE')
    const docxFile = path.join(dataDir, 'synthesis.docx')
    const docx = await tablenotes('synth', EXAMPLE_ID, '--format', 'docx', '--out', docxFile)
    expect(docx.code).toBe(0)
    expect((await readFile(docxFile)).subarray(0, 2).toString()).toBe('PK')
    const html = await tablenotes('export', `${EXAMPLE_ID}/asia-pacific`, '--format', 'html')
    expect(html.stdout).toContain(
      '<p dir="ltr">Regional processes work when civil society has a seat.</p>',
    )
    // A table nobody opened yet exports the questions it opens with, not an empty file.
    const unopened = await tablenotes('export', `${EXAMPLE_ID}/africa`, '--format', 'md')
    expect(unopened.stdout).toMatch(/^## 1\. \S/m)
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

  it.each([
    [
      'a YAML alias bomb',
      'bomb.yaml',
      [
        'id: bomb',
        'title: Laughs',
        'a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]',
        ...Array.from(
          { length: 9 },
          (_, level) => `a${level + 1}: &a${level + 1} [${Array(9).fill(`*a${level}`).join(', ')}]`,
        ),
      ].join('\n'),
      ':5: a2[0]: aliases copy in more than 100 values (*a1)',
    ],
    [
      'a 20,000-deep YAML file',
      'deep.yaml',
      `id: deep\ntitle: Deep\nquestions:\n${'- '.repeat(20_000)}x\n`,
      ':4: nests more than 32 lists or mappings deep',
    ],
    [
      'a 20,000-deep JSON file',
      'deep.json',
      `{\n  "id": "deep",\n  "title": ${'['.repeat(20_000)}${']'.repeat(20_000)}\n}\n`,
      ':3: nests more than 32 lists or mappings deep',
    ],
  ])(
    'refuses %s with the file and line, not a stack trace',
    async (_name, fileName, source, expected) => {
      const file = path.join(dataDir, fileName)
      await writeFile(file, source)
      const { code, stderr } = await tablenotes('session', 'create', file)
      expect(code).toBe(1)
      expect(stderr).toBe(`${file}${expected}${stderr.slice(file.length + expected.length)}`)
      expect(stderr.trim().split('\n')).toHaveLength(1)
      expect(stderr).not.toMatch(/\bat \S+ \(|RangeError|ReferenceError/)
      expect((await tablenotes('session', 'list')).stdout).toContain('No sessions yet')
    },
    60_000,
  )

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
