import { randomBytes } from 'node:crypto'
import { CloseCode, heartbeatMessage, parseRoomName, roomKey } from '@tablenotes/shared'
import type { FastifyInstance } from 'fastify'
import WebSocket from 'ws'
import type { Gatekeeper } from '../auth/Gatekeeper.js'
import type { Metrics } from '../metrics/Metrics.js'
import { type Peer, type Room, RoomCorruptedError } from '../rooms/Room.js'
import { RoomNotFoundError, type RoomRegistry, ShuttingDownError } from '../rooms/RoomRegistry.js'
import { ConnectionRefusal, handleMessage } from './handleMessage.js'

export interface SyncRouteOptions {
  registry: RoomRegistry
  gatekeeper: Gatekeeper
  metrics: Metrics
  maxMessageBytes: number
  /** Frames a connection may send before its room has loaded. */
  maxQueuedMessages: number
  maxQueuedBytes: number
  /** Interval of the awareness heartbeat that keeps stock clients' watchdogs quiet (P8). */
  heartbeatMs: number
  /** Interval of the ping that finds dead connections: one that missed the last ping is dropped. */
  pingIntervalMs: number
  /** How far a socket may fall behind beyond the largest message in its backlog (P8). */
  maxBufferedBytes: number
}

let nextPeerId = 1

/** Longest delay a Node.js timer takes; a longer one would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1

/**
 * After closing a socket that fell behind, how long its client gets to read the close frame
 * before the socket and its backlog are dropped (ws would otherwise hold them for 30 s).
 */
const BEHIND_CLOSE_GRACE_MS = 2_000

class SocketPeer implements Peer {
  /**
   * The largest message sent since the socket's backlog was last seen empty. A client that just
   * asked for a large document is behind by that much for a while, legitimately, so the limit
   * counts on top of it.
   */
  private largestQueued = 0

  constructor(
    private readonly socket: WebSocket,
    readonly id: string,
    readonly wantsStored: boolean,
    readonly writable: boolean,
    readonly linkId: string | null,
    private readonly metrics: Metrics,
    private readonly maxBufferedBytes: number,
    /** Called instead of sending when the socket is too far behind; it must close the socket. */
    private readonly onBehind: (backlogBytes: number) => void,
  ) {}

  /**
   * Sends one frame, unless the socket's unsent backlog (ws `bufferedAmount`: bytes not yet
   * handed to the kernel) is over the largest queued message plus `maxBufferedBytes`: then the
   * socket is closed instead, so one client that stops reading holds a bounded amount of memory.
   */
  send(bytes: Uint8Array): void {
    if (this.socket.readyState !== WebSocket.OPEN) return
    const backlog = this.socket.bufferedAmount
    if (backlog === 0) this.largestQueued = 0
    if (backlog > this.largestQueued + this.maxBufferedBytes) {
      this.onBehind(backlog)
      return
    }
    this.largestQueued = Math.max(this.largestQueued, bytes.byteLength)
    this.socket.send(bytes)
    this.metrics.bytesSent += bytes.byteLength
  }

  close(code: number, reason: string): void {
    if (
      this.socket.readyState === WebSocket.OPEN ||
      this.socket.readyState === WebSocket.CONNECTING
    ) {
      this.socket.close(code, reason)
    }
  }
}

/**
 * The only module that knows about sockets: `/collab/<sessionId>/<roomId>`, the stock y-websocket
 * URL layout. Frames that arrive while the room loads are queued, so the listener is attached
 * before anything is awaited and nothing a client sends right after connecting is missed.
 */
