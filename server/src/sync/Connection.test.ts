import {
  CloseCode,
  encodeSyncUpdate,
  NOTES_FRAGMENT,
  type RoomName,
  roomKey,
  schemaForRoom,
} from '@tablenotes/shared'
import { afterEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import type { Admission } from '../auth/Gatekeeper.js'
import { Metrics } from '../metrics/Metrics.js'
import { HeldBudget } from '../rooms/HeldBudget.js'
import { Room } from '../rooms/Room.js'
import { RoomNotFoundError, ShuttingDownError } from '../rooms/RoomRegistry.js'
import { UpdateWriter } from '../rooms/UpdateWriter.js'
import { openMemoryStore } from '../storage/memory/memoryStore.js'
import { silentLog } from '../testing/silentLog.js'
import { Connection, type ConnectionRooms, type ConnectionSocket } from './Connection.js'

/*
 * The per-connection state machine without a network (issue 16): a socket that records what it
 * is asked to do, a real Room on the in-memory store, and Vitest's fake clock for the ping and
 * the link's expiry. The socket adapter itself is covered by the integration tests.
 */

const NAME: RoomName = { sessionId: 's', roomId: 't1', key: roomKey('s', 't1') }
const LIMITS = {
  maxMessageBytes: 1024,
  maxQueuedMessages: 3,
  maxQueuedBytes: 4096,
  pingIntervalMs: 1000,
  maxBufferedBytes: 100,
}

class RecordingSocket implements ConnectionSocket {
  readyState = 1
  bufferedAmount = 0
  readonly sent: Uint8Array[] = []
  readonly pings: Buffer[] = []
  closedWith: { code: number; reason: string } | null = null
  terminated = false

  send(bytes: Uint8Array): void {
    this.sent.push(bytes)
  }
  close(code: number, reason: string): void {
    this.closedWith = { code, reason }
    this.readyState = 2
  }
  terminate(): void {
    this.terminated = true
    this.readyState = 3
  }
  ping(data: Buffer): void {
    this.pings.push(data)
  }
}

/** Rooms whose loading the test finishes (or fails) when it wants, recording releases. */
class ControlledRooms implements ConnectionRooms {
  readonly released: Room[] = []
  readonly evicted: Room[] = []
  private settle: { resolve: (room: Room) => void; reject: (error: unknown) => void } | null = null

  acquire(): Promise<Room> {
    return new Promise((resolve, reject) => {
      this.settle = { resolve, reject }
    })
  }
  release(room: Room): void {
    this.released.push(room)
  }
  evict(room: Room): void {
    this.evicted.push(room)
  }
  /** Finishes loading with `room`, or fails it with `error`, and lets the connection react. */
  async load(outcome: Room | Error): Promise<void> {
    if (!this.settle) throw new Error('nothing is loading')
    if (outcome instanceof Error) this.settle.reject(outcome)
    else this.settle.resolve(outcome)
    await new Promise<void>((resolve) => setImmediate(resolve))
  }
}

const store = openMemoryStore()

function openRoom(): Room {
  return new Room(NAME.key, [], {
    writer: new UpdateWriter(store),
    schema: schemaForRoom(NAME.roomId),
    maxHeldBytes: 1 << 20,
    heldBudget: new HeldBudget(8 << 20),
    onStored: () => undefined,
    onWriteFailed: () => undefined,
    publish: () => undefined,
    publishes: false,
  })
}

function admitted(expires?: number): Admission {
  return {
    ok: true,
    writable: true,
    claims: {
      sessionId: 's',
      role: 'editor',
      tableId: 't1',
      linkId: 'link-1',
      ...(expires === undefined ? {} : { expires }),
    },
  }
}

function connect(
  admission: Admission | null = admitted(),
  room: RoomName | null = NAME,
  limits: Partial<typeof LIMITS> = {},
) {
  const socket = new RecordingSocket()
  const rooms = new ControlledRooms()
  const metrics = new Metrics()
  const connection = new Connection({
    ...LIMITS,
    ...limits,
    socket,
    id: '1',
    room,
    admission,
    wantsStored: false,
    rooms,
    metrics,
    log: silentLog,
  })
  return { socket, rooms, metrics, connection }
}

/** A sync update frame adding one paragraph that holds `text`, from its own client. */
function paragraphFrame(text: string): Uint8Array {
  const doc = new Y.Doc()
  const paragraph = new Y.XmlElement('paragraph')
  paragraph.insert(0, [new Y.XmlText(text)])
  doc.getXmlFragment(NOTES_FRAGMENT).insert(0, [paragraph])
  return encodeSyncUpdate(Y.encodeStateAsUpdate(doc))
}

function paragraphs(room: Room): string[] {
  return room.doc
    .getXmlFragment(NOTES_FRAGMENT)
    .toArray()
    .map((node) => (node instanceof Y.XmlElement ? node.toArray().join('') : ''))
}

afterEach(() => {
  vi.useRealTimers()
})

describe('Connection', () => {
  it('refuses an address that names no room, and a refused admission, without loading', () => {
    const unnamed = connect(admitted(), null)
    expect(unnamed.socket.closedWith?.code).toBe(CloseCode.notFound)

    const revoked = connect({ ok: false, code: CloseCode.revoked, reason: 'revoked', quiet: false })
    expect(revoked.socket.closedWith).toEqual({ code: CloseCode.revoked, reason: 'revoked' })
    expect(revoked.connection.writable).toBe(false)
    expect(revoked.connection.linkId).toBeNull()
  })

  it('applies the frames sent while the room loaded, in their order, once it has', async () => {
    const { socket, rooms, connection } = connect()
    connection.receive(paragraphFrame('first'), true)
    connection.receive(paragraphFrame('second'), true)
    const room = openRoom()
    await rooms.load(room)
    expect(paragraphs(room).sort()).toEqual(['first', 'second'])
    expect(socket.closedWith).toBeNull()
    connection.ended()
    expect(rooms.released).toEqual([room])
  })

  it('closes with 4429 a client that sends too much before its room is ready', () => {
    const { socket, connection } = connect()
    for (let n = 0; n <= LIMITS.maxQueuedMessages; n++)
      connection.receive(paragraphFrame('x'), true)
    expect(socket.closedWith?.code).toBe(CloseCode.tooMany)
  })

  it('refuses a text frame and a frame over the size limit', () => {
    const text = connect()
    text.connection.receive(new TextEncoder().encode('hello'), false)
    expect(text.socket.closedWith?.code).toBe(CloseCode.textFrame)

    const large = connect()
    large.connection.receive(new Uint8Array(LIMITS.maxMessageBytes + 1), true)
    expect(large.socket.closedWith?.code).toBe(CloseCode.messageTooLarge)
    expect(large.metrics.bytesReceived).toBe(LIMITS.maxMessageBytes + 1)
  })

  it('says why when the room cannot be loaded', async () => {
    const cases: [Error, number][] = [
      [new RoomNotFoundError('no such table'), CloseCode.notFound],
      [new ShuttingDownError('draining'), CloseCode.serverRestart],
      [new Error('disk gone'), CloseCode.serverError],
    ]
    for (const [error, code] of cases) {
      const { socket, rooms } = connect()
      await rooms.load(error)
      expect(socket.closedWith?.code).toBe(code)
    }
  })

  it('gives back a room that finished loading after its socket closed', async () => {
    const { socket, rooms, connection } = connect()
    socket.close(1000, 'bye')
    connection.ended()
    const room = openRoom()
    await rooms.load(room)
    expect(rooms.released).toEqual([room])
  })

  it('drops a socket that does not echo its ping, and keeps one that does', () => {
    vi.useFakeTimers()
    const echoing = connect()
    const silent = connect()
    vi.advanceTimersByTime(LIMITS.pingIntervalMs)
    echoing.connection.pong(echoing.socket.pings[0]!)
    // A pong with other data is no answer (RFC 6455 §5.5.3).
    silent.connection.pong(Buffer.from('unsolicited'))
    vi.advanceTimersByTime(LIMITS.pingIntervalMs)
    expect(echoing.socket.terminated).toBe(false)
    expect(echoing.socket.pings).toHaveLength(2)
    expect(silent.socket.terminated).toBe(true)
    echoing.connection.ended()
    silent.connection.ended()
  })

  it('closes with 1013 a socket whose unsent backlog passes the limit, then drops it', async () => {
    const { socket, rooms, connection } = connect()
    await rooms.load(openRoom())
    vi.useFakeTimers()
    const sentBefore = socket.sent.length
    connection.send(new Uint8Array(10))
    expect(socket.sent).toHaveLength(sentBefore + 1)
    socket.bufferedAmount = 10 + LIMITS.maxBufferedBytes + 1
    connection.send(new Uint8Array(10))
    expect(socket.sent).toHaveLength(sentBefore + 1)
    expect(socket.closedWith?.code).toBe(CloseCode.tryAgainLater)
    vi.advanceTimersByTime(60_000)
    expect(socket.terminated).toBe(true)
    connection.ended()
  })

  it('closes with 4401 when the link expires while connected', () => {
    vi.useFakeTimers({ now: 1_000_000 })
    // Pings far apart, so that an unanswered one does not drop the socket first.
    const { socket, connection } = connect(admitted(1_000 + 60), NAME, {
      pingIntervalMs: 3_600_000,
    })
    vi.advanceTimersByTime(59_000)
    expect(socket.closedWith).toBeNull()
    vi.advanceTimersByTime(1_000)
    expect(socket.closedWith?.code).toBe(CloseCode.unauthenticated)
    connection.ended()
  })
})
