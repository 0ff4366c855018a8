import { connect, createServer, type Socket } from 'node:net'

/**
 * A TCP load balancer on loopback, as a venue's or a cloud's would be: each new connection goes
 * to the next backend in turn, skipping any that refuses it. Stock clients connect to it and,
 * when their instance dies, reconnect through it to another.
 */
export interface LoadBalancer {
  port: number
  /** The backend ports; change it to take an instance out or put it back. */
  backends: number[]
  close(): Promise<void>
}

export async function startLoadBalancer(backends: number[]): Promise<LoadBalancer> {
  const sockets = new Set<Socket>()
  let next = 0
  const track = (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  }
  const forward = (client: Socket, attempt: number) => {
    if (attempt >= balancer.backends.length) {
      client.destroy()
      return
    }
    const port = balancer.backends[next++ % balancer.backends.length]
    const upstream = connect(port ?? 0, '127.0.0.1')
    track(upstream)
    let connected = false
    upstream.once('error', () => {
      if (!connected) forward(client, attempt + 1)
    })
    upstream.once('connect', () => {
      connected = true
      upstream.on('error', () => client.destroy())
      client.on('error', () => upstream.destroy())
      upstream.on('close', () => client.destroy())
      client.on('close', () => upstream.destroy())
      client.pipe(upstream)
      upstream.pipe(client)
      client.resume()
    })
  }
  const server = createServer({ pauseOnConnect: true }, (client) => {
    track(client)
    forward(client, 0)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const balancer: LoadBalancer = {
    port: typeof address === 'object' && address ? address.port : 0,
    backends,
    async close() {
      for (const socket of sockets) socket.destroy()
      await new Promise((resolve) => server.close(resolve))
    },
  }
  return balancer
}
