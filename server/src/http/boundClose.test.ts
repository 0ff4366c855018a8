import { once } from 'node:events'
import { createServer, type Server } from 'node:http'
import { type AddressInfo, connect, type Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { boundClose } from './boundClose.js'

const UPGRADE_REQUEST = [
  'GET /collab/s/t1 HTTP/1.1',
  'Host: 127.0.0.1',
  'Connection: Upgrade',
  'Upgrade: websocket',
  'Sec-WebSocket-Version: 13',
  'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
  '',
  '',
].join('\r\n')

let server: Server
const clients: Socket[] = []

afterEach(() => {
  for (const client of clients.splice(0)) client.destroy()
  server.closeAllConnections()
})

/**
 * A server bounded by `boundClose` whose upgrade handler does `onUpgrade`, and a client whose
 * upgrade it has handled; then the server is closed: `closed` is when `close()` has finished.
 */
async function serveOneUpgrade(onUpgrade: (socket: Socket) => void) {
  server = createServer()
  const connections = boundClose(server)
  const upgraded = new Promise<void>((resolve) => {
    server.on('upgrade', (_request, socket: Socket) => {
      onUpgrade(socket)
      resolve()
    })
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const client = connect((server.address() as AddressInfo).port, '127.0.0.1')
  clients.push(client)
  client.write(UPGRADE_REQUEST)
  await upgraded
  const closed = new Promise<void>((resolve) => server.close(() => resolve()))
  return { client, connections, closed }
}

describe('boundClose', () => {
  it('ends an upgrade answered and not taken over once its client hangs up, so close() finishes', async () => {
    // What Fastify does with an upgrade that arrives while it closes: a 503, and nothing more.
    const { client, closed } = await serveOneUpgrade((socket) => {
      socket.write(
        'HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n',
      )
    })
    const [answer] = await once(client, 'data')
    expect(String(answer)).toMatch(/^HTTP\/1\.1 503/)
    client.end()
    await closed
    await once(client, 'close')
  })

  it('drops a socket whose peer never hangs up, once the grace has passed', async () => {
    const { client, connections, closed } = await serveOneUpgrade((socket) => {
      socket.write(
        'HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n',
      )
    })
    await once(client, 'data')
    connections.dropAfter(10)
    await closed
    await once(client, 'close')
  })
})
