import {
  CloseCode,
  MessageType,
  NOTES_FRAGMENT,
  roomKey,
  type Session,
  SyncType,
  schemaForRoom,
} from '@tablenotes/shared'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { SingleInstance } from '../fanout/Fanout.js'
import { type MemoryStore, openMemoryStore } from '../storage/memory/memoryStore.js'
import { silentLog } from '../testing/silentLog.js'
import { HeldBudget } from './HeldBudget.js'
import { HeldBudgetSpentError, type Peer, Room, type RoomOptions } from './Room.js'
import { RoomRegistry } from './RoomRegistry.js'
import { UpdateWriter } from './UpdateWriter.js'

/** A message the server sent, as a test reads it. */
type SentMessage =
  | { type: 'sync'; syncType: number; payload: Uint8Array }
  | { type: 'stored'; storedMessages: number }
  | { type: 'other'; messageType: number }

/** Reads one varuint (lib0's encoding: 7 bits a byte, low bits first) at `at.offset`. */
function readVarUint(bytes: Uint8Array, at: { offset: number }): number {
  let value = 0
  let shift = 0
  for (;;) {
    const byte = bytes[at.offset++]
    if (byte === undefined) throw new Error('truncated varuint')
    value += (byte & 0x7f) * 2 ** shift
    if (byte < 0x80) return value
    shift += 7
  }
}

/** Decodes what tests check of a server → client frame (PROTOCOL.md message table). */
function decodeSent(bytes: Uint8Array): SentMessage {
  const at = { offset: 0 }
  const messageType = readVarUint(bytes, at)
  if (messageType === MessageType.sync) {
    const syncType = readVarUint(bytes, at)
    const length = readVarUint(bytes, at)
    return { type: 'sync', syncType, payload: bytes.subarray(at.offset, at.offset + length) }
  }
  if (messageType === MessageType.stored) {
    return { type: 'stored', storedMessages: readVarUint(bytes, at) }
  }
  return { type: 'other', messageType }
}

/**
 * A connection as the room sees it, recording what the room sends and how it closes it: the
 * room's side of a socket, without one (the socket adapter is tested with real sockets).
 */
class TestPeer implements Peer {
  readonly sent: SentMessage[] = []
  closed: { code: number; reason: string } | null = null

  constructor(
    readonly id: string,
    readonly wantsStored = true,
    readonly writable = true,
  ) {}

  send(bytes: Uint8Array): void {
    this.sent.push(decodeSent(bytes))
  }

  close(code: number, reason: string): void {
    this.closed = { code, reason }
  }

  /** The highest count of this connection's messages the room reported stored; -1: none yet. */
  get storedMessages(): number {
    return Math.max(
      -1,
      ...this.sent.flatMap((m) => (m.type === 'stored' ? [m.storedMessages] : [])),
    )
  }

  /** The updates relayed to this connection (sync update messages), in order. */
  get relayed(): Uint8Array[] {
    return this.sent.flatMap((m) =>
      m.type === 'sync' && m.syncType === SyncType.update ? [m.payload] : [],
    )
  }
}

/**
 * A client's document: `type` appends a paragraph of `text` to the notes (a change the table
 * schema allows) and returns that edit alone, as the client would send it.
 */
function createClientDoc(): { doc: Y.Doc; type: (text: string) => Uint8Array } {
  const doc = new Y.Doc()
  return {
    doc,
    type(text) {
      const before = Y.encodeStateVector(doc)
      const paragraph = new Y.XmlElement('paragraph')
      paragraph.insert(0, [new Y.XmlText(text)])
      const notes = doc.getXmlFragment(NOTES_FRAGMENT)
      notes.insert(notes.length, [paragraph])
      return Y.encodeStateAsUpdate(doc, before)
    },
  }
}

/** The text of every paragraph of the notes in `doc`, in order. */
function paragraphsOf(doc: Y.Doc): string[] {
  return doc
    .getXmlFragment(NOTES_FRAGMENT)
    .toArray()
    .map((node) => (node instanceof Y.XmlElement ? node.toArray().join('') : ''))
}

