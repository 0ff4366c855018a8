import { rm } from 'node:fs/promises'
import type { Session } from '@tablenotes/shared'
import { afterEach } from 'vitest'
import { createDataDir, freePort, type ServerProcess, startServerProcess } from './serverProcess.js'

/** A server process a test started, and where to reach it. */
export interface RunningServerProcess {
  process: ServerProcess
  port: number
  dataDir: string
  /** `http://127.0.0.1:PORT`. */
  httpUrl: string
  /** `ws://127.0.0.1:PORT/collab`, the base URL a WebsocketProvider takes. */
  collabUrl: string
}

/**
 * Server processes for tests that need the real entry point (its environment, its log, its
 * memory): `start` runs one on a free loopback port with a fresh data folder holding `sessions`
 * (testSession by default); when the test ends, every process it started is killed (SIGKILL)
 * and its folder deleted.
 */
export function serverProcessForEachTest() {
  const started: Array<{ process: ServerProcess | null; dataDir: string }> = []
  afterEach(async () => {
    for (const { process, dataDir } of started.splice(0)) {
      process?.child.kill('SIGKILL')
      await process?.exited
      await rm(dataDir, { recursive: true, force: true })
    }
  })
  return {
    async start(
      options: {
        sessions?: readonly Session[]
        /** LOG_LEVEL; `warn` by default. */
        logLevel?: string
        /** More environment, e.g. PING_INTERVAL_MS. */
        extra?: Record<string, string>
      } = {},
    ): Promise<RunningServerProcess> {
      const entry: (typeof started)[number] = {
        process: null,
        dataDir: await createDataDir(options.sessions),
      }
      started.push(entry)
      const port = await freePort()
      entry.process = await startServerProcess({
        port,
        dataDir: entry.dataDir,
        ...(options.logLevel === undefined ? {} : { logLevel: options.logLevel }),
        ...(options.extra === undefined ? {} : { extra: options.extra }),
      })
      return {
        process: entry.process,
        port,
        dataDir: entry.dataDir,
        httpUrl: `http://127.0.0.1:${port}`,
        collabUrl: `ws://127.0.0.1:${port}/collab`,
      }
    },
  }
}
