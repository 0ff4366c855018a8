import { rm } from 'node:fs/promises'
import { loadDoc, openPostgresStore } from '@tablenotes/server'
import {
  CONTROL_ROOM,
  NOTES_FRAGMENT,
  SYNTHESIS_ROOM,
  SynthesisNode,
  setLocked,
} from '@tablenotes/shared'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  connectClient,
  isStoredOnServer,
  type TestClient,
  waitFor,
  waitForSync,
} from '../helpers/clients.js'
import { testSession } from '../helpers/fixtures.js'
import { type LoadBalancer, startLoadBalancer } from '../helpers/loadBalancer.js'
import { notesText, plainNotes } from '../helpers/notes.js'
import { type PostgresServer, startPostgres } from '../helpers/postgres.js'
import { type RedisServer, startRedis } from '../helpers/redis.js'
import {
  createDataDir,
  freePort,
  type ServerProcess,
  startServerProcess,
} from '../helpers/serverProcess.js'
import { mintToken } from '../helpers/tokens.js'

/** Each test works in a session of its own, so no test sees another's words. */
const SESSIONS = ['converge', 'kill', 'redis-restart', 'drain', 'compile'].map((id) => ({
  ...testSession,
  id,
}))

let postgres: PostgresServer
let redis: RedisServer
let balancer: LoadBalancer
let databaseUrl = ''
let dataDir = ''
const ports: number[] = []
const instances: Array<ServerProcess | null> = []
const clients: TestClient[] = []

async function startInstance(index: number): Promise<void> {
  instances[index] = await startServerProcess({
    port: ports[index] ?? 0,
    dataDir,
    extra: { DATABASE_URL: databaseUrl, REDIS_URL: redis.url },
  })
}

beforeAll(async () => {
  postgres = await startPostgres()
  redis = await startRedis()
  databaseUrl = await postgres.createDatabase()
  const store = await openPostgresStore(databaseUrl)
  for (const session of SESSIONS) await store.putSession(session)
  await store.close()
  dataDir = await createDataDir([])
  for (let index = 0; index < 3; index++) ports.push(await freePort())
  await Promise.all(ports.map((_, index) => startInstance(index)))
  balancer = await startLoadBalancer([...ports])
}, 120_000)

/**
 * Brings back whatever a test stopped: one that fails between stopping an instance (or Redis)
 * and starting it again, a drain that timed out say, must not fail the tests after it.
 */
afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy()
  if (!redis.running()) await redis.start()
  for (const [index, instance] of instances.entries()) {
    const running = instance && instance.child.exitCode === null && !instance.child.signalCode
    if (running && !instance.child.killed) continue
    if (running) {
      // Told to stop but still running (a drain that never ended): it holds the port.
      instance.child.kill('SIGKILL')
      await instance.exited
    }
    await startInstance(index)
  }
})

afterAll(async () => {
  for (const instance of instances) instance?.child.kill('SIGKILL')
  await balancer?.close()
  await redis?.stop()
  await postgres?.stop()
  if (dataDir) await rm(dataDir, { recursive: true, force: true })
})

const direct = (index: number) => `ws://127.0.0.1:${ports[index]}/collab`
const throughBalancer = () => `ws://127.0.0.1:${balancer.port}/collab`

function join(collab: string, room: string, options: { token?: string; stored?: boolean } = {}) {
  const client = connectClient(collab, room, options)
  clients.push(client)
  return client
}

/** A client typing numbered words at the end of the room's text, which never splits a word. */
function startTyping(client: TestClient, name: string, everyMs: number) {
  const typed: string[] = []
  const text = notesText(client.doc)
  const timer = setInterval(() => {
    const word = `${name}.${typed.length}`
    text.insert(text.length, `${word} `)
    typed.push(word)
  }, everyMs)
  return {
    typed,
    stop: () => clearInterval(timer),
  }
}

const words = (client: TestClient) => plainNotes(client.doc).split(' ').filter(Boolean)

