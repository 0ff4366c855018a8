import { type ChildProcess, execFileSync } from 'node:child_process'
import { mkdtemp } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Session } from '@tablenotes/shared'
import { roomKey } from '@tablenotes/shared'
import {
  createDataDir,
  freePort,
  type ServerProcess,
  spawnNode,
  startServerProcess,
  waitUntilAnswering,
} from '../../tests/helpers/serverProcess.js'
import { mintToken } from '../../tests/helpers/tokens.js'
import { pinServer } from './pinning.js'

export type ServerKind = 'tablenotes' | 'y-websocket' | 'hocuspocus'

/** What a client needs to open one document: the server's address, the room, its token. */
export interface DocAddress {
  kind: ServerKind
  url: string
  room: string
  token?: string
}

export interface RunningServer {
  kind: ServerKind
  /** The processes to measure (two for Tablenotes scaled out). */
  pids: number[]
  /** The address of table `tableId` for a client of `role`, on instance `instance`. */
  address(tableId: string, role: 'editor' | 'moderator', instance?: number): DocAddress
  /** Prometheus text of each instance, where the server has it. */
  metrics(): Promise<string[]>
  stop(): Promise<void>
}

const HERE = fileURLToPath(new URL('.', import.meta.url))
const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const require = createRequire(import.meta.url)

let built = false
/** Compiles the server once per run, as `pnpm start` does (scripts/buildServer.mjs). */
function buildServerOnce(): void {
  if (built) return
  execFileSync(process.execPath, ['scripts/buildServer.mjs'], { cwd: ROOT, stdio: 'inherit' })
  built = true
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
  await exited
  clearTimeout(timer)
}

/**
 * Tablenotes as `pnpm start` runs it (the compiled server on plain Node.js), on SQLite, or on
 * `extra`'s PostgreSQL and Redis; pinned to the servers' CPU (pinning.ts).
 */
export async function startTablenotes(
  session: Session,
  options: {
    dataDir?: string
    instances?: Array<Record<string, string>>
    /** Flags for Node.js itself, e.g. --cpu-prof. */
    nodeFlags?: readonly string[]
  } = {},
): Promise<RunningServer & { dataDir: string }> {
  const dataDir = options.dataDir ?? (await createDataDir([session]))
  const instances = options.instances ?? [{}]
  buildServerOnce()
  const running: Array<{ port: number; process: ServerProcess }> = []
  for (const extra of instances) {
    const port = await freePort()
    running.push({
      port,
      process: await startServerProcess({
        port,
        dataDir,
        extra,
        nodeFlags: options.nodeFlags ?? [],
        compiled: true,
      }),
    })
  }
  pinServer(running.map(({ process }) => process.child.pid!))
  return {
    kind: 'tablenotes',
    dataDir,
    pids: running.map(({ process }) => process.child.pid!),
    address(tableId, role, instance = 0) {
      const { port } = running[instance % running.length]!
      const grant =
        role === 'editor'
          ? { sessionId: session.id, role: 'editor' as const, tableId }
          : { sessionId: session.id, role: 'moderator' as const }
      return {
        kind: 'tablenotes',
        url: `ws://127.0.0.1:${port}/collab`,
        room: roomKey(session.id, tableId),
        token: mintToken(grant),
      }
    },
    metrics: () =>
      Promise.all(
        running.map(async ({ port }) => (await fetch(`http://127.0.0.1:${port}/metrics`)).text()),
      ),
    async stop() {
      for (const { process } of running) await stopChild(process.child)
    },
  }
}

/** The y-websocket reference relay, as its package's own server script runs it. */
export async function startYWebsocketServer(): Promise<RunningServer> {
  const port = await freePort()
  const script = path.join(
    path.dirname(require.resolve('@y/websocket-server/package.json')),
    'src/server.js',
  )
  const started = spawnNode([script], { cwd: HERE, env: { HOST: '127.0.0.1', PORT: String(port) } })
  const { child } = started
  await waitUntilAnswering(`http://127.0.0.1:${port}/`, started)
  pinServer([child.pid!])
  return {
    kind: 'y-websocket',
    pids: [child.pid!],
    address: (tableId) => ({ kind: 'y-websocket', url: `ws://127.0.0.1:${port}`, room: tableId }),
    metrics: async () => [],
    stop: () => stopChild(child),
  }
}

/** Hocuspocus with its Database extension on SQLite (./hocuspocusServer.ts). */
export async function startHocuspocus(
  sqliteFile?: string,
): Promise<RunningServer & { sqliteFile: string }> {
  const port = await freePort()
  const file =
    sqliteFile ?? path.join(await mkdtemp(path.join(tmpdir(), 'hocuspocus-')), 'hocuspocus.sqlite')
  const started = spawnNode(['--import', 'tsx', 'hocuspocusServer.ts'], {
    cwd: HERE,
    env: { PORT: String(port), SQLITE_FILE: file },
  })
  const { child } = started
  await waitUntilAnswering(`http://127.0.0.1:${port}/`, started)
  pinServer([child.pid!])
  return {
    kind: 'hocuspocus',
    sqliteFile: file,
    pids: [child.pid!],
    address: (tableId) => ({ kind: 'hocuspocus', url: `ws://127.0.0.1:${port}`, room: tableId }),
    metrics: async () => [],
    stop: () => stopChild(child),
  }
}