export async function syncRoute(app: FastifyInstance, options: SyncRouteOptions): Promise<void> {
  const { registry, gatekeeper, metrics } = options
  /** The open connections of each link, so that revoking it closes them at once. */
  const peersByLink = new Map<string, Set<SocketPeer>>()
  const stopWatching = gatekeeper.onRevoked((linkId) => {
    for (const peer of peersByLink.get(linkId) ?? []) peer.close(CloseCode.revoked, 'link revoked')
    peersByLink.delete(linkId)
  })
  app.addHook('onClose', async () => stopWatching())
  const heartbeat = setInterval(() => {
    for (const room of registry.rooms()) room.sendToAll(heartbeatMessage)
  }, options.heartbeatMs)
  heartbeat.unref()
  app.addHook('onClose', async () => clearInterval(heartbeat))

  app.get<{
    Params: { sessionId: string; roomId: string }
    Querystring: { stored?: string; token?: string }
  }>('/:sessionId/:roomId', { websocket: true }, (socket, request) => {
    const peerId = String(nextPeerId++)
    const log = request.log.child({
      room: roomKey(request.params.sessionId, request.params.roomId),
      peer: peerId,
    })
    const queue: Uint8Array[] = []
    let queuedBytes = 0
    let room: Room | null = null
    let closed = false

    const name = parseRoomName(request.params.sessionId, request.params.roomId)
    const admission = name ? gatekeeper.admit(request.query.token, name, request.ip) : null
    const expires = admission?.ok ? admission.claims.expires : undefined
    const peer = new SocketPeer(
      socket,
      peerId,
      request.query.stored === '1',
      admission?.ok === true && admission.writable,
      admission?.ok ? admission.claims.linkId : null,
      metrics,
      options.maxBufferedBytes,
      (backlogBytes) => {
        refuse(CloseCode.tryAgainLater, `${backlogBytes} bytes behind: reconnect and resync`)
        // Nothing more reaches it, its presence goes now, and its backlog once the grace is up.
        if (room) room.removePeer(peer)
        setTimeout(() => socket.terminate(), BEHIND_CLOSE_GRACE_MS).unref()
      },
    )
    const refuse = (code: number, reason: string, quiet = false) => {
      if (!quiet) log.warn({ code, reason }, 'refusing connection')
      metrics.refused(code)
      peer.close(code, reason)
    }
    /** Whether the link expired: checked for every frame, as a timer may fire late. */
    const isExpired = () => expires !== undefined && expires <= Date.now() / 1000

    const receive = (target: Room, bytes: Uint8Array) => {
      if (socket.readyState !== WebSocket.OPEN) return
      try {
        handleMessage(target, peer, bytes)
      } catch (error) {
        if (error instanceof ConnectionRefusal) return refuse(error.code, error.reason)
        if (error instanceof RoomCorruptedError) {
          log.error({ err: error }, 'an update broke the room; reloading it from storage')
          refuse(CloseCode.invalidUpdate, 'update failed to apply')
          return registry.evict(target, CloseCode.serverRestart, 'room reloading')
        }
        log.error({ err: error }, 'unexpected error while handling a frame')
        refuse(CloseCode.serverError, 'internal error')
      }
    }

    socket.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
      if (closed || socket.readyState !== WebSocket.OPEN) return
      if (isExpired()) return refuse(CloseCode.unauthenticated, 'token expired')
      if (!isBinary) return refuse(CloseCode.textFrame, 'text frames are not part of the protocol')
      const bytes = toBytes(data)
      metrics.bytesReceived += bytes.byteLength
      if (bytes.byteLength > options.maxMessageBytes) {
        return refuse(
          CloseCode.messageTooLarge,
          `message of ${bytes.byteLength} bytes is over the limit`,
        )
      }
      if (room) return receive(room, bytes)
      queue.push(bytes)
      queuedBytes += bytes.byteLength
      if (queue.length > options.maxQueuedMessages || queuedBytes > options.maxQueuedBytes) {
        refuse(CloseCode.tooMany, 'too much sent before the room was ready')
      }
    })

    // A pong counts only as the answer to the ping in flight, recognised by its random payload
    // (RFC 6455 §5.5.3: a pong echoes the ping's data). Unsolicited pongs, which any client can
    // send without reading a byte, keep nothing alive.
    let awaitedPong: Buffer | null = null
    socket.on('pong', (data: Buffer) => {
      if (awaitedPong?.equals(data)) awaitedPong = null
    })
    const ping = setInterval(() => {
      if (awaitedPong) {
        log.info('dropping a connection that did not answer the last ping')
        metrics.refused(CloseCode.noPingAnswer)
        return socket.terminate()
      }
      awaitedPong = randomBytes(8)
      socket.ping(awaitedPong)
    }, options.pingIntervalMs)
    ping.unref()

    // A link that expires while its socket is open is closed at its expiry (P10).
    let expiryTimer: NodeJS.Timeout | null = null
    const closeAtExpiry = (expiresAt: number) => {
      const delay = expiresAt * 1000 - Date.now()
      if (delay <= 0) return refuse(CloseCode.unauthenticated, 'token expired')
      expiryTimer = setTimeout(() => closeAtExpiry(expiresAt), Math.min(delay, MAX_TIMER_MS))
      expiryTimer.unref()
    }

    socket.on('error', (error) => log.warn({ err: error }, 'socket error'))
    socket.on('close', () => {
      closed = true
      clearInterval(ping)
      if (expiryTimer) clearTimeout(expiryTimer)
      if (admission?.ok) peersByLink.get(admission.claims.linkId)?.delete(peer)
      if (room) {
        room.removePeer(peer)
        registry.release(room)
      }
    })

    if (!name || !admission) return refuse(CloseCode.notFound, 'not a room name')
    if (!admission.ok) return refuse(admission.code, admission.reason, admission.quiet)
    if (expires !== undefined) closeAtExpiry(expires)
    const { linkId } = admission.claims
    const linkPeers = peersByLink.get(linkId) ?? new Set()
    peersByLink.set(linkId, linkPeers.add(peer))
    registry.acquire(name).then(
      (loaded) => {
        // Closed meanwhile, or closing (refused, e.g. expired while the room loaded).
        if (closed || socket.readyState !== WebSocket.OPEN) return registry.release(loaded)
        room = loaded
        loaded.addPeer(peer)
        for (const bytes of queue.splice(0)) receive(loaded, bytes)
      },
      (error: unknown) => {
        if (error instanceof RoomNotFoundError) return refuse(CloseCode.notFound, error.message)
        if (error instanceof ShuttingDownError) {
          return refuse(CloseCode.serverRestart, error.message, true)
        }
        log.error({ err: error }, 'loading room failed')
        refuse(CloseCode.serverError, 'room could not be loaded')
      },
    )
  })
}

function toBytes(data: WebSocket.RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data))
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
}
