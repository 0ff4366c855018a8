import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { open, rm, unlink, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { openSqliteStore } from '@tablenotes/server'
import { CloseCode } from '@tablenotes/shared'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  connectClient,
  isStoredOnServer,
  openRawSocket,
  type TestClient,
  waitFor,
  waitForSync,
} from '../helpers/clients.js'
import { notesText } from '../helpers/notes.js'
import { serverForEachTest } from '../helpers/serverForEachTest.js'
import { createDataDir, freePort, spawnNode, waitUntilAnswering } from '../helpers/serverProcess.js'
import { mintToken, roomUrl, TEST_SECRET, writerToken } from '../helpers/tokens.js'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const fixture = serverForEachTest()
const cleanups: Array<() => Promise<unknown>> = []
const clients: TestClient[] = []

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy()
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

interface Health {
  status: string
  problems: string[]
  storage?: string
}

async function health(httpUrl: string): Promise<{ code: number; body: Health }> {
  const response = await fetch(`${httpUrl}/healthz`)
  return { code: response.status, body: (await response.json()) as Health }
}

/**
 * `server/src/main.ts` as a child process whose DATA_DIR is a 2 MiB tmpfs, mounted in a mount
 * namespace of its own (unshare), so nothing is left mounted whatever happens to the test. The
 * test reaches into that tmpfs through /proc/PID/root.
 */
async function startOnSmallDisk(): Promise<{
  child: ChildProcess
  httpUrl: string
  collabUrl: string
  onDisk: (file: string) => string
}> {
  const seed = await createDataDir()
  const dataDir = await createDataDir([])
  const port = await freePort()
  cleanups.push(() => rm(seed, { recursive: true, force: true }))
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }))
  const child = spawn(
    'unshare',
    [
      '--mount',
      '--map-root-user',
      'sh',
      '-c',
      'mount -t tmpfs -o size=2m tmpfs "$DATA_DIR" && cp "$SEED/tablenotes.sqlite" "$DATA_DIR/" && exec "$@"',
      'sh',
      process.execPath,
      '--import',
      'tsx',
      'server/src/main.ts',
    ],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        SEED: seed,
        LOG_LEVEL: 'error',
        TABLENOTES_SECRET: TEST_SECRET,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let output = ''
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
    })
  }
  const exited = new Promise((resolve) => child.once('exit', resolve))
  cleanups.push(async () => {
    child.kill('SIGKILL')
    await exited
  })
  const httpUrl = `http://127.0.0.1:${port}`
  await waitUntilAnswering(`${httpUrl}/healthz`, { child, output: () => output })
  return {
    child,
    httpUrl,
    collabUrl: `ws://127.0.0.1:${port}/collab`,
    onDisk: (file) => `/proc/${child.pid}/root${dataDir}/${file}`,
  }
}

