import {
  CloseCode,
  encodeAwarenessMessage,
  encodeAwarenessUpdate,
  encodeSyncStep2,
  encodeSyncUpdate,
  heartbeatMessage,
  MessageType,
  splitUpdate,
} from '@tablenotes/shared'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  frameTypes,
  isStoredOnServer,
  type RawSocket,
  waitFor,
  waitForSync,
} from '../helpers/clients.js'
import { notesText, plainNotes } from '../helpers/notes.js'
import { serverForEachTest } from '../helpers/serverForEachTest.js'
import type { TestServer, TestServerOptions } from '../helpers/startServer.js'

let server: TestServer
const fixture = serverForEachTest()

async function start(options: TestServerOptions = {}) {
  server = await fixture.start(options)
}

const raw = (path: string): RawSocket => fixture.raw(path)
const join = (room = 'test-session/t1') => fixture.join(room)

/** A real Yjs edit, as the bytes of an update message. */
function editMessage(text: string): Uint8Array {
  const doc = new Y.Doc()
  notesText(doc).insert(0, text)
  return encodeSyncUpdate(Y.encodeStateAsUpdate(doc))
}

async function storedText(room = 'test-session/t1'): Promise<string> {
  const doc = new Y.Doc()
  for (const row of await server.store.loadRoom(room)) Y.applyUpdate(doc, row.update)
  return plainNotes(doc)
}

describe('refusals (Close codes)', () => {
  it.each([
    ['an unknown session', 'no-such-session/t1', CloseCode.notFound],
    ['an unknown table', 'test-session/t9', CloseCode.notFound],
    ['a name that cannot be a room', 'Test%20Session/t1', CloseCode.notFound],
  ])('closes a socket for %s with %i before sending anything', async (_what, path, code) => {
    await start()
    const socket = raw(path)
    expect((await socket.closed).code).toBe(code)
    expect(socket.frames).toEqual([])
  })

  it.each([
    ['a text frame', (s: RawSocket) => s.socket.send('hello'), CloseCode.textFrame],
    [
      'a malformed message',
      (s: RawSocket) => s.socket.send(Uint8Array.of(0, 9, 9)),
      CloseCode.malformedMessage,
    ],
    [
      'an unknown message type',
      (s: RawSocket) => s.socket.send(Uint8Array.of(42)),
      CloseCode.malformedMessage,
    ],
    [
      'an update that does not decode',
      (s: RawSocket) => s.socket.send(encodeSyncUpdate(Uint8Array.of(3, 200, 7, 1))),
      CloseCode.invalidUpdate,
    ],
    [
      'a truncated update',
      (s: RawSocket) => {
        const message = editMessage('cut short')
        s.socket.send(encodeSyncUpdate(message.subarray(3, message.length - 4)))
      },
      CloseCode.invalidUpdate,
    ],
    [
      'a frame over the size limit',
      (s: RawSocket) => s.socket.send(new Uint8Array(1024 * 1024 + 1)),
      CloseCode.messageTooLarge,
    ],
    [
      'malformed awareness',
      (s: RawSocket) => s.socket.send(encodeAwarenessMessage(Uint8Array.of(1, 5))),
      CloseCode.malformedMessage,
    ],
  ])('closes a socket that sends %s, and nobody else notices', async (_what, send, code) => {
    await start()
    const honest = join()
    await waitForSync(honest)
    notesText(honest.doc).insert(0, 'honest')
    await waitFor('the honest edit to be stored', () => isStoredOnServer(honest))
    const attacker = raw('test-session/t1')
    await attacker.opened
    send(attacker)
    expect((await attacker.closed).code).toBe(code)
    notesText(honest.doc).insert(6, ' and still working')
    const other = join()
    await waitFor(
      'another client to see the honest edits',
      () => plainNotes(other.doc) === 'honest and still working',
    )
    expect(await storedText()).toBe('honest and still working')
  })

  it('lets ws refuse a frame far over the limit with 1009 before reading it', async () => {
    await start()
    const socket = raw('test-session/t1')
    await socket.opened
    socket.socket.send(new Uint8Array(2 * 1024 * 1024 + 1))
    expect((await socket.closed).code).toBe(1009)
  })
})

