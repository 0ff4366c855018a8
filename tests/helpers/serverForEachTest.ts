import { afterAll, afterEach } from 'vitest'
import { connectClient, openRawSocket, type RawSocket, type TestClient } from './clients.js'
import { startServer, type TestServer, type TestServerOptions } from './startServer.js'
import { roomUrl } from './tokens.js'

/** How a fixture's stock client connects (see `connectClient`). */
export interface ConnectOptions {
  /** Ask for `stored` and `access` messages, as our page does. */
  stored?: boolean
  /** Connect at once (the default), or leave it to `provider.connect()`. */
  connect?: boolean
  /** A token other than an editor's of the room. */
  token?: string
}

/**
 * A fresh server for each test and the stock clients and raw sockets the test opens on it, all
 * closed when the test ends. `join` asks for stored acknowledgements, as our page does; `connect`
 * opens a client as asked.
 */
export function serverForEachTest() {
  return serverFixture(afterEach)
}

/**
 * One server for every test of the file, or of the `describe` block that calls this: `start` it
 * in `beforeAll`; it and everything opened on it are closed after the last test. For tests that
 * read what one set-up wrote (exports of the same notes in several formats).
 */
export function serverForAllTests() {
  return serverFixture(afterAll)
}

function serverFixture(whenDone: (cleanUp: () => Promise<void>) => void) {
  let current: TestServer | null = null
  const clients: TestClient[] = []
  const sockets: RawSocket[] = []
  whenDone(async () => {
    for (const client of clients.splice(0)) client.destroy()
    for (const socket of sockets.splice(0)) socket.socket.terminate()
    await current?.close()
    current = null
  })
  const running = (): TestServer => {
    if (!current) throw new Error('start the server before opening a connection')
    return current
  }
  const fixture = {
    async start(options: TestServerOptions = {}): Promise<TestServer> {
      current = await startServer(options)
      return current
    },
    connect(room: string, options: ConnectOptions = {}): TestClient {
      const client = connectClient(running().collabUrl, room, options)
      clients.push(client)
      return client
    },
    join(room: string, token?: string): TestClient {
      return fixture.connect(room, { stored: true, ...(token ? { token } : {}) })
    },
    /** A raw socket to `path` (a room, with a query if need be), with an editor's token by default. */
    raw(path: string, token?: string): RawSocket {
      const socket = openRawSocket(roomUrl(running().collabUrl, path, token))
      sockets.push(socket)
      return socket
    },
  }
  return fixture
}
