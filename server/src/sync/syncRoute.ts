import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import {
  CloseCode,
  heartbeatMessage,
  parseRoomName,
  RoomParamsSchema,
  roomKey,
} from '@tablenotes/shared'
import type { FastifyInstance } from 'fastify'
import type WebSocket from 'ws'
import type { Gatekeeper } from '../auth/Gatekeeper.js'
import type { Metrics } from '../metrics/Metrics.js'
import type { RoomRegistry } from '../rooms/RoomRegistry.js'
import { Connection, type ConnectionLimits } from './Connection.js'

export interface SyncRouteOptions extends ConnectionLimits {
  registry: RoomRegistry
  gatekeeper: Gatekeeper
  metrics: Metrics
  /** Interval of the awareness heartbeat that keeps stock clients' watchdogs quiet (P8). */
  heartbeatMs: number
}

/** A query value as the query parser gives it: a repeated key is an array. */
const QueryValue = Type.Union([Type.String(), Type.Array(Type.String())])

/**
 * The socket URL's query (PROTOCOL.md "Connection"): the link's `token`, and `stored=1` from our
 * page, which asks for `stored` and `access` messages. Nothing in it is refused here, before the
 * upgrade: a token the connection cannot read (a repeated `token`, say) is refused like a forged
 * one, with 4401 on the socket (P10), which a stock client does not retry; a 400 here would be
 * a failed handshake, which it retries for ever.
 */
const CollabQuerySchema = Type.Object({
  token: Type.Optional(QueryValue),
  stored: Type.Optional(QueryValue),
})

let nextPeerId = 1

/**
 * The only module that knows about sockets: `/collab/<sessionId>/<roomId>`, the stock y-websocket
 * URL layout. Each socket gets a Connection, and its listeners are attached before anything is
 * awaited, so nothing a client sends right after connecting is missed.
 */
export async function syncRoute(app: FastifyInstance, options: SyncRouteOptions): Promise<void> {
  const { registry, gatekeeper } = options
  /** The open connections of each link, so that revoking it closes them at once. */
  const connectionsByLink = new Map<string, Set<Connection>>()
  const stopWatching = gatekeeper.onRevoked((linkId) => {
    for (const connection of connectionsByLink.get(linkId) ?? []) {
      connection.close(CloseCode.revoked, 'link revoked')
    }
    connectionsByLink.delete(linkId)
  })
  app.addHook('onClose', async () => stopWatching())
  const heartbeat = setInterval(() => {
    for (const room of registry.rooms()) room.sendToAll(heartbeatMessage)
  }, options.heartbeatMs)
  heartbeat.unref()
  app.addHook('onClose', async () => clearInterval(heartbeat))

  app
    .withTypeProvider<TypeBoxTypeProvider>()
    .get(
      '/:sessionId/:roomId',
      { websocket: true, schema: { params: RoomParamsSchema, querystring: CollabQuerySchema } },
      (socket, request) => {
        const id = String(nextPeerId++)
        const { sessionId, roomId } = request.params
        const room = parseRoomName(sessionId, roomId)
        const admission = room ? gatekeeper.admit(request.query.token, room, request.ip) : null
        const connection = new Connection({
          ...options,
          socket,
          id,
          room,
          admission,
          wantsStored: request.query.stored === '1',
          rooms: registry,
          log: request.log.child({ room: roomKey(sessionId, roomId), peer: id }),
        })
        socket.on('message', (data: WebSocket.RawData, isBinary: boolean) =>
          connection.receive(toBytes(data), isBinary),
        )
        socket.on('pong', (data: Buffer) => connection.pong(data))
        socket.on('error', (error) => request.log.warn({ err: error, peer: id }, 'socket error'))
        socket.on('close', () => {
          connection.ended()
          if (connection.linkId) connectionsByLink.get(connection.linkId)?.delete(connection)
        })
        if (connection.linkId && connection.isOpen) {
          const linkConnections = connectionsByLink.get(connection.linkId) ?? new Set()
          connectionsByLink.set(connection.linkId, linkConnections.add(connection))
        }
      },
    )
}

function toBytes(data: WebSocket.RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data))
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
}
