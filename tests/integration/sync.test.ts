import { listQuestionIds, NOTES_FRAGMENT } from '@tablenotes/shared'
import { beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { isStoredOnServer, type TestClient, waitFor, waitForSync } from '../helpers/clients.js'
import { notesText, plainNotes } from '../helpers/notes.js'
import { serverForEachTest } from '../helpers/serverForEachTest.js'
import type { TestServer } from '../helpers/startServer.js'

let server: TestServer
const fixture = serverForEachTest()

beforeEach(async () => {
  server = await fixture.start()
})

const join = (room = 'test-session/t1', options: { stored?: boolean; connect?: boolean } = {}) =>
  fixture.connect(room, options)

const notesOf = (client: TestClient) => notesText(client.doc)
const textOf = (client: TestClient) => plainNotes(client.doc)

describe('sync with stock y-websocket clients (P2, P3, P9)', () => {
  it('converges when 10 clients edit one table concurrently', async () => {
    const group = Array.from({ length: 10 }, () => join())
    await Promise.all(group.map(waitForSync))
    for (let round = 0; round < 20; round++) {
      group.forEach((client, index) => {
        // At either end, so that concurrent inserts never split another client's marker.
        const text = notesOf(client)
        text.insert((index + round) % 2 === 0 ? 0 : text.length, `[${index}:${round}]`)
      })
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    const markers = group.flatMap((_, index) =>
      Array.from({ length: 20 }, (_, round) => `[${index}:${round}]`),
    )
    await waitFor('all clients to converge with every edit', () => {
      const first = textOf(group[0]!)
      return (
        group.every((client) => textOf(client) === first) && markers.every((m) => first.includes(m))
      )
    })
    expect(textOf(group[0]!).length).toBe(markers.join('').length)
  })

  it('gives a late joiner the full state', async () => {
    const early = join()
    await waitForSync(early)
    notesOf(early).insert(0, 'written before you came')
    const late = join()
    await waitForSync(late)
    await waitFor(
      'the late joiner to have the text',
      () => textOf(late) === 'written before you came',
    )
    expect(listQuestionIds(late.doc)).toEqual(['q1', 'q2'])
  })

  it('shows each guiding question exactly once to 20 clients connecting at the same moment', async () => {
    const crowd = Array.from({ length: 20 }, () => join('test-session/t2'))
    await Promise.all(crowd.map(waitForSync))
    for (const client of crowd) expect(listQuestionIds(client.doc)).toEqual(['q1', 'q2'])
    const stored = new Y.Doc()
    for (const row of await server.store.loadRoom('test-session/t2'))
      Y.applyUpdate(stored, row.update)
    expect(listQuestionIds(stored)).toEqual(['q1', 'q2'])
    expect(stored.getXmlFragment(NOTES_FRAGMENT).length).toBe(3)
  })

  it('delivers edits made while the server was down once it is back', async () => {
    const writer = join('test-session/t1', { stored: true })
    const reader = join()
    await Promise.all([waitForSync(writer), waitForSync(reader)])
    await server.stop()
    await waitFor('the writer to notice', () => !writer.provider.wsconnected)
    notesOf(writer).insert(0, 'typed offline')
    await server.restart()
    await waitFor(
      'the reader to get the offline edit',
      () => textOf(reader) === 'typed offline',
      20_000,
    )
    await waitFor('the server to acknowledge it', () => isStoredOnServer(writer), 20_000)
  })
})