/** Resolves on the next call of the returned callback, with its arguments. */
function nextCall<A extends unknown[]>(): { callback: (...args: A) => void; called: Promise<A> } {
  let callback!: (...args: A) => void
  const called = new Promise<A>((resolve) => {
    callback = (...args) => resolve(args)
  })
  return { callback, called }
}

/** The document a room of `store` would load, as its paragraphs. */
async function storedParagraphs(store: MemoryStore, key: string): Promise<string[]> {
  const doc = new Y.Doc()
  for (const { update } of await store.loadRoom(key)) Y.applyUpdate(doc, update)
  return paragraphsOf(doc)
}

const KEY = roomKey('room-test', 't1')

describe('Room on the in-memory store', () => {
  let store: MemoryStore
  let room: Room | null = null

  afterEach(async () => {
    room?.destroy()
    room = null
    await store.close()
  })

  function openRoom(overrides: Partial<RoomOptions> = {}): Room {
    room = new Room(KEY, [], {
      writer: new UpdateWriter(store),
      schema: schemaForRoom('t1'),
      maxHeldBytes: 1024 * 1024,
      heldBudget: new HeldBudget(8 * 1024 * 1024),
      onStored: () => undefined,
      onWriteFailed: (_room, error) => {
        throw error
      },
      publish: () => undefined,
      publishes: false,
      ...overrides,
    })
    return room
  }

  it('stores an update, relays it to the other peers and acknowledges it to its sender', async () => {
    store = openMemoryStore()
    const stored = nextCall<[Room]>()
    const current = openRoom({ onStored: stored.callback })
    const writer = new TestPeer('writer')
    const reader = new TestPeer('reader')
    current.addPeer(writer)
    current.addPeer(reader)
    const client = createClientDoc()

    const edit = client.type('hello')
    current.receiveUpdate(writer, edit)
    await stored.called

    expect(await storedParagraphs(store, KEY)).toEqual(['hello'])
    expect(store.progress.onDisk).toBe(store.progress.committed)
    // Relayed as the bytes that arrived, to the reader only; counted once in the writer's ack.
    expect(reader.relayed).toStrictEqual([edit])
    expect(writer.relayed).toEqual([])
    expect(writer.storedMessages).toBe(1)
    expect(reader.storedMessages).toBe(0)
  })

  it('neither relays nor acknowledges a write the store refused, and reports the failure', async () => {
    store = openMemoryStore()
    const failed = nextCall<[Room, unknown]>()
    const current = openRoom({ onWriteFailed: failed.callback })
    const writer = new TestPeer('writer')
    const reader = new TestPeer('reader')
    current.addPeer(writer)
    current.addPeer(reader)
    const refusal = new Error('disk full')
    store.refuseWrites(refusal)

    current.receiveUpdate(writer, createClientDoc().type('lost unless resent'))
    const [failedRoom, error] = await failed.called

    expect(failedRoom).toBe(current)
    expect(error).toBe(refusal)
    expect(reader.relayed).toEqual([])
    // Its join's `stored 0` at most: no acknowledgement counts the refused update.
    expect(writer.storedMessages).toBeLessThan(1)
    expect(await store.loadRoom(KEY)).toEqual([])
  })

  it('holds updates waiting for history within one budget for every connection, freed as they go', async () => {
    store = openMemoryStore()
    /** An update of a client whose first one the room never got: it waits for that history. */
    const waiting = () => {
      const client = createClientDoc()
      client.type('first, never sent')
      return client.type('second, waiting')
    }
    const one = waiting()
    const budget = new HeldBudget(one.byteLength + 10)
    const current = openRoom({ heldBudget: budget })
    const first = new TestPeer('first')
    const second = new TestPeer('second')
    current.addPeer(first)
    current.addPeer(second)
    current.receiveUpdate(first, one)
    expect(budget.held).toBe(one.byteLength)
    expect(() => current.receiveUpdate(second, waiting())).toThrow(HeldBudgetSpentError)
    current.removePeer(first)
    expect(budget.held).toBe(0)
    current.receiveUpdate(second, waiting())
    expect(budget.held).toBeGreaterThan(0)
  })

  it('answers a sync step 1 only with content that is committed', async () => {
    store = openMemoryStore()
    const current = openRoom()
    const writer = new TestPeer('writer')
    const newcomer = new TestPeer('newcomer')
    current.addPeer(writer)
    current.addPeer(newcomer)
    current.receiveUpdate(writer, createClientDoc().type('committed first'))
    // Asked before the commit: the answer waits for it, so its content is in the store.
    current.answerSyncStep1(newcomer, Y.encodeStateVector(new Y.Doc()))
    await current.flushed()

    const answer = newcomer.sent.find((m) => m.type === 'sync' && m.syncType === SyncType.step2)
    expect(answer?.type).toBe('sync')
    const seen = new Y.Doc()
    if (answer?.type === 'sync') Y.applyUpdate(seen, answer.payload)
    expect(paragraphsOf(seen)).toEqual(['committed first'])
    expect(await storedParagraphs(store, KEY)).toEqual(['committed first'])
  })
})

