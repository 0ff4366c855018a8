import { CloseCode, encodeSyncStep1, listQuestionIds, NOTES_FRAGMENT } from '@tablenotes/shared'
import { beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  isStoredOnServer,
  type RawSocket,
  type TestClient,
  waitFor,
  waitForSync,
} from '../helpers/clients.js'
import { testSession } from '../helpers/fixtures.js'
import {
  createFuzzFrames,
  createHostileUpdates,
  type HostileUpdate,
  SPOOFED_NAME,
} from '../helpers/frameFuzzer.js'
import { notesText, plainNotes } from '../helpers/notes.js'
import { serverForAllTests } from '../helpers/serverForEachTest.js'
import type { TestServer } from '../helpers/startServer.js'

const ROOM = 'test-session/t1'
const FRAMES = 10_000
const LANES = 8

const fixture = serverForAllTests()
let server: TestServer

beforeAll(async () => {
  server = await fixture.start()
})

const probe = encodeSyncStep1(Y.encodeStateVector(new Y.Doc()))

/**
 * Sends each frame on an open socket followed by a sync step 1 probe, and waits until the server
 * either answered the probe (so it processed the frame and kept the socket) or closed the
 * socket. Returns how many frames the server provably processed.
 */
async function attack(frames: Uint8Array[], closeCodes: Map<number, number>): Promise<number> {
  let processed = 0
  let current: RawSocket | null = null
  for (const frame of frames) {
    if (!current) {
      current = fixture.raw(ROOM)
      await current.opened
    }
    const socket: RawSocket = current
    const repliesBefore = syncStep2Count(socket)
    socket.socket.send(frame)
    socket.socket.send(probe)
    const outcome = await Promise.race([
      socket.closed.then(({ code }) => code),
      waitFor('the probe answer', () => syncStep2Count(socket) > repliesBefore, 10_000).then(
        () => 'kept' as const,
      ),
    ])
    processed++
    if (outcome !== 'kept') {
      closeCodes.set(outcome, (closeCodes.get(outcome) ?? 0) + 1)
      current = null
    }
  }
  current?.socket.terminate()
  return processed
}

function syncStep2Count(socket: RawSocket): number {
  return socket.frames.filter((frame) => frame[0] === 0 && frame[1] === 1).length
}

function documentState(doc: Y.Doc) {
  return {
    text: plainNotes(doc),
    notes: doc.getXmlFragment(NOTES_FRAGMENT).toString(),
  }
}

/** Two stock clients on `room` that ask for `stored` acknowledgements, once both are synced. */
async function connectHonest(room: string): Promise<[TestClient, TestClient]> {
  const honest: [TestClient, TestClient] = [
    fixture.connect(room, { stored: true }),
    fixture.connect(room, { stored: true }),
  ]
  await Promise.all(honest.map(waitForSync))
  return honest
}

/**
 * Has the honest clients type every 10 ms, the first at the start of the notes and the second at
 * the end, each `<h<client>:<n>>` for n = 0, 1, …; counts their disconnections meanwhile.
 */
function startHonestTyping(honest: readonly TestClient[]) {
  let disconnects = 0
  for (const client of honest) client.provider.on('connection-close', () => disconnects++)
  let typed = 0
  const typing = setInterval(() => {
    honest.forEach((client, index) => {
      const text = notesText(client.doc)
      text.insert(index === 0 ? 0 : text.length, `<h${index}:${typed}>`)
    })
    typed++
  }, 10)
  return {
    stop: () => clearInterval(typing),
    /** How many words each client typed. */
    typed: () => typed,
    disconnects: () => disconnects,
  }
}

/**
 * Waits until the honest clients hold the same document and the server acknowledged all of it,
 * then checks that `room` as stored is that document; resolves with the stored copy.
 */
async function expectHonestStored(honest: readonly TestClient[], room: string): Promise<Y.Doc> {
  await waitFor(
    'the honest clients to converge and be stored',
    () => {
      const [a, b] = honest.map((client) => documentState(client.doc))
      return JSON.stringify(a) === JSON.stringify(b) && honest.every(isStoredOnServer)
    },
    30_000,
  )
  const stored = new Y.Doc()
  for (const row of await server.store.loadRoom(room)) Y.applyUpdate(stored, row.update)
  expect(documentState(stored)).toEqual(documentState(honest[0]!.doc))
  return stored
}

