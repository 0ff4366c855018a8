import type { Server } from 'node:http'
import type { Socket } from 'node:net'

/**
 * How long a shutdown, once every room is stored and every client told to reconnect, waits for
 * the last sockets to close before it drops them (ms). Long enough for a client to answer the
 * closing handshake over venue wifi; well inside a service manager's stop timeout (systemd's
 * 90 s, Kubernetes' 30 s grace period), so the process exits on its own and is not killed.
 */
export const CLOSE_GRACE_MS = 5_000

/** What `boundClose` returns: call `dropAfter(ms)` once the shutdown has stored everything. */
export interface ClosingConnections {
  /** Destroys, `ms` milliseconds from now, every connection still open. */
  dropAfter(ms: number): void
}

/**
 * Makes `server.close()` finish. Node's `close()` waits until every connection has ended, and
 * Fastify's `close()` waits for it, but two kinds of socket never end by themselves:
 * - an upgrade answered without being taken over. Fastify answers 503 to a WebSocket upgrade
 *   that arrives while it closes, on a socket that Node's HTTP server has already handed over
 *   (so it no longer ends it) and that allows half-open connections (`allowHalfOpen`): when the
 *   client hangs up, our side stays open for ever. Such a socket is ended when its peer ends.
 *   A WebSocket does the same on its own (ws's `socketOnEnd`), so this changes nothing for one.
 * - a peer that neither answers the closing handshake nor hangs up: `dropAfter` destroys it.
 * Call before the server listens: it counts connections from its `connection` event.
 */
export function boundClose(server: Server): ClosingConnections {
  const open = new Set<Socket>()
  server.on('connection', (socket: Socket) => {
    open.add(socket)
    socket.once('close', () => open.delete(socket))
  })
  server.prependListener('upgrade', (_request, socket: Socket) => {
    socket.once('end', () => socket.end())
  })
  return {
    dropAfter(ms) {
      setTimeout(() => {
        for (const socket of open) socket.destroy()
      }, ms).unref()
    },
  }
}