/** A session with one table, for rooms loaded by a registry. */
const SESSION: Session = {
  id: 'room-test',
  title: 'Room test',
  questions: [{ id: 'q1', text: 'What works?' }],
  tables: [{ id: 't1', name: 'Table 1' }],
}

describe('RoomRegistry when a store write fails', () => {
  let registry: RoomRegistry | null = null

  afterEach(async () => {
    await registry?.close()
    registry = null
  })

  it('closes the room’s clients with serverError; they resend and nothing acknowledged is lost', async () => {
    const store = openMemoryStore()
    await store.putSession(SESSION)
    registry = new RoomRegistry({
      store,
      fanout: new SingleInstance(),
      log: silentLog,
      idleUnloadMs: 60_000,
      maxHeldBytes: 1024 * 1024,
      maxHeldBytesInAll: 8 * 1024 * 1024,
    })
    const name = { sessionId: SESSION.id, roomId: 't1', key: roomKey(SESSION.id, 't1') }
    const first = await registry.acquire(name)
    const writer = new TestPeer('writer')
    const reader = new TestPeer('reader')
    first.addPeer(writer)
    first.addPeer(reader)
    // The client starts from the room's document (its seed), as after sync step 2.
    const client = createClientDoc()
    Y.applyUpdate(client.doc, Y.encodeStateAsUpdate(first.doc))

    first.receiveUpdate(writer, client.type('acknowledged'))
    await first.flushed()
    expect(writer.storedMessages).toBe(1)
    const relayedBefore = reader.relayed.length

    store.refuseWrites(new Error('disk full'))
    first.receiveUpdate(writer, client.type('refused, then resent'))
    await expect.poll(() => writer.closed?.code, { timeout: 10_000 }).toBe(CloseCode.serverError)
    expect(reader.closed?.code).toBe(CloseCode.serverError)
    expect(writer.storedMessages).toBe(1)
    expect(reader.relayed).toHaveLength(relayedBefore)

    // The client reconnects to the room loaded afresh and sends what the server lacks.
    store.refuseWrites(null)
    const second = await registry.acquire(name)
    expect(second).not.toBe(first)
    const again = new TestPeer('writer again')
    second.addPeer(again)
    second.receiveUpdate(again, Y.encodeStateAsUpdate(client.doc, Y.encodeStateVector(second.doc)))
    await second.flushed()

    expect(again.storedMessages).toBe(1)
    const stored = await storedParagraphs(store, name.key)
    expect(stored.slice(-2)).toEqual(['acknowledged', 'refused, then resent'])
    registry.release(second)
  })
})
