import { randomBytes } from 'node:crypto'
import { CloseCode, type RoomName } from '@tablenotes/shared'
import type { FastifyBaseLogger } from 'fastify'
import type { Admission } from '../auth/Gatekeeper.js'
import type { Metrics } from '../metrics/Metrics.js'
import { type Peer, type Room, RoomCorruptedError } from '../rooms/Room.js'
import { RoomNotFoundError, ShuttingDownError } from '../rooms/RoomRegistry.js'
import { ConnectionRefusal, handleMessage } from './handleMessage.js'

/** WHATWG WebSocket `readyState` values, which `ws` uses too. */
const CONNECTING = 0
const OPEN = 1

/** Longest delay a Node.js timer takes; a longer one would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1

/**
 * After closing a socket that fell behind, how long its client gets to read the close frame
 * before the socket and its backlog are dropped (ws would otherwise hold them for 30 s).
 */
const BEHIND_CLOSE_GRACE_MS = 2_000

/** What a connection needs of its socket: a subset of `ws`'s WebSocket, so tests can pass their own. */
export interface ConnectionSocket {
  /** 0 connecting, 1 open, 2 closing, 3 closed (WHATWG WebSocket). */
  readonly readyState: number
  /** Bytes queued but not yet handed to the operating system. */
  readonly bufferedAmount: number
  send(bytes: Uint8Array): void
  close(code: number, reason: string): void
  /** Drops the socket at once, without a closing handshake. */
  terminate(): void
  ping(data: Buffer): void
}

/** The rooms a connection joins: RoomRegistry's lifecycle, as much as a connection uses. */
export interface ConnectionRooms {
  acquire(name: RoomName): Promise<Room>
  release(room: Room): void
  evict(room: Room, code: number, reason: string): void
}

export interface ConnectionLimits {
  maxMessageBytes: number
  /** Frames a connection may send before its room has loaded. */
  maxQueuedMessages: number
  maxQueuedBytes: number
  /** Interval of the ping that finds dead connections: one that missed the last ping is dropped. */
  pingIntervalMs: number
  /** How far a socket may fall behind beyond the largest message in its backlog (P8). */
  maxBufferedBytes: number
}

export interface ConnectionOptions extends ConnectionLimits {
  socket: ConnectionSocket
  /** Short id for logs. */
  id: string
  /** The room asked for, or null when the address names none. */
  room: RoomName | null
  /** The Gatekeeper's answer for the connection's token and room; null when there is no room. */
  admission: Admission | null
  /** Whether the client asked for `stored` messages (`?stored=1`, P5). */
  wantsStored: boolean
  rooms: ConnectionRooms
  metrics: Metrics
  log: FastifyBaseLogger
}

/**
 * One client's connection to one room: admission, the frames sent before the room has loaded,
 * the ping that finds dead sockets, the link's expiry (P10) and the backlog limit (P8). The
 * socket adapter (`syncRoute`) hands it frames, pongs and the close; everything else happens
 * here, so the whole state machine can be driven without a network.
 */
export class Connection implements Peer {
  readonly id: string
  readonly wantsStored: boolean
  readonly writable: boolean
  readonly linkId: string | null
  private readonly socket: ConnectionSocket
  private readonly options: ConnectionOptions
  private readonly log: FastifyBaseLogger
  private readonly queue: Uint8Array[] = []
  private queuedBytes = 0
  private room: Room | null = null
  private closed = false
  /** The payload of the ping in flight, or null once it was answered. */
  private awaitedPong: Buffer | null = null
  private readonly pingTimer: NodeJS.Timeout
  private expiryTimer: NodeJS.Timeout | null = null
  /**
   * The largest message sent since the socket's backlog was last seen empty. A client that just
   * asked for a large document is behind by that much for a while, legitimately, so the limit
   * counts on top of it.
   */
  private largestQueued = 0

  /**
   * Starts the connection: refuses it at once when the room or the admission says so, otherwise
   * loads the room and joins it. Frames may be handed over from the first moment on.
   */
  constructor(options: ConnectionOptions) {
    const { admission } = options
    this.options = options
    this.socket = options.socket
    this.id = options.id
    this.log = options.log
    this.wantsStored = options.wantsStored
    this.writable = admission?.ok === true && admission.writable
    this.linkId = admission?.ok ? admission.claims.linkId : null
    this.pingTimer = setInterval(() => this.ping(), options.pingIntervalMs)
    this.pingTimer.unref()

    if (!options.room || !admission) {
      this.refuse(CloseCode.notFound, 'not a room name')
      return
    }
    if (!admission.ok) {
      this.refuse(admission.code, admission.reason, admission.quiet)
      return
    }
    if (admission.claims.expires !== undefined) this.closeAtExpiry(admission.claims.expires)
    this.join(options.room)
  }

  /** Whether the connection may still take frames and send them. */
  get isOpen(): boolean {
    return !this.closed && this.socket.readyState === OPEN
  }

  /**
   * Sends one frame, unless the socket's unsent backlog is over the largest queued message plus
   * `maxBufferedBytes`: then the connection is closed with 1013 instead, so one client that stops
   * reading holds a bounded amount of memory (P8).
   */
  send(bytes: Uint8Array): void {
    if (this.socket.readyState !== OPEN) return
    const backlog = this.socket.bufferedAmount
    if (backlog === 0) this.largestQueued = 0
    if (backlog > this.largestQueued + this.options.maxBufferedBytes) {
      this.fellBehind(backlog)
      return
    }
    this.largestQueued = Math.max(this.largestQueued, bytes.byteLength)
    this.socket.send(bytes)
    this.options.metrics.bytesSent += bytes.byteLength
  }

