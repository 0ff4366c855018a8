import { MessageType } from '@tablenotes/shared'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { waitFor, waitForSync } from '../helpers/clients.js'
import { notesText, plainNotes } from '../helpers/notes.js'
import { serverForEachTest } from '../helpers/serverForEachTest.js'

const ROOM = 'test-session/t1'
const EDITS = 20

/**
 * PROTOCOL.md P4/P5 (design.md "relay on the OS, acknowledge on the disk"): an edit is relayed
 * once committed, and acknowledged only once a disk flush covers its commit. The flush is
 * observed through the store's own counters (`progress`: commits made, commits a completed
 * flush put on disk), read the moment the client handles each `stored` message, in the same
 * process as the real server and its real SQLite file.
 */
describe('stored acknowledgements after the disk flush (P5)', () => {
  const fixture = serverForEachTest()

  it('never acknowledges an edit before a flush covering its commit has completed', async () => {
    const server = await fixture.start()
    const progress = server.store.progress
    const writer = fixture.join(ROOM)
    const reader = fixture.join(ROOM)
    await Promise.all([waitForSync(writer), waitForSync(reader)])

    // Each `stored` message, with how many commits were on disk when the client received it.
    const acks: Array<{ stateVector: Map<number, number>; onDisk: number }> = []
    const handleStored = writer.provider.messageHandlers[MessageType.stored]!
    writer.provider.messageHandlers[MessageType.stored] = (...args) => {
      handleStored(...args)
      acks.push({
        stateVector: Y.decodeStateVector(writer.stored.at(-1)!.stateVector),
        onDisk: progress.onDisk,
      })
    }

    const own = writer.doc.clientID
    for (let edit = 1; edit <= EDITS; edit++) {
      const word = `edit${edit} `
      notesText(writer.doc).insert(0, word)
      const clock = Y.getState(writer.doc.store, own)
      // Relayed to the other client: committed by now, and nothing else writes meanwhile, so
      // this count is the commit that holds the edit.
      await waitFor('the edit to be relayed', () => plainNotes(reader.doc).includes(word))
      const commit = progress.committed
      const covers = (ack: (typeof acks)[number]) => (ack.stateVector.get(own) ?? 0) >= clock
      await waitFor('the edit to be acknowledged', () => acks.some(covers))
      const ack = acks.find(covers)!
      expect(ack.onDisk).toBeGreaterThanOrEqual(commit)
    }
    expect(progress.onDisk).toBeGreaterThanOrEqual(EDITS)
  })
})
