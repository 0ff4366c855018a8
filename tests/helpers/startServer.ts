import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { type AppOptions, buildApp, openSqliteStore, type Store } from '@tablenotes/server'
import type { Session } from '@tablenotes/shared'
import { testSession } from './fixtures.js'
import { TEST_SECRET } from './tokens.js'

export interface TestServer {
  /** `ws://127.0.0.1:PORT/collab`, the base URL a WebsocketProvider takes. */
  collabUrl: string
  httpUrl: string
  port: number
  store: Store
  dataDir: string
  /** Stops the server (storing everything) but keeps its data for a restart. */
  stop(): Promise<void>
  /** Starts it again on the same port and data. */
  restart(): Promise<void>
  /** Stops it and deletes its data. */
  close(): Promise<void>
}

export type TestServerOptions = Partial<Omit<AppOptions, 'store' | 'logger' | 'secret'>> & {
  sessions?: Session[]
}

/** A real server on a free loopback port with a real SQLite file in a fresh temp folder. */
export async function startServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'tablenotes-test-'))
  const file = path.join(dataDir, 'tablenotes.sqlite')
  let store = await openSqliteStore(file)
  for (const session of options.sessions ?? [testSession]) await store.putSession(session)
  const { sessions: _sessions, ...appOptions } = options
  let port = 0
  let app: Awaited<ReturnType<typeof buildApp>> | null = null

  const start = async () => {
    app = await buildApp({
      maxMessageBytes: 1024 * 1024,
      ...appOptions,
      store,
      secret: TEST_SECRET,
      logger: false,
    })
    await app.listen({ port, host: '127.0.0.1' })
    const address = app.server.address()
    if (typeof address !== 'object' || !address) throw new Error('server has no address')
    port = address.port
  }
  const stop = async () => {
    await app?.close()
    app = null
    await store.close()
  }
  await start()
  const server: TestServer = {
    collabUrl: `ws://127.0.0.1:${port}/collab`,
    httpUrl: `http://127.0.0.1:${port}`,
    port,
    get store() {
      return store
    },
    dataDir,
    stop,
    async restart() {
      store = await openSqliteStore(file)
      await start()
    },
    async close() {
      if (app) await stop()
      await rm(dataDir, { recursive: true, force: true })
    },
  }
  return server
}