describe('robustness against hostile frames', () => {
  it(`survives ${FRAMES} random and mutated frames while two honest clients edit`, async () => {
    const honest = await connectHonest(ROOM)
    // Each shows the other under its own name; spoofed presence must never change that (P7).
    const names = honest.map((_, index) => `honest ${index}`)
    honest.forEach((client, index) => {
      client.provider.awareness.setLocalStateField('user', { name: names[index] })
    })
    const nameOf = (viewer: TestClient, other: TestClient) =>
      viewer.provider.awareness.getStates().get(other.doc.clientID)?.user?.name
    const [first, second] = honest
    await waitFor(
      'each honest client to see the other',
      () => nameOf(first, second) === names[1] && nameOf(second, first) === names[0],
    )
    const namesSeen = new Set<string>()
    for (const [viewer, other] of [
      [first, second],
      [second, first],
    ] as const) {
      viewer.provider.awareness.on('change', () => {
        const name = nameOf(viewer, other)
        namesSeen.add(name ?? '(absent)')
      })
    }
    const typing = startHonestTyping(honest)

    const frames = createFuzzFrames(FRAMES, 20261122, {
      victims: honest.map((client) => client.doc.clientID),
    })
    const closeCodes = new Map<number, number>()
    const processed = await Promise.all(
      Array.from({ length: LANES }, (_, lane) =>
        attack(
          frames.filter((_, index) => index % LANES === lane).map((frame) => frame.bytes),
          closeCodes,
        ),
      ),
    )
    typing.stop()
    expect(processed.reduce((sum, count) => sum + count, 0)).toBe(FRAMES)

    const health = await fetch(`${server.httpUrl}/healthz`)
    expect(health.status, 'the server still answers').toBe(200)
    const text = documentState(await expectHonestStored(honest, ROOM)).text
    for (let n = 0; n < typing.typed(); n++) {
      expect(text).toContain(`<h0:${n}>`)
      expect(text).toContain(`<h1:${n}>`)
    }
    // Most frames are refused; the codes say why, and none is a crash of the server.
    expect(closeCodes.get(4400) ?? 0).toBeGreaterThan(FRAMES / 10)
    expect(closeCodes.get(4422) ?? 0).toBeGreaterThan(0)
    expect(closeCodes.get(4413) ?? 0, 'oversize awareness is refused').toBeGreaterThan(0)
    expect(frames.filter((frame) => frame.kind === 'spoofed awareness').length).toBeGreaterThan(0)
    // Spoofed presence never renamed or removed anyone, for the other honest client.
    expect([...namesSeen].sort()).toEqual([...names].sort())
    expect(namesSeen.has(SPOOFED_NAME)).toBe(false)
    expect(nameOf(first, second)).toBe(names[1])
    expect(nameOf(second, first)).toBe(names[0])
    expect([...closeCodes.keys()].every((code) => code >= 4400 && code < 4500)).toBe(true)
    expect(typing.disconnects(), 'honest clients were never disconnected').toBe(0)
    console.log('close codes', Object.fromEntries(closeCodes), 'honest edits', typing.typed() * 2)
    for (const client of honest) client.destroy()
    // A guard, not a measurement: each refused frame costs a reconnection and a token check, and
    // on a loaded 2-core machine the 10,000 frames took up to 400 s (180 s was too tight there).
  }, 600_000)

  it('refuses every hostile update kind with 4422 while two honest clients type, and stores none of it [P13]', async () => {
    await refuseHostileUpdates('test-session/t2', 400)
  }, 180_000)
})

/**
 * Sends `count` schema-breaking updates (createHostileUpdates), each on a fresh writer socket
 * since each closes its socket, while two honest stock clients type in the same room; then
 * checks that every one was refused with 4422, the honest clients converged with every word
 * stored and were never disconnected, and nothing of any hostile update is in storage.
 */
async function refuseHostileUpdates(room: string, count: number): Promise<void> {
  const honest = await connectHonest(room)
  const typing = startHonestTyping(honest)

  const updates = createHostileUpdates(testSession, room.split('/')[1]!, count, 20261130)
  const codes = await Promise.all(
    Array.from({ length: 4 }, (_, lane) =>
      sendEach(
        room,
        updates.filter((_, i) => i % 4 === lane),
      ),
    ),
  )
  typing.stop()
  expect(codes.flat()).toEqual(updates.map(() => CloseCode.invalidUpdate))

  const stored = await expectHonestStored(honest, room)
  for (let n = 0; n < typing.typed(); n++) expect(documentState(stored).text).toContain(`<h1:${n}>`)
  const xml = `${stored.getXmlFragment(NOTES_FRAGMENT).toString()}${JSON.stringify(stored.toJSON())}`
  for (const { trace, kind } of updates) {
    if (kind !== 'deleted section') expect(xml, kind).not.toContain(trace)
  }
  expect(listQuestionIds(stored)).toEqual(['q1', 'q2'])
  expect(typing.disconnects(), 'honest clients were never disconnected').toBe(0)
  for (const client of honest) client.destroy()
}

/** Sends each update on its own writer socket; the close code of each (0: kept open), in order. */
async function sendEach(room: string, updates: readonly HostileUpdate[]): Promise<number[]> {
  const codes: number[] = []
  for (const { bytes } of updates) {
    const socket = fixture.raw(room)
    await socket.opened
    socket.socket.send(bytes)
    // A probe after it: were the update accepted, the probe's answer would come and the
    // socket stay open; the server handles one socket's frames in order.
    socket.socket.send(probe)
    const outcome = await Promise.race([
      socket.closed.then(({ code }) => code),
      waitFor('the probe answer', () => syncStep2Count(socket) > 0, 10_000).then(() => 0),
    ])
    codes.push(outcome)
    socket.socket.terminate()
  }
  return codes
}
