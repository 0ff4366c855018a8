import { setLocked } from '@tablenotes/shared'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { isStoredOnServer, presenceBarrier, waitFor, waitForSync } from '../helpers/clients.js'
import { notesText, plainNotes } from '../helpers/notes.js'
import { serverForEachTest } from '../helpers/serverForEachTest.js'
import type { TestServer } from '../helpers/startServer.js'
import { mintToken } from '../helpers/tokens.js'

let server: TestServer
const fixture = serverForEachTest()

const join = fixture.join

async function storedText(room: string): Promise<string> {
  const doc = new Y.Doc()
  for (const row of await server.store.loadRoom(room)) Y.applyUpdate(doc, row.update)
  return plainNotes(doc)
}

describe('locking the round (P12)', () => {
  it('refuses every table write while locked, and takes the held-back edits after unlock', async () => {
    server = await fixture.start()
    const moderator = join(
      'test-session/_control',
      mintToken({ sessionId: 'test-session', role: 'moderator' }),
    )
    const editor = join('test-session/t1')
    await Promise.all([waitForSync(moderator), waitForSync(editor)])
    notesText(editor.doc).insert(0, 'before the lock. ')
    await waitFor('the first edit to be stored', () => isStoredOnServer(editor))
    expect(editor.access).toEqual([true])

    setLocked(moderator.doc, true)
    await waitFor('the editor to be told it may not write', () => editor.access.at(-1) === false)
    notesText(editor.doc).insert(notesText(editor.doc).length, 'during the lock.')
    // A second client's view of the server: the locked edit never arrives (P12). The editor's
    // presence, sent after the edit on the same socket, reaching the witness says the server
    // handled it; a client joining after that gets the room's state once it is stored (P4).
    const witness = join('test-session/t1')
    await waitForSync(witness)
    await presenceBarrier(editor, witness, 'after the locked edit')
    const late = join('test-session/t1')
    await waitForSync(late)
    expect(plainNotes(late.doc)).toBe('before the lock. ')
    expect(plainNotes(witness.doc)).toBe('before the lock. ')
    expect(await storedText('test-session/t1')).toBe('before the lock. ')

    const closes: number[] = []
    editor.provider.on('connection-close', (event) => {
      if (event) closes.push(event.code)
    })
    setLocked(moderator.doc, false)
    await waitFor('the held-back edit to be stored', async () => {
      return (await storedText('test-session/t1')) === 'before the lock. during the lock.'
    })
    expect(closes).toEqual([1012])
    await waitFor('the witness to see it', () => {
      return plainNotes(witness.doc) === 'before the lock. during the lock.'
    })
  })
})