  /** Closes the socket with `code` (a CloseCode) unless it is closing already. */
  close(code: number, reason: string): void {
    const state = this.socket.readyState
    if (state === OPEN || state === CONNECTING) this.socket.close(code, reason)
  }

  /**
   * One frame from the client. Refuses text frames (4400-range, P1), frames over
   * `maxMessageBytes` (1009) and a link that expired since the last frame (4401); queues frames
   * while the room loads, up to `maxQueuedMessages` / `maxQueuedBytes` (4429).
   */
  receive(bytes: Uint8Array, isBinary: boolean) {
    if (!this.isOpen) return
    // Checked for every frame, as the expiry timer may fire late.
    if (this.isExpired()) return this.refuse(CloseCode.unauthenticated, 'token expired')
    if (!isBinary) {
      return this.refuse(CloseCode.textFrame, 'text frames are not part of the protocol')
    }
    this.options.metrics.bytesReceived += bytes.byteLength
    if (bytes.byteLength > this.options.maxMessageBytes) {
      return this.refuse(
        CloseCode.messageTooLarge,
        `message of ${bytes.byteLength} bytes is over the limit`,
      )
    }
    if (this.room) return this.handle(this.room, bytes)
    this.queue.push(bytes)
    this.queuedBytes += bytes.byteLength
    if (
      this.queue.length > this.options.maxQueuedMessages ||
      this.queuedBytes > this.options.maxQueuedBytes
    ) {
      this.refuse(CloseCode.tooMany, 'too much sent before the room was ready')
    }
  }

  /**
   * A pong from the client. It counts only as the answer to the ping in flight, recognised by its
   * random payload (RFC 6455 §5.5.3: a pong echoes the ping's data). Unsolicited pongs, which any
   * client can send without reading a byte, keep nothing alive.
   */
  pong(data: Buffer): void {
    if (this.awaitedPong?.equals(data)) this.awaitedPong = null
  }

  /** The socket closed, for whatever reason: stops the timers and leaves the room. */
  ended(): void {
    this.closed = true
    clearInterval(this.pingTimer)
    if (this.expiryTimer) clearTimeout(this.expiryTimer)
    if (this.room) {
      this.room.removePeer(this)
      this.options.rooms.release(this.room)
    }
  }

  private join(name: RoomName): void {
    const { rooms } = this.options
    rooms.acquire(name).then(
      (loaded) => {
        // Closed meanwhile, or closing (refused, e.g. expired while the room loaded).
        if (!this.isOpen) return rooms.release(loaded)
        this.room = loaded
        loaded.addPeer(this)
        for (const bytes of this.queue.splice(0)) this.handle(loaded, bytes)
        this.queuedBytes = 0
      },
      (error: unknown) => {
        if (error instanceof RoomNotFoundError)
          return this.refuse(CloseCode.notFound, error.message)
        if (error instanceof ShuttingDownError) {
          return this.refuse(CloseCode.serverRestart, error.message, true)
        }
        this.log.error({ err: error }, 'loading room failed')
        this.refuse(CloseCode.serverError, 'room could not be loaded')
      },
    )
  }

  private handle(room: Room, bytes: Uint8Array) {
    if (this.socket.readyState !== OPEN) return
    try {
      handleMessage(room, this, bytes)
    } catch (error) {
      if (error instanceof ConnectionRefusal) return this.refuse(error.code, error.reason)
      if (error instanceof RoomCorruptedError) {
        this.log.error({ err: error }, 'an update broke the room; reloading it from storage')
        this.refuse(CloseCode.invalidUpdate, 'update failed to apply')
        return this.options.rooms.evict(room, CloseCode.serverRestart, 'room reloading')
      }
      this.log.error({ err: error }, 'unexpected error while handling a frame')
      this.refuse(CloseCode.serverError, 'internal error')
    }
  }

  private refuse(code: number, reason: string, quiet = false): void {
    if (!quiet) this.log.warn({ code, reason }, 'refusing connection')
    this.options.metrics.refused(code)
    this.close(code, reason)
  }

  private fellBehind(backlogBytes: number): void {
    this.refuse(CloseCode.tryAgainLater, `${backlogBytes} bytes behind: reconnect and resync`)
    // Nothing more reaches it, its presence goes now, and its backlog once the grace is up.
    if (this.room) this.room.removePeer(this)
    setTimeout(() => this.socket.terminate(), BEHIND_CLOSE_GRACE_MS).unref()
  }

  private ping() {
    if (this.awaitedPong) {
      this.log.info('dropping a connection that did not answer the last ping')
      this.options.metrics.refused(CloseCode.noPingAnswer)
      return this.socket.terminate()
    }
    this.awaitedPong = randomBytes(8)
    this.socket.ping(this.awaitedPong)
  }

  private isExpired(): boolean {
    const expires = this.options.admission?.ok ? this.options.admission.claims.expires : undefined
    return expires !== undefined && expires <= Date.now() / 1000
  }

  /** A link that expires while its socket is open is closed at its expiry (P10). */
  private closeAtExpiry(expiresAt: number) {
    const delay = expiresAt * 1000 - Date.now()
    if (delay <= 0) return this.refuse(CloseCode.unauthenticated, 'token expired')
    this.expiryTimer = setTimeout(
      () => this.closeAtExpiry(expiresAt),
      Math.min(delay, MAX_TIMER_MS),
    )
    this.expiryTimer.unref()
  }
}
