import { rm } from 'node:fs/promises'
import path from 'node:path'
import type { Store } from '@tablenotes/server'
import { loadDoc, openSqliteStore, takeVersion } from '@tablenotes/server'
import { createTableSeed, NOTES_FRAGMENT, type VersionSummary } from '@tablenotes/shared'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { runCli } from '../helpers/cli.js'
import { testSession } from '../helpers/fixtures.js'
import { createDataDir } from '../helpers/serverProcess.js'

const ROOM = `${testSession.id}/t1`
let dataDir: string
let store: Store

beforeEach(async () => {
  dataDir = await createDataDir([testSession])
  store = await openSqliteStore(path.join(dataDir, 'tablenotes.sqlite'))
})

afterEach(async () => {
  await store.close()
  await rm(dataDir, { recursive: true, force: true })
})

const tablenotes = (...args: string[]) => runCli(args, { DATA_DIR: dataDir })

/** The text of question `questionId`'s answer in a table document, paragraphs joined by `|`. */
function answerText(doc: Y.Doc, questionId: string): string {
  const section = doc
    .getXmlFragment(NOTES_FRAGMENT)
    .toArray()
    .find((node) => node instanceof Y.XmlElement && node.getAttribute('questionId') === questionId)
  const answer = (section as Y.XmlElement).get(0) as Y.XmlElement
  return answer
    .toArray()
    .map((node) => (node as Y.XmlElement).toArray().join(''))
    .join('|')
}

/** Writes `text` as question `questionId`'s answer, as one stored update. */
async function writeAnswer(doc: Y.Doc, questionId: string, text: string): Promise<void> {
  const before = Y.encodeStateVector(doc)
  const section = doc
    .getXmlFragment(NOTES_FRAGMENT)
    .toArray()
    .find((node) => node instanceof Y.XmlElement && node.getAttribute('questionId') === questionId)
  const answer = (section as Y.XmlElement).get(0) as Y.XmlElement
  doc.transact(() => {
    answer.delete(0, answer.length)
    const paragraph = new Y.XmlElement('paragraph')
    paragraph.insert(0, [new Y.XmlText(text)])
    answer.insert(0, [paragraph])
  })
  await store.appendUpdates([{ room: ROOM, update: Y.encodeStateAsUpdate(doc, before) }])
}

describe('pnpm tablenotes history and restore', () => {
  it('lists versions as the API does and restores one question on the storage', async () => {
    const doc = new Y.Doc()
    Y.applyUpdate(doc, createTableSeed(testSession, 't1'))
    await store.appendUpdates([{ room: ROOM, update: Y.encodeStateAsUpdate(doc) }])
    await writeAnswer(doc, 'q1', 'the first answer')
    await writeAnswer(doc, 'q2', 'the second answer')
    const named = await takeVersion(store, ROOM, doc, 'named', 'End of round 1')
    await writeAnswer(doc, 'q1', 'rewritten')
    await writeAnswer(doc, 'q2', 'also rewritten')

    const listed = await tablenotes('history', ROOM, '--json')
    expect(listed.code).toBe(0)
    const versions = JSON.parse(listed.stdout) as VersionSummary[]
    expect(versions).toEqual([
      {
        id: named!.id,
        at: new Date(named!.at).toISOString(),
        label: 'End of round 1',
        authors: [],
        kind: 'named',
      },
    ])
    const plain = await tablenotes('history', ROOM)
    expect(plain.stdout).toContain(`${named!.id}\t`)
    expect(plain.stdout).toContain('End of round 1')

    const restored = await tablenotes('restore', ROOM, named!.id, '--question', 'q1')
    expect(restored.code).toBe(0)
    expect(restored.stdout).toContain(`Restored question q1 of ${ROOM} to version ${named!.id}`)
    const after = await loadDoc(store, ROOM)
    expect(answerText(after, 'q1')).toBe('the first answer')
    expect(answerText(after, 'q2')).toBe('also rewritten')
    // The room as it was before the restore is a version of its own, to undo it.
    const [before] = await store.listVersions(ROOM)
    expect(before?.kind).toBe('restore')
    const kept = await store.getVersion(ROOM, before!.id)
    const keptDoc = new Y.Doc()
    Y.applyUpdate(keptDoc, kept!.state)
    expect(answerText(keptDoc, 'q1')).toBe('rewritten')

    const unknown = await tablenotes('restore', ROOM, '99999')
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('has no version "99999"')
    expect((await tablenotes('history', `${testSession.id}/_control`)).code).toBe(2)
  })
})