describe('stored acknowledgements (P4, P5)', () => {
  it('are sent only to clients that ask, and cover their edits', async () => {
    await start()
    const plain = raw('test-session/t1')
    const asking = raw('test-session/t1?stored=1')
    await Promise.all([plain.opened, asking.opened])
    asking.socket.send(editMessage('acknowledge me'))
    await waitFor('an acknowledgement', () =>
      frameTypes(asking.frames).includes(MessageType.stored),
    )
    plain.socket.send(editMessage('me too'))
    await waitFor(
      'the plain socket to receive both edits',
      () => frameTypes(plain.frames).filter((type) => type === MessageType.sync).length >= 2,
    )
    expect(frameTypes(plain.frames)).not.toContain(MessageType.stored)
  })
})

interface AwarenessChange {
  removed: number[]
}

describe('awareness (P7, P8)', () => {
  function presence(clientId: number, clock: number, state: unknown) {
    return encodeAwarenessMessage(
      encodeAwarenessUpdate([{ clientId, clock, stateJson: JSON.stringify(state) }]),
    )
  }

  /** A watcher, and a typist named Amina whom the watcher sees. */
  async function watcherSeesAmina() {
    await start()
    const watcher = join()
    await waitForSync(watcher)
    const typist = join()
    await waitForSync(typist)
    typist.provider.awareness.setLocalStateField('user', { name: 'Amina' })
    const typistId = typist.doc.clientID
    const states = watcher.provider.awareness.getStates()
    await waitFor('the watcher to see Amina', () => states.get(typistId)?.user?.name === 'Amina')
    return { watcher, typist, typistId, states }
  }

  it('relays presence, and removes it when the socket closes', async () => {
    const { typist, typistId, states } = await watcherSeesAmina()
    typist.provider.ws?.close()
    typist.provider.shouldConnect = false
    await waitFor('Amina to disappear', () => !states.has(typistId))
  })

  it('shows a client that reconnects again at once, though the others were told it left', async () => {
    const { watcher, typist, typistId, states } = await watcherSeesAmina()
    let left = false
    watcher.provider.awareness.on('change', ({ removed }: AwarenessChange) => {
      if (removed.includes(typistId)) left = true
    })
    // A dropped connection: the stock client reconnects by itself and announces the state it
    // had, with the clock the server's removal has passed. y-protocols renews an unchanged
    // state only every 15 s, so without the server's answer she came back after 30 s.
    typist.provider.ws?.close()
    await waitFor('Amina to come back', () => left && states.has(typistId))
    expect(states.get(typistId)?.user?.name).toBe('Amina')
  })

  it('binds a connection to the first client id it speaks for', async () => {
    await start()
    const watcher = join()
    await waitForSync(watcher)
    const socket = raw('test-session/t1')
    await socket.opened
    socket.socket.send(presence(111, 1, { user: { name: 'first' } }))
    socket.socket.send(presence(222, 1, { user: { name: 'impostor' } }))
    // The server handles a socket's frames in order: once the first identity's next state
    // arrives, the impostor's frame before it was handled, and dropped (P7).
    socket.socket.send(presence(111, 2, { user: { name: 'first, again' } }))
    await waitFor(
      'the first identity’s second state to arrive',
      () => watcher.provider.awareness.getStates().get(111)?.user?.name === 'first, again',
    )
    expect(watcher.provider.awareness.getStates().has(222)).toBe(false)
  })

  it('keeps a quiet connection alive with an empty awareness heartbeat', async () => {
    await start({ heartbeatMs: 50 })
    const quiet = raw('test-session/t1')
    await quiet.opened
    await waitFor(
      'three heartbeats',
      () =>
        quiet.frames.filter((frame) => Buffer.from(frame).equals(Buffer.from(heartbeatMessage)))
          .length >= 3,
    )
  })
})

