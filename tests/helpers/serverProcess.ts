import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtemp } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Session } from '@tablenotes/shared'
import { openSqliteStore } from '../../server/src/storage/sqlite/sqliteStore.js'
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

/** Runs `pnpm start`'s entry point as a real child process and waits until it answers. */
export async function startServerProcess(env: {
  port: number
  dataDir: string
  logLevel?: string
  /** More environment, e.g. DATABASE_URL. */
  extra?: Record<string, string>
}): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(env.port),
      HOST: '127.0.0.1',
      DATA_DIR: env.dataDir,
      LOG_LEVEL: env.logLevel ?? 'warn',
      TABLENOTES_SECRET: TEST_SECRET,
      ...env.extra,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString()
  })
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString()
  })
  const exited = new Promise<string>((resolve) => {
    child.on('exit', (code, signal) => resolve(signal ?? String(code)))
  })
  const deadline = Date.now() + 30_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited during start-up:\n${output}`)
    try {
      const response = await fetch(`http://127.0.0.1:${env.port}/healthz`)
      if (response.ok) break
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`server did not answer /healthz within 30 s:\n${output}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return { child, exited, output: () => output }
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
