import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { connectClient, type TestClient, waitFor, waitForSync } from '../helpers/clients.js'
import { notesText, plainNotes } from '../helpers/notes.js'
import { isAnswering, serverProcessForAllTests } from '../helpers/serverProcess.js'

const ROOM = 'test-session/t1'
const TYPISTS = 3

/** Deterministic pseudo-random numbers, so a failing round can be replayed. */
function createRandom(seed: number): () => number {
  let state = seed
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31
    return state / 2 ** 31
  }
}

interface Typist {
  client: TestClient
  /** Every token typed, with the client's own clock once it was typed. */
  typed: Array<{ token: string; clock: number }>
  /** Tokens covered by a `stored` message received before the kill. */
  acknowledged: Set<string>
}

const servers = serverProcessForAllTests()

function textOnServer(url: string): Promise<string> {
  const reader = connectClient(url, ROOM)
  return waitForSync(reader)
    .then(() => plainNotes(reader.doc))
    .finally(() => reader.destroy())
}

describe('durability across SIGKILL (P4, P5)', () => {
  it.each([
    1, 2, 3, 4, 5,
  ])('keeps every acknowledged edit when the server is killed at a random moment (round %i)', async (round) => {
    const random = createRandom(round * 7919)
    let server = await servers.start()
    const url = `ws://127.0.0.1:${servers.port}/collab`
    const typists: Typist[] = Array.from({ length: TYPISTS }, () => ({
      client: connectClient(url, ROOM, { stored: true }),
      typed: [],
      acknowledged: new Set(),
    }))
    await Promise.all(typists.map(({ client }) => waitForSync(client)))
    let killed = false
    for (const typist of typists) {
      const { client } = typist
      client.provider.messageHandlers[100] = (
        (handler) =>
        (...args: Parameters<typeof handler>) => {
          handler(...args)
          if (killed) return
          const stored =
            Y.decodeStateVector(client.stored.at(-1)!.stateVector).get(client.doc.clientID) ?? 0
          for (const { token, clock } of typist.typed)
            if (clock <= stored) typist.acknowledged.add(token)
        }
      )(client.provider.messageHandlers[100]!)
    }

    const typing = typists.map((typist, index) => {
      let count = 0
      const timer = setInterval(
        () => {
          const text = notesText(typist.client.doc)
          const token = `<r${round}c${index}n${count++}>`
          // At either end, so that concurrent inserts never split another typist's token.
          text.insert(random() < 0.5 ? 0 : text.length, token)
          const clock = Y.decodeStateVector(Y.encodeStateVector(typist.client.doc)).get(
            typist.client.doc.clientID,
          )!
          typist.typed.push({ token, clock })
        },
        3 + Math.floor(random() * 15),
      )
      return timer
    })

    // A random moment once the server has acknowledged something: on a busy machine the first
    // acknowledgement (after its disk flush) may come later than any fixed delay.
    await waitFor('a first acknowledgement', () => typists.some((t) => t.acknowledged.size > 0))
    await new Promise((resolve) => setTimeout(resolve, random() * 1500))
    killed = true
    server.child.kill('SIGKILL')
    expect(await server.exited, server.output()).toBe('SIGKILL')
    expect(await isAnswering(servers.port), 'the killed server is gone').toBe(false)
    for (const timer of typing) clearInterval(timer)
    for (const { client } of typists) client.provider.disconnect()

    const acknowledged = typists.flatMap((typist) => [...typist.acknowledged])
    expect(acknowledged.length, 'some edits were acknowledged before the kill').toBeGreaterThan(0)

    server = await servers.start()
    const restored = await textOnServer(url)
    const lost = acknowledged.filter((token) => !restored.includes(token))
    expect(lost, 'acknowledged edits missing after the restart').toEqual([])

    // The typists still hold everything they typed; reconnected, they bring the rest back.
    for (const { client } of typists) client.provider.connect()
    const everything = typists.flatMap((typist) => typist.typed.map(({ token }) => token))
    await waitFor(
      'every typed edit to reach the restarted server',
      async () => {
        const text = await textOnServer(url)
        return everything.every((token) => text.includes(token))
      },
      30_000,
    )
    for (const { client } of typists) client.destroy()
    server.child.kill('SIGTERM')
    await server.exited
  })
})
