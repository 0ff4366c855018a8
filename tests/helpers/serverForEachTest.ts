import { afterEach } from 'vitest'
import { connectClient, type TestClient } from './clients.js'
import { startServer, type TestServer, type TestServerOptions } from './startServer.js'

/**
 * A fresh server for each test and the stock clients the test opens on it, all closed when the
 * test ends. `join` asks for stored acknowledgements, as our page does.
 */
export function serverForEachTest() {
  let current: TestServer | null = null
  const clients: TestClient[] = []
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy()
    await current?.close()
    current = null
  })
  const fixture = {
    async start(options: TestServerOptions = {}): Promise<TestServer> {
      current = await startServer(options)
      return current
    },
    join(room: string, token?: string): TestClient {
      if (!current) throw new Error('start the server before joining a room')
      const client = connectClient(current.collabUrl, room, {
        stored: true,
        ...(token ? { token } : {}),
      })
      clients.push(client)
      return client
    },
  }
  return fixture
}