/** Every client holds the same text, made of exactly the words typed, each once. */
async function expectConverged(group: TestClient[], typed: string[], timeoutMs = 30_000) {
  const expected = [...typed].sort()
  await waitFor(
    `${group.length} clients to converge on ${typed.length} words`,
    () => group.every((client) => sameWords(words(client), expected)),
    timeoutMs,
  )
  const texts = new Set(group.map((client) => plainNotes(client.doc)))
  expect(texts.size).toBe(1)
}

function sameWords(actual: string[], sortedExpected: string[]): boolean {
  if (actual.length !== sortedExpected.length) return false
  return [...actual].sort().every((word, index) => word === sortedExpected[index])
}

async function storedDoc(room: string): Promise<Y.Doc> {
  const store = await openPostgresStore(databaseUrl)
  try {
    return await loadDoc(store, room)
  } finally {
    await store.close()
  }
}

async function storedWords(room: string): Promise<string[]> {
  return plainNotes(await storedDoc(room))
    .split(' ')
    .filter(Boolean)
}

const health = async (index: number) =>
  (await (await fetch(`http://127.0.0.1:${ports[index]}/healthz`)).json()) as {
    status: string
    fanout: { mode: string; connected: boolean; catchUps: number }
  }

describe('three instances on one PostgreSQL and one Redis', () => {
  it('converge on the same tables, and presence and the round lock cross instances', async () => {
    const room = 'converge/t1'
    const group = [0, 1, 2, 0, 1, 2].map((index) => join(direct(index), room))
    // Our page's save status: a reader on another instance is told the others' words are stored.
    const reader = join(direct(2), room, { stored: true })
    await Promise.all([...group, reader].map(waitForSync))
    const typists = group.map((client, index) => startTyping(client, `c${index}`, 15))
    await new Promise((resolve) => setTimeout(resolve, 600))
    for (const typist of typists) typist.stop()
    await expectConverged(
      [...group, reader],
      typists.flatMap((typist) => typist.typed),
    )
    await waitFor(
      'the reader to be told all it holds is stored',
      () => isStoredOnServer(reader),
      30_000,
    )
    expect(await health(0)).toMatchObject({ status: 'ok', fanout: { mode: 'redis' } })

    const [onFirst, , onThird] = group as [TestClient, TestClient, TestClient]
    onFirst.provider.awareness.setLocalStateField('user', { name: 'Amina, on instance one' })
    const seen = () => onThird.provider.awareness.getStates().get(onFirst.doc.clientID)
    await waitFor(
      'presence to cross instances',
      () => seen()?.user?.name === 'Amina, on instance one',
    )
    onFirst.provider.disconnect()
    await waitFor('her leaving to cross instances', () => seen() === undefined)

    const moderator = join(direct(1), `converge/${CONTROL_ROOM}`, {
      token: mintToken({ sessionId: 'converge', role: 'moderator' }),
    })
    const editor = join(direct(2), 'converge/t2', { stored: true })
    await Promise.all([waitForSync(moderator), waitForSync(editor)])
    expect(editor.access).toEqual([true])
    setLocked(moderator.doc, true)
    await waitFor('a lock set on one instance to close the round on another', () => {
      return editor.access.at(-1) === false
    })
    setLocked(moderator.doc, false)
    await waitFor('the unlock to cross too', () => editor.access.at(-1) === true)
  })

  it('loses nothing a client saw acknowledged when an instance is killed mid-typing', async () => {
    const room = 'kill/t1'
    const group = Array.from({ length: 6 }, () => join(throughBalancer(), room, { stored: true }))
    await Promise.all(group.map(waitForSync))
    const typists = group.map((client, index) => startTyping(client, `k${index}`, 20))
    await new Promise((resolve) => setTimeout(resolve, 700))
    instances[1]?.child.kill('SIGKILL')
    await instances[1]?.exited
    // What each client's last `stored` message covered when its instance died.
    const acknowledgedAtKill = group.map((client) => client.stored.at(-1))
    await new Promise((resolve) => setTimeout(resolve, 700))
    for (const typist of typists) typist.stop()
    const typed = typists.flatMap((typist) => typist.typed)
    await expectConverged(group, typed)

    expect(acknowledgedAtKill.every(Boolean)).toBe(true)
    expect((await storedWords(room)).sort()).toEqual([...typed].sort())
    // afterEach starts instance 1 again.
  })

  it('converges after Redis is stopped and restarted mid-session', async () => {
    const room = 'redis-restart/t1'
    const group = [0, 1, 2, 0, 1, 2].map((index) => join(direct(index), room))
    await Promise.all(group.map(waitForSync))
    const typists = group.map((client, index) => startTyping(client, `r${index}`, 25))
    await new Promise((resolve) => setTimeout(resolve, 400))

    await redis.stop()
    await waitFor('every instance to say it is cut off', async () => {
      const states = await Promise.all(ports.map((_, index) => health(index)))
      return states.every((state) => state.status === 'degraded' && !state.fanout.connected)
    })
    await new Promise((resolve) => setTimeout(resolve, 500))
    await redis.start()
    await new Promise((resolve) => setTimeout(resolve, 300))
    for (const typist of typists) typist.stop()

    await expectConverged(
      group,
      typists.flatMap((typist) => typist.typed),
    )
    const states = await Promise.all(ports.map((_, index) => health(index)))
    for (const state of states) {
      expect(state).toMatchObject({ status: 'ok', fanout: { connected: true } })
      expect(state.fanout.catchUps).toBeGreaterThan(0)
    }
  })

  it('drains an instance on SIGTERM with no lost edit', async () => {
    const room = 'drain/t1'
    const group = Array.from({ length: 6 }, () => join(throughBalancer(), room))
    await Promise.all(group.map(waitForSync))
    const typists = group.map((client, index) => startTyping(client, `d${index}`, 20))
    await new Promise((resolve) => setTimeout(resolve, 500))
    const draining = instances[0]
    draining?.child.kill('SIGTERM')
    expect(await draining?.exited).toBe('0')
    await new Promise((resolve) => setTimeout(resolve, 500))
    for (const typist of typists) typist.stop()
    const typed = typists.flatMap((typist) => typist.typed)
    await expectConverged(group, typed)
    expect((await storedWords(room)).sort()).toEqual([...typed].sort())
    // afterEach starts instance 0 again.
  })

  it('compiles the synthesis once when three instances are asked at the same moment', async () => {
    const table = join(direct(0), 'compile/t1', { stored: true })
    await waitForSync(table)
    const section = table.doc.getXmlFragment(NOTES_FRAGMENT).get(1) as Y.XmlElement
    const paragraph = (section.get(0) as Y.XmlElement).get(0) as Y.XmlElement
    paragraph.insert(0, [new Y.XmlText('what table one said')])
    await waitFor('the table to be stored', () => isStoredOnServer(table))

    const token = mintToken({ sessionId: 'compile', role: 'rapporteur' })
    const compileOn = (index: number) =>
      fetch(`http://127.0.0.1:${ports[index]}/api/sessions/compile/synthesis/compile`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      })
    for (let round = 0; round < 5; round++) {
      const answers = await Promise.all(
        [...ports, ...ports].map((_, index) => compileOn(index % 3)),
      )
      expect(answers.every((answer) => answer.status === 200)).toBe(true)
    }
    const xml = (await storedDoc(`compile/${SYNTHESIS_ROOM}`))
      .getXmlFragment(NOTES_FRAGMENT)
      .toString()
    expect(xml.split('what table one said').length - 1).toBe(1)
    // One summary area for each of the session's questions and parts, not one per instance.
    expect(xml.split(`<${SynthesisNode.summary}>`).length - 1).toBe(4)
  })
})