describe('/healthz', () => {
  it('answers 503 "degraded" with the reason while writes fail on a full disk, and "ok" once they succeed again', async () => {
    const server = await startOnSmallDisk()
    // The kind of store, never the data folder's path: /healthz answers anyone.
    expect(await health(server.httpUrl)).toMatchObject({
      code: 200,
      body: { status: 'ok', storage: 'sqlite' },
    })
    // Room to free later, so that the same server can show that it recovers.
    await writeFile(server.onDisk('ballast'), Buffer.alloc(512 * 1024))

    const client = connectClient(server.collabUrl, 'test-session/t1', {
      stored: true,
      token: writerToken('test-session/t1'),
    })
    clients.push(client)
    await waitForSync(client)
    const text = notesText(client.doc)
    let degraded: { code: number; body: Health } | null = null
    for (let chunk = 0; chunk < 200 && !degraded; chunk++) {
      // Random text, so that nothing shrinks it on the way to the disk.
      text.insert(text.length, randomBytes(24 * 1024).toString('base64'))
      await waitFor(
        'the chunk to be stored, or health to report the failure',
        async () => {
          if (isStoredOnServer(client)) return true
          const now = await health(server.httpUrl)
          if (now.code === 503) degraded = now
          return degraded !== null
        },
        30_000,
      )
    }
    expect(degraded).toMatchObject({ code: 503, body: { status: 'degraded' } })
    const [problem, ...others] = degraded!.body.problems
    expect(others).toEqual([])
    expect(problem).toMatch(/^storage writes fail since \S+: SQLITE_(FULL|IOERR)/)
    expect(isStoredOnServer(client)).toBe(false)

    // Space again: the client sends its unacknowledged edits again by itself, they are stored,
    // and health says so.
    await unlink(server.onDisk('ballast'))
    await waitFor('the edits to be stored after all', () => isStoredOnServer(client), 60_000)
    await waitFor(
      'health to be ok again',
      async () => (await health(server.httpUrl)).code === 200,
      30_000,
    )
    expect((await health(server.httpUrl)).body).toMatchObject({ status: 'ok', problems: [] })
  })

  it('answers 503 "degraded" naming a room that cannot load, while the others work, until it loads', async () => {
    const server = await fixture.start()
    const broken = 'test-session/t2'
    await server.store.appendUpdates([
      { room: broken, update: new Uint8Array([1, 1, 5, 0, 4, 1, 1, 116, 200, 200]) },
    ])
    const refused = openRawSocket(roomUrl(server.collabUrl, broken, writerToken(broken)))
    expect((await refused.closed).code).toBe(CloseCode.serverError)

    const working = fixture.join('test-session/t1')
    await waitForSync(working)
    notesText(working.doc).insert(0, 'this table works')
    await waitFor('the edit to be stored', () => isStoredOnServer(working))

    const { code, body } = await health(server.httpUrl)
    expect(code).toBe(503)
    expect(body.status).toBe('degraded')
    expect(body.problems).toHaveLength(1)
    expect(body.problems[0]).toMatch(
      /^room test-session\/t2 cannot load since \S+: Unexpected end of array/,
    )

    // The damaged row replaced by a good snapshot: the room loads, and health is ok again.
    const [row] = await server.store.loadRoom(broken)
    await server.store.compactRoom(broken, [row!.seq], Y.encodeStateAsUpdate(new Y.Doc()))
    await waitForSync(
      fixture.join(broken, mintToken({ sessionId: 'test-session', role: 'viewer', tableId: 't2' })),
    )
    expect(await health(server.httpUrl)).toMatchObject({
      code: 200,
      body: { status: 'ok', problems: [] },
    })
  })
})

describe('start-up on a damaged SQLite file', () => {
  it('stops with one message naming the file and what to do', async () => {
    const dataDir = await createDataDir()
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }))
    const file = path.join(dataDir, 'tablenotes.sqlite')
    // Enough rooms that the file has pages of notes to damage.
    const store = await openSqliteStore(file)
    for (let room = 0; room < 20; room++) {
      const doc = new Y.Doc()
      doc.getText('t').insert(0, randomBytes(4096).toString('hex'))
      await store.appendUpdates([
        { room: `test-session/t${room}`, update: Y.encodeStateAsUpdate(doc) },
      ])
    }
    await store.close()
    const damaged = await open(file, 'r+')
    const { size } = await damaged.stat()
    const pageSize = 4096
    // Pages in the middle of the file overwritten, the header page left whole, as a failing
    // disk or a copy cut short leaves it.
    const middle = Math.floor(size / pageSize / 2) * pageSize
    await damaged.write(Buffer.alloc(pageSize * 2, 0x5a), 0, pageSize * 2, middle)
    await damaged.close()

    const port = await freePort()
    const started = spawnNode(['--import', 'tsx', 'server/src/main.ts'], {
      cwd: ROOT,
      env: {
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        TABLENOTES_SECRET: TEST_SECRET,
      },
    })
    const code = await new Promise((resolve) => started.child.once('exit', resolve))
    expect(code).toBe(1)
    const output = started.output()
    expect(output.startsWith(`The SQLite file ${file} is damaged (`)).toBe(true)
    expect(output).toContain(`sqlite3 ${file} .recover | sqlite3 ${dataDir}/recovered.sqlite`)
    expect(output).not.toMatch(/^\s+at /m)
  })
})
