import { CloseCode, heartbeatMessage, parseRoomName } from '@tablenotes/shared'
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
  /** Interval of the heartbeat and of the ping that finds dead connections. */
  heartbeatMs: number
}

let nextPeerId = 1

class SocketPeer implements Peer {
  constructor(
    private readonly socket: WebSocket,
    readonly id: string,
    readonly wantsStored: boolean,
    readonly writable: boolean,
    private readonly metrics: Metrics,
  ) {}

  send(bytes: Uint8Array): void {
    if (this.socket.readyState !== WebSocket.OPEN) return
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
      room: `${request.params.sessionId}/${request.params.roomId}`,
      peer: peerId,
    })
    const queue: Uint8Array[] = []
    let queuedBytes = 0
    let room: Room | null = null
    let closed = false

    const name = parseRoomName(request.params.sessionId, request.params.roomId)
    const admission = name ? gatekeeper.admit(request.query.token, name, request.ip) : null
    const peer = new SocketPeer(
      socket,
      peerId,
      request.query.stored === '1',
      admission?.ok === true && admission.writable,
      metrics,
    )
    const refuse = (code: number, reason: string, quiet = false) => {
      if (!quiet) log.warn({ code, reason }, 'refusing connection')
      metrics.refused(code)
      peer.close(code, reason)
    }

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
      if (closed) return
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

    let alive = true
    socket.on('pong', () => {
      alive = true
    })
    const ping = setInterval(() => {
      if (!alive) return socket.terminate()
      alive = false
      socket.ping()
    }, options.heartbeatMs * 2)
    ping.unref()

    socket.on('error', (error) => log.warn({ err: error }, 'socket error'))
    socket.on('close', () => {
      closed = true
      clearInterval(ping)
      if (admission?.ok) peersByLink.get(admission.claims.linkId)?.delete(peer)
      if (room) {
        room.removePeer(peer)
        registry.release(room)
      }
    })

    if (!name || !admission) return refuse(CloseCode.notFound, 'not a room name')
    if (!admission.ok) return refuse(admission.code, admission.reason, admission.quiet)
    const { linkId } = admission.claims
    const linkPeers = peersByLink.get(linkId) ?? new Set()
    peersByLink.set(linkId, linkPeers.add(peer))
    registry.acquire(name).then(
      (loaded) => {
        if (closed) return registry.release(loaded)
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
