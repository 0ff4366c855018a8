import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { openSqliteStore } from '@tablenotes/server'
import type { Session } from '@tablenotes/shared'
import { afterAll, beforeAll } from 'vitest'
import { testSession } from './fixtures.js'
import { TEST_SECRET } from './tokens.js'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

/** A free loopback port, for a server that must come back on the same address. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()))
    })
  })
}

export interface ServerProcess {
  child: ChildProcess
  /** Resolves with the exit code or signal. */
  exited: Promise<string>
  /** Everything the process printed, for failure messages. */
  output: () => string
}

/** A Node.js child process whose output is kept, for the message when something goes wrong. */
export function spawnNode(
  args: readonly string[],
  options: { cwd: string; env: Record<string, string | undefined> },
): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const keep = (chunk: Buffer) => {
    output += chunk.toString()
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  return { child, output: () => output }
}

/** Waits until `url` answers with `ok` (any answer when `ok` is omitted); fails with the output. */
export async function waitUntilAnswering(
  url: string,
  { child, output }: { child: ChildProcess; output: () => string },
  ok: (response: Response) => boolean = () => true,
): Promise<void> {
  const deadline = Date.now() + 30_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited during start-up:\n${output()}`)
    try {
      if (ok(await fetch(url))) return
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`no answer from ${url} within 30 s:\n${output()}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** Runs the server's entry point as a real child process and waits until it answers. */
export async function startServerProcess(env: {
  port: number
  dataDir: string
  logLevel?: string
  /** More environment, e.g. DATABASE_URL. */
  extra?: Record<string, string>
  /** Flags for Node.js itself, e.g. --cpu-prof. */
  nodeFlags?: readonly string[]
  /**
   * Run the compiled server (`pnpm build:server`'s output, as `pnpm start` does) instead of the
   * TypeScript sources through tsx; the caller builds it first.
   */
  compiled?: boolean
}): Promise<ServerProcess> {
  const entry = env.compiled
    ? ['--conditions=compiled', 'server/dist/main.js']
    : ['--import', 'tsx', 'server/src/main.ts']
  const started = spawnNode([...(env.nodeFlags ?? []), ...entry], {
    cwd: ROOT,
    env: {
      PORT: String(env.port),
      HOST: '127.0.0.1',
      DATA_DIR: env.dataDir,
      LOG_LEVEL: env.logLevel ?? 'warn',
      TABLENOTES_SECRET: TEST_SECRET,
      ...env.extra,
    },
  })
  const exited = new Promise<string>((resolve) => {
    started.child.on('exit', (code, signal) => resolve(signal ?? String(code)))
  })
  await waitUntilAnswering(
    `http://127.0.0.1:${env.port}/healthz`,
    started,
    (response) => response.ok,
  )
  return { child: started.child, exited, output: started.output }
}

/** Whether anything answers on the port: after a kill, nothing may. */
export async function isAnswering(port: number): Promise<boolean> {
  try {
    await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(1000) })
    return true
  } catch {
    return false
  }
}

/** A fresh data folder whose SQLite store already holds `sessions`, for a server process. */
export async function createDataDir(sessions: readonly Session[] = [testSession]): Promise<string> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'tablenotes-data-'))
  const store = await openSqliteStore(path.join(dataDir, 'tablenotes.sqlite'))
  for (const session of sessions) await store.putSession(session)
  await store.close()
  return dataDir
}

/** Whether the process has neither exited nor been killed. */
function isRunning(server: ServerProcess): boolean {
  return server.child.exitCode === null && server.child.signalCode === null
}

/**
 * One port and one data folder (holding `testSession`) for every test of the file, for tests that
 * kill the server process and start it again: the new process answers on the same address from
 * the same store. `start` runs a process there (see `startServerProcess`); the tests stop it
 * themselves, with the signal they mean to test; one a failed test left running is killed
 * before the next starts. After the last test, the process started last is killed and the
 * folder deleted.
 */
export function serverProcessForAllTests() {
  let place: { port: number; dataDir: string } | null = null
  let latest: ServerProcess | null = null
  beforeAll(async () => {
    place = { dataDir: await createDataDir(), port: await freePort() }
  })
  /** Kills the process started last if it still runs, and waits until it has exited. */
  const stopLatest = async () => {
    if (!latest || !isRunning(latest)) return
    latest.child.kill('SIGKILL')
    await latest.exited
  }
  afterAll(async () => {
    await stopLatest()
    if (place) await rm(place.dataDir, { recursive: true, force: true })
  })
  const prepared = () => {
    if (!place) throw new Error('the port and data folder are chosen before the first test')
    return place
  }
  const fixture = {
    get port(): number {
      return prepared().port
    },
    get dataDir(): string {
      return prepared().dataDir
    },
    /** `http://127.0.0.1:PORT`, the same across restarts. */
    get httpUrl(): string {
      return `http://127.0.0.1:${prepared().port}`
    },
    /** Starts a server process on the file's port and data folder; resolves once it answers. */
    async start(): Promise<ServerProcess> {
      // A test that failed midway may have left its process running on the port: the next
      // test's start must not fail for it (one failure, not a cascade).
      await stopLatest()
      latest = await startServerProcess(prepared())
      return latest
    },
    /** The process started last if it still runs, else a new one (see `start`). */
    async running(): Promise<ServerProcess> {
      return latest && isRunning(latest) ? latest : fixture.start()
    },
  }
  return fixture
}
