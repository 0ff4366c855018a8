import { rm } from 'node:fs/promises'
import type { Session } from '@tablenotes/shared'
import { createDataDir, freePort, startServerProcess } from '../tests/helpers/serverProcess.js'

/** A real server process that a bench measures, on loopback. */
export interface BenchServer {
  /** Its port on 127.0.0.1, for pages: `http://127.0.0.1:<port>/s/…`. */
  port: number
  /** Its process id, for memory and CPU readings. */
  pid: number
  /** The sync endpoint that stock y-websocket clients connect to. */
  syncUrl: string
  /** Ends the process with SIGTERM, as an operator would, and removes its data folder. */
  stop(): Promise<void>
}

/**
 * Starts the server as a child process on a free port, its data folder already holding
 * `sessions` (the tests' session when omitted), and resolves once it answers.
 */
export async function startBenchServer(sessions?: readonly Session[]): Promise<BenchServer> {
  const dataDir = await createDataDir(sessions)
  const port = await freePort()
  const server = await startServerProcess({ port, dataDir })
  return {
    port,
    pid: server.child.pid!,
    syncUrl: `ws://127.0.0.1:${port}/collab`,
    stop: async () => {
      server.child.kill('SIGTERM')
      await server.exited
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}
