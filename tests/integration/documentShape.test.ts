import path from 'node:path'
import { openSqliteStore } from '@tablenotes/server'
import {
  CloseCode,
  createTableSeed,
  MAX_DEPTH,
  NOTES_FRAGMENT,
  nestsDeeperThan,
  PRIORITIES_ARRAY,
  SYNTHESIS_ROOM,
  SynthesisNode,
} from '@tablenotes/shared'
import { beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { runCli } from '../helpers/cli.js'
import { isStoredOnServer, type TestClient, waitFor, waitForSync } from '../helpers/clients.js'
import { testSession } from '../helpers/fixtures.js'
import { insertMarkedParagraph, nestBlockquotes } from '../helpers/frameFuzzer.js'
import { serverForAllTests } from '../helpers/serverForEachTest.js'
import type { TestServer } from '../helpers/startServer.js'
import { mintToken } from '../helpers/tokens.js'
import { writeAndAwaitClose } from '../helpers/writeAndAwaitClose.js'

/*
 * PROTOCOL.md P13: a stock y-websocket client on its own table's edit link sends what the
 * protocol carries; the server refuses every update that breaks the table's schema with 4422
 * and stores none of it, while honest edits from the same kind of client are stored.
 */

const ROOM = 'test-session/t1'

const notes = (doc: Y.Doc) => doc.getXmlFragment(NOTES_FRAGMENT)
const section = (doc: Y.Doc) => notes(doc).get(1) as Y.XmlElement
const answer = (doc: Y.Doc) => section(doc).get(0) as Y.XmlElement

/** Text with marks in a new paragraph at the start of the first answer. */
const markedText = (doc: Y.Doc, marks: Record<string, unknown>) =>
  insertMarkedParagraph(answer(doc), 'HOSTILE MARK', marks)

/** Every kind of update the schema refuses, as a script with a stock client writes it. */
const HOSTILE: Array<[kind: string, write: (doc: Y.Doc) => void]> = [
  ['a forged prompt', (doc) => section(doc).setAttribute('prompt', 'FORGED PROMPT')],
  ['a third priority issue', (doc) => doc.getArray(PRIORITIES_ARRAY).push([{ label: 'third' }])],
  ['an unknown top-level type', (doc) => doc.getMap('evil').set('payload', 'HOSTILE')],
  ['an unknown node', (doc) => answer(doc).insert(0, [new Y.XmlElement('script')])],
  ['an unknown mark', (doc) => markedText(doc, { blink: {} })],
  ['a javascript: link', (doc) => markedText(doc, { link: { href: 'javascript:alert(1)' } })],
  ['a 20,000-deep nest', (doc) => nestBlockquotes(answer(doc), 20_000)],
  ['deleting a seeded question section', (doc) => notes(doc).delete(1, 1)],
]

/** What a stored or received copy must never hold after the hostile updates. */
function expectUntouched(doc: Y.Doc): void {
  const xml = notes(doc).toString()
  expect(section(doc).getAttribute('prompt')).toBe('What works?')
  expect(notes(doc).length).toBe(1 + testSession.questions.length)
  expect(doc.getArray(PRIORITIES_ARRAY).toArray()).toEqual([
    { label: 'first' },
    { tagId: 'labour', label: 'Labour migration' },
  ])
  expect(doc.share.has('evil')).toBe(false)
  for (const hostile of ['script', 'HOSTILE', 'blink', 'javascript'])
    expect(xml).not.toContain(hostile)
  expect(nestsDeeperThan(notes(doc), MAX_DEPTH)).toBe(false)
}

let server: TestServer
let fixture: ReturnType<typeof serverForAllTests>

async function storedDoc(room = ROOM): Promise<Y.Doc> {
  const doc = new Y.Doc()
  for (const row of await server.store.loadRoom(room)) Y.applyUpdate(doc, row.update)
  return doc
}

function stockClient(options: { stored?: boolean } = {}): TestClient {
  return fixture.connect(ROOM, options)
}

describe('the server keeps the document’s shape [P13]', () => {
  // Each block's own: collecting the blocks runs both bodies before any test, so the file-wide
  // `fixture` is pointed at the block's in beforeAll.
  const shape = serverForAllTests()
  beforeAll(async () => {
    fixture = shape
    server = await shape.start()
  })

  it('refuses each hostile update with 4422 and stores none of it; honest edits are stored', async () => {
    const honest = stockClient({ stored: true })
    await waitForSync(honest)
    const typed = new Y.XmlText()
    honest.doc.transact(() => {
      ;(answer(honest.doc).get(0) as Y.XmlElement).insert(0, [typed])
      typed.insert(0, 'honest:')
      honest.doc.getArray(PRIORITIES_ARRAY).push([{ label: 'first' }])
      honest.doc.getArray(PRIORITIES_ARRAY).push([{ tagId: 'labour', label: 'Labour migration' }])
    })
    await waitFor('the honest start to be stored', () => isStoredOnServer(honest))

    for (const [index, [kind, write]] of HOSTILE.entries()) {
      const attacker = stockClient()
      await waitForSync(attacker)
      expect(await writeAndAwaitClose(attacker, write), kind).toBe(CloseCode.invalidUpdate)
      attacker.destroy()

      // Barrier: an honest edit sent after the refusal is stored, so the server is done with
      // the hostile frame; the store must hold the honest edit and nothing of the hostile one.
      typed.insert(typed.length, ` ${index}`)
      await waitFor(`the honest edit after ${kind} to be stored`, () => isStoredOnServer(honest))
      const stored = await storedDoc()
      expect(typed.toString(), kind).toContain(` ${index}`)
      expect(notes(stored).toString(), kind).toContain(` ${index}`)
      expectUntouched(stored)
      expectUntouched(honest.doc)
    }

    // Nothing of it after a restart either, and the honest words are all there.
    await server.stop()
    await server.restart()
    const reloaded = await storedDoc()
    expectUntouched(reloaded)
    const words = HOSTILE.map((_, index) => ` ${index}`).join('')
    expect(notes(reloaded).toString()).toContain(`honest:${words}`)
    const late = stockClient()
    await waitFor('a late joiner to sync after the restart', () => late.provider.synced, 20_000)
    expectUntouched(late.doc)
  }, 120_000)
})

describe('a table stored before the server checked updates', () => {
  const rapporteur = () => mintToken({ sessionId: 'test-session', role: 'rapporteur' })

  const stored = serverForAllTests()
  beforeAll(async () => {
    fixture = stored
    server = await stored.start()
    await server.stop()
    // Written straight into the SQLite file, as the server stored it before P13: t1's notes
    // nest 20,000 deep. t2 holds an ordinary answer.
    const store = await openSqliteStore(path.join(server.dataDir, 'tablenotes.sqlite'))
    const deep = new Y.Doc()
    Y.applyUpdate(deep, createTableSeed(testSession, 't1'))
    deep.transact(() => nestBlockquotes(answer(deep), 20_000))
    const ordinary = new Y.Doc()
    Y.applyUpdate(ordinary, createTableSeed(testSession, 't2'))
    const paragraph = answer(ordinary).get(0) as Y.XmlElement
    paragraph.insert(0, [new Y.XmlText('Table two says cities lead.')])
    await store.appendUpdates([
      { room: ROOM, update: Y.encodeStateAsUpdate(deep) },
      { room: 'test-session/t2', update: Y.encodeStateAsUpdate(ordinary) },
    ])
    await store.close()
    await server.restart()
  })

  it('compiles the synthesis of the other tables, with a note for the one it cannot read', async () => {
    const response = await fetch(`${server.httpUrl}/api/sessions/test-session/synthesis/compile`, {
      method: 'POST',
      headers: { authorization: `Bearer ${rapporteur()}` },
    })
    expect(response.status).toBe(200)
    expect(((await response.json()) as { skippedTables: string[] }).skippedTables).toEqual(['t1'])
    const synthesis = await storedDoc(`test-session/${SYNTHESIS_ROOM}`)
    const other = notes(synthesis)
      .toArray()
      .find((node) => node instanceof Y.XmlElement && node.nodeName === SynthesisNode.otherNotes)
    const note = (other as Y.XmlElement).get(0) as Y.XmlElement
    expect(note.getAttribute('tableId')).toBe('t1')
    expect(note.toString()).toContain('could not be read')
    expect(notes(synthesis).toString()).toContain('Table two says cities lead.')
  }, 60_000)

  it('searches the other tables, leaving out the one it cannot read (200)', async () => {
    const response = await fetch(
      `${server.httpUrl}/api/sessions/test-session/search?q=${encodeURIComponent('cities lead')}`,
      { headers: { authorization: `Bearer ${rapporteur()}` } },
    )
    expect(response.status).toBe(200)
    const results = (await response.json()) as { room: string }[]
    expect(results.map((result) => result.room)).toContain('t2')
    expect(results.map((result) => result.room)).not.toContain('t1')
  }, 60_000)

  it('compiles it from the command line too, leaving that table out with the note', async () => {
    const result = await runCli(['synth', 'test-session', '--format', 'md'], {
      DATA_DIR: server.dataDir,
    })
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toContain('could not be read')
    expect(result.stdout).toContain('Table two says cities lead.')
  }, 60_000)

  it.each(['md', 'html', 'docx'])('exports the table as %s (200)', async (format) => {
    const response = await fetch(
      `${server.httpUrl}/api/sessions/test-session/tables/t1/export?format=${format}`,
      { headers: { authorization: `Bearer ${rapporteur()}` } },
    )
    expect(response.status).toBe(200)
  })
})