describe('room lifecycle (P1, P2, P4)', () => {
  it('unloads an idle room after storing it, and loads it again for the next client', async () => {
    await start({ idleUnloadMs: 50 })
    const first = join()
    await waitForSync(first)
    notesText(first.doc).insert(0, 'kept across unloads')
    await waitFor('the edit to be stored', () => isStoredOnServer(first))
    first.destroy()
    await waitFor('the room to unload', async () => (await loadedRooms()) === 0)
    const second = join()
    await waitFor(
      'the next client to get the text',
      () => plainNotes(second.doc) === 'kept across unloads',
    )
  })

  it('answers a reconnect that arrives during an unload after the unload', async () => {
    await start({ idleUnloadMs: 1 })
    for (let round = 0; round < 20; round++) {
      const client = join()
      await waitForSync(client)
      notesText(client.doc).insert(0, `${round},`)
      await waitFor(`round ${round} to be stored`, () => isStoredOnServer(client))
      await new Promise((resolve) => setTimeout(resolve, round % 5))
      client.destroy()
    }
    const last = join()
    await waitFor('every round to be there', () => {
      const text = plainNotes(last.doc)
      return Array.from({ length: 20 }, (_, round) => `${round},`).every((part) =>
        text.includes(part),
      )
    })
  })
})

async function loadedRooms(): Promise<number> {
  const response = await fetch(`${server.httpUrl}/healthz`)
  return ((await response.json()) as { loadedRooms: number }).loadedRooms
}

describe('updates that arrive before their history (P6)', () => {
  it('holds an edit until the sync answer that carries its history, then stores both', async () => {
    await start()
    const author = new Y.Doc()
    const text = notesText(author)
    text.insert(0, 'history ')
    const history = Y.encodeStateAsUpdate(author)
    const before = Y.encodeStateVector(author)
    text.insert(text.length, 'and the edit on top')
    const edit = Y.encodeStateAsUpdate(author, before)

    const socket = raw('test-session/t1?stored=1')
    await socket.opened
    socket.socket.send(encodeSyncUpdate(edit))
    socket.socket.send(encodeSyncStep2(history))
    await waitFor('both messages to be acknowledged', () =>
      socket.frames.some((frame) => frame[0] === MessageType.stored && frame[1] === 2),
    )
    expect(await storedText()).toBe('history and the edit on top')
  })
})

describe('changes larger than one frame [P14]', () => {
  it('stores a long offline change sent as parts under the limit, none of them held', async () => {
    const limit = 4096
    await start({ maxMessageBytes: limit })
    // Three writers on one device build on each other's offline work: 5 kB of it.
    const device = new Y.Doc()
    notesText(device)
    for (let writer = 0; writer < 3; writer++) {
      const next = new Y.Doc()
      Y.applyUpdate(next, Y.encodeStateAsUpdate(device))
      const mine = notesText(next)
      mine.insert(0, `writer ${writer} ${'w'.repeat(1800)} `)
      if (mine.length > 10) mine.delete(3, 4)
      Y.applyUpdate(device, Y.encodeStateAsUpdate(next))
    }
    const whole = Y.encodeStateAsUpdate(device)
    expect(whole.byteLength).toBeGreaterThan(limit)

    const tooLarge = raw('test-session/t1')
    await tooLarge.opened
    tooLarge.socket.send(encodeSyncStep2(whole))
    expect((await tooLarge.closed).code).toBe(CloseCode.messageTooLarge)

    const parts = splitUpdate(whole, limit - 8)
    expect(parts.length).toBeGreaterThan(1)
    const socket = raw('test-session/t1?stored=1')
    await socket.opened
    for (const part of parts) socket.socket.send(encodeSyncStep2(part))
    // Every part applied and stored, none held for missing history (P6 counts only applied ones).
    await waitFor('every part to be acknowledged', () =>
      socket.frames.some((frame) => frame[0] === MessageType.stored && frame[1] === parts.length),
    )
    expect(await storedText()).toBe(plainNotes(device))
  })
})

describe('compaction (P4)', () => {
  it('merges a long log into a snapshot in the background without losing an edit', async () => {
    await start({ compactAfterRows: 20 })
    const client = join()
    await waitForSync(client)
    const text = notesText(client.doc)
    for (let n = 0; n < 120; n++) {
      text.insert(text.length, `${n};`)
      await new Promise((resolve) => setTimeout(resolve, 2))
    }
    await waitFor('every edit to be stored', () => isStoredOnServer(client))
    await waitFor(
      'the log to be compacted',
      async () => (await server.store.loadRoom('test-session/t1')).length < 40,
    )
    const expected = Array.from({ length: 120 }, (_, n) => `${n};`).join('')
    expect(await storedText()).toBe(expected)
  })
})
