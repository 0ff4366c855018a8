import { readFileSync } from 'node:fs'
import type { Socket } from 'node:net'
import {
  CloseCode,
  decodeAwarenessUpdate,
  encodeAwarenessMessage,
  encodeAwarenessUpdate,
  encodeSyncUpdate,
  type Grant,
  MAX_AWARENESS_STATE_BYTES,
  MessageType,
  roomKey,
} from '@tablenotes/shared'
import * as decoding from 'lib0/decoding'
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import * as Y from 'yjs'
import {
  connectClient,
  isStoredOnServer,
  openRawSocket,
  type RawSocket,
  type TestClient,
  waitFor,
  waitForSync,
} from '../helpers/clients.js'
import { notesText, plainNotes } from '../helpers/notes.js'
import { serverForEachTest } from '../helpers/serverForEachTest.js'
import { serverProcessForEachTest } from '../helpers/serverProcessForEachTest.js'
import { mintToken, roomUrl } from '../helpers/tokens.js'

const SESSION = 'test-session'
const ROOM = roomKey(SESSION, 't1')
const viewer: Grant = { sessionId: SESSION, role: 'viewer', tableId: 't1' }
const editor: Grant = { sessionId: SESSION, role: 'editor', tableId: 't1' }

/** `tablenotes_refused_connections_total{code}` from the server's /metrics, 0 when absent. */
async function refusedCount(httpUrl: string, code: number): Promise<number> {
  const text = await (await fetch(`${httpUrl}/metrics`)).text()
  const line = text
    .split('\n')
    .find((row) => row.startsWith(`tablenotes_refused_connections_total{code="${code}"}`))
  return line ? Number(line.split(' ')[1]) : 0
}

/** The resident set size of a process, in MiB, from Linux's /proc. */
function residentMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN)
  return Math.round(kib / 1024)
}

/** A real Yjs edit from a client of its own, as the bytes of an update message. */
function editMessage(text: string): Uint8Array {
  const doc = new Y.Doc()
  notesText(doc).insert(0, text)
  return encodeSyncUpdate(Y.encodeStateAsUpdate(doc))
}

function presenceMessage(clientId: number, clock: number, state: unknown): Uint8Array {
  return encodeAwarenessMessage(
    encodeAwarenessUpdate([{ clientId, clock, stateJson: JSON.stringify(state) }]),
  )
}

/**
 * A socket that completes the WebSocket handshake, takes one frame (so the server has added it
 * to the room) and then never reads again, while it sends an unsolicited pong every 100 ms:
 * a client on a dead network as an attacker would fake it.
 */
function openNeverReadingSocket(url: string) {
  const socket = new WebSocket(url)
  const tcp = () => (socket as unknown as { _socket: Socket })._socket
  let pongs: NodeJS.Timeout | undefined
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)))
  socket.on('error', () => undefined)
  const joined = new Promise<void>((resolve) => {
    socket.once('message', () => {
      tcp().pause()
      pongs = setInterval(() => {
        if (socket.readyState === WebSocket.OPEN) socket.pong()
      }, 100)
      resolve()
    })
  })
  return {
    joined,
    /** Starts reading again, so that the close the server sent can be seen. */
    closed: () => {
      tcp().resume()
      return closed
    },
    destroy: () => {
      clearInterval(pongs)
      socket.terminate()
    },
  }
}

/**
 * A writer (a stock client that asks for `stored`, as our page does), synced and counting its
 * disconnections, beside a viewer's socket that joined the room and then stopped reading.
 */
async function writerBesideStalledReader(collabUrl: string) {
  const writer = connectClient(collabUrl, ROOM, { stored: true })
  await waitForSync(writer)
  let disconnects = 0
  writer.provider.on('connection-close', () => disconnects++)
  const stalled = openNeverReadingSocket(roomUrl(collabUrl, ROOM, mintToken(viewer)))
  await stalled.joined
  return { writer, stalled, disconnects: () => disconnects }
}

describe('a slow reader and an awareness flooder (P8, P7)', () => {
  const processes = serverProcessForEachTest()

  it('closes the socket that stopped reading with 1013 and refuses 2 MB awareness states with 4413', async () => {
    // Pings stay at their 30 s default here, so the backlog limit is what closes the slow socket.
    const server = await processes.start({ extra: { MAX_BUFFERED_BYTES: String(1024 * 1024) } })
    const pid = server.process.child.pid ?? 0
    const { httpUrl, collabUrl } = server

    const { writer, stalled: slow, disconnects } = await writerBesideStalledReader(collabUrl)
    const rss = { before: residentMiB(pid), peak: 0, atClose: 0 }

    // The flooder reconnects after every refusal and sends a 2 MB state every 300 ms.
    const flooderCloses: number[] = []
    let attacking = true
    let flooder: RawSocket | null = null
    const hugeState = JSON.stringify({ user: { name: 'flood', pad: 'x'.repeat(2_000_000) } })
    const flood = (async () => {
      for (let clock = 1; attacking; clock++) {
        flooder ??= openRawSocket(roomUrl(collabUrl, ROOM, mintToken(viewer)))
        const current: RawSocket = flooder
        await current.opened
        current.socket.send(
          encodeAwarenessMessage(
            encodeAwarenessUpdate([{ clientId: 424242, clock, stateJson: hugeState }]),
          ),
        )
        const outcome = await Promise.race([
          current.closed,
          new Promise((resolve) => setTimeout(resolve, 300)),
        ])
        if (outcome) {
          flooderCloses.push((outcome as { code: number }).code)
          flooder = null
        }
      }
    })()
    // Another viewer streams presence within the limit (60 KB every 20 ms), which the server
    // relays to everyone, and the writer types: far more than the stalled socket takes in.
    const chatter = openRawSocket(roomUrl(collabUrl, ROOM, mintToken(viewer)))
    await chatter.opened
    let chatterClock = 0
    const chatterPad = 'c'.repeat(60_000)
    const chatting = setInterval(() => {
      chatter.socket.send(presenceMessage(515151, ++chatterClock, { user: { pad: chatterPad } }))
    }, 20)
    const text = notesText(writer.doc)
    let typed = 0
    const typing = setInterval(() => text.insert(text.length, `word${typed++} `), 20)
    const sampleMemory = () => {
      rss.peak = Math.max(rss.peak, residentMiB(pid))
    }

    await waitFor(
      'the server to close the slow socket',
      async () => {
        sampleMemory()
        return (await refusedCount(httpUrl, CloseCode.tryAgainLater)) >= 1
      },
      60_000,
    )
    rss.atClose = residentMiB(pid)
    // The attack goes on for 20 more refused floods; memory is watched, never asserted.
    const floodsAtClose = flooderCloses.length
    await waitFor(
      '20 more floods to be refused',
      () => {
        sampleMemory()
        return flooderCloses.length >= floodsAtClose + 20
      },
      60_000,
    )
    clearInterval(typing)
    clearInterval(chatting)
    attacking = false
    await flood
    ;(flooder as RawSocket | null)?.socket.terminate()
    chatter.socket.terminate()

    // The stalled socket was closed by the server: reading again, it sees its end. Its close
    // frame sits behind the backlog the server dropped, so it may see 1006 rather than 1013.
    expect([CloseCode.tryAgainLater, 1006]).toContain(await slow.closed())
    slow.destroy()
    expect(await refusedCount(httpUrl, CloseCode.tryAgainLater)).toBe(1)
    expect(new Set(flooderCloses)).toEqual(new Set([CloseCode.messageTooLarge]))
    expect(await refusedCount(httpUrl, CloseCode.messageTooLarge)).toBe(flooderCloses.length)
    expect(disconnects(), 'the writer, who reads, was never disconnected').toBe(0)
    await waitFor('every word to be stored', () => isStoredOnServer(writer), 30_000)
    const reader = connectClient(collabUrl, ROOM)
    await waitForSync(reader)
    expect(plainNotes(reader.doc)).toBe(plainNotes(writer.doc))
    expect(reader.provider.awareness.getStates().get(424242)).toBeUndefined()
    reader.destroy()
    writer.destroy()
    console.log(
      `server RSS: ${rss.before} MiB before the attack, ${rss.atClose} MiB when the slow ` +
        `socket was closed, at most ${rss.peak} MiB over ${flooderCloses.length} refused ` +
        `floods and ${chatterClock} relayed 60 KB states, ${residentMiB(pid)} MiB after`,
    )
  }, 180_000)

  it('drops a socket that sends unsolicited pongs but never answers a ping; honest clients stay', async () => {
    const { httpUrl, collabUrl } = await processes.start({ extra: { PING_INTERVAL_MS: '1000' } })
    const {
      writer: honest,
      stalled: dead,
      disconnects,
    } = await writerBesideStalledReader(collabUrl)
    await waitFor(
      'the server to drop the socket that never answered',
      async () => (await refusedCount(httpUrl, CloseCode.noPingAnswer)) >= 1,
      30_000,
    )
    expect(await dead.closed()).toBe(1006)
    dead.destroy()

    // The honest client answered every ping meanwhile, and still writes.
    notesText(honest.doc).insert(0, 'still here')
    await waitFor('the honest edit to be stored', () => isStoredOnServer(honest))
    expect(disconnects()).toBe(0)
    expect(await refusedCount(httpUrl, CloseCode.noPingAnswer)).toBe(1)
    honest.destroy()
  }, 60_000)
})

describe('presence (P7)', () => {
  const fixture = serverForEachTest()
  const sockets: RawSocket[] = []
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.socket.terminate()
  })

  /** The states of a raw socket's last answer to a query awareness message. */
  async function queryPresence(socket: RawSocket) {
    const before = socket.frames.length
    socket.socket.send(Uint8Array.of(MessageType.queryAwareness))
    await waitFor('the presence answer', () =>
      socket.frames.slice(before).some((frame) => frame[0] === MessageType.awareness),
    )
    const answer = socket.frames.slice(before).findLast((frame) => frame[0] === 1) as Uint8Array
    const decoder = decoding.createDecoder(answer)
    decoding.readVarUint(decoder)
    return decodeAwarenessUpdate(decoding.readVarUint8Array(decoder))
  }

  it('cannot be spoofed: a viewer speaking for an editor’s client id renames, silences and removes nobody', async () => {
    const server = await fixture.start()
    const victim = fixture.join(ROOM)
    const watcher = fixture.join(ROOM)
    await Promise.all([waitForSync(victim), waitForSync(watcher)])
    const victimId = victim.doc.clientID
    const seenNames: string[] = []
    let victimRemovals = 0
    watcher.provider.awareness.on(
      'change',
      ({ removed }: { removed: number[] }, _origin: unknown) => {
        const name = watcher.provider.awareness.getStates().get(victimId)?.user?.name
        if (name) seenNames.push(name)
        if (removed.includes(victimId)) victimRemovals++
      },
    )
    const nameSeen = (client: TestClient, name: string) =>
      client.provider.awareness.getStates().get(victimId)?.user?.name === name
    victim.provider.awareness.setLocalStateField('user', { name: 'Amina' })
    await waitFor('the watcher to see Amina', () => nameSeen(watcher, 'Amina'))

    const spoofer = openRawSocket(roomUrl(server.collabUrl, ROOM, mintToken(viewer)))
    sockets.push(spoofer)
    await spoofer.opened
    const victimClock = victim.provider.awareness.meta.get(victimId)?.clock ?? 0
    spoofer.socket.send(
      presenceMessage(victimId, victimClock + 1000, { user: { name: 'Mallory' } }),
    )
    // The server answers the query after the spoof: the spoof was handled and changed nothing.
    const present = await queryPresence(spoofer)
    expect(present.find((entry) => entry.clientId === victimId)?.stateJson).toContain('Amina')

    victim.provider.awareness.setLocalStateField('user', { name: 'Amina B.' })
    await waitFor('the victim’s own update to reach the watcher', () =>
      nameSeen(watcher, 'Amina B.'),
    )

    spoofer.socket.close()
    await spoofer.closed
    await waitFor('the server to see the spoofer leave', async () => {
      const metrics = await (await fetch(`${server.httpUrl}/metrics`)).text()
      return /^tablenotes_open_sockets 2$/m.test(metrics)
    })
    victim.provider.awareness.setLocalStateField('user', { name: 'Amina C.' })
    await waitFor('the victim’s next update to reach the watcher', () =>
      nameSeen(watcher, 'Amina C.'),
    )
    expect(seenNames).not.toContain('Mallory')
    expect(victimRemovals).toBe(0)
    expect(watcher.provider.awareness.getStates().has(victimId)).toBe(true)
  })

  it('lets a client that reconnected take its id over once its old socket has closed', async () => {
    const server = await fixture.start()
    const watcher = fixture.join(ROOM)
    await waitForSync(watcher)
    const clientId = 9_000_001
    // The old socket of a client whose network dropped: still open as far as the server knows.
    const old = openRawSocket(roomUrl(server.collabUrl, ROOM, mintToken(editor)))
    sockets.push(old)
    await old.opened
    old.socket.send(presenceMessage(clientId, 3, { user: { name: 'before the drop' } }))
    const nameOf = () => watcher.provider.awareness.getStates().get(clientId)?.user?.name
    await waitFor('the old state to arrive', () => nameOf() === 'before the drop')

    // The same client, reconnected: the stock provider with the same awareness client id.
    const doc = new Y.Doc()
    doc.clientID = clientId
    const back = connectClient(server.collabUrl, ROOM, { stored: true, doc })
    await waitForSync(back)
    back.provider.awareness.setLocalStateField('user', { name: 'after the drop' })
    // Frames of one socket are handled in order: once its edit is stored, its state was seen.
    notesText(back.doc).insert(0, 'back')
    await waitFor('the edit after the state to be stored', () => isStoredOnServer(back))
    await waitFor('the watcher to receive the edit', () => plainNotes(watcher.doc).includes('back'))
    expect(nameOf(), 'held back while the old socket lives').toBe('before the drop')

    old.socket.terminate()
    await waitFor('the reconnected client to take its id over', () => nameOf() === 'after the drop')
    back.destroy()
  })

  it('refuses an awareness state over 64 KiB with 4413 and relays nothing of it', async () => {
    const server = await fixture.start({ maxMessageBytes: 1024 * 1024 })
    const watcher = fixture.join(ROOM)
    await waitForSync(watcher)
    const big = openRawSocket(roomUrl(server.collabUrl, ROOM, mintToken(viewer)))
    sockets.push(big)
    await big.opened
    big.socket.send(
      presenceMessage(777, 1, {
        user: { name: 'big', pad: 'x'.repeat(MAX_AWARENESS_STATE_BYTES) },
      }),
    )
    expect((await big.closed).code).toBe(CloseCode.messageTooLarge)
    // Barrier: a state at the limit from another viewer arrives; the refused one never did.
    const fair = openRawSocket(roomUrl(server.collabUrl, ROOM, mintToken(viewer)))
    sockets.push(fair)
    await fair.opened
    const padding = 'y'.repeat(MAX_AWARENESS_STATE_BYTES - 64)
    fair.socket.send(presenceMessage(778, 1, { user: { name: 'fair', pad: padding } }))
    await waitFor('the fair state to arrive', () => watcher.provider.awareness.getStates().has(778))
    expect(watcher.provider.awareness.getStates().has(777)).toBe(false)
  })
})

describe('expiry on an open socket (P10)', () => {
  const fixture = serverForEachTest()

  it('closes the socket with 4401 at its expiry and stores nothing it sends after', async () => {
    const server = await fixture.start()
    const watcher = fixture.join(ROOM)
    await waitForSync(watcher)
    const expiresAt = Date.now() / 1000 + 2
    const expiring = openRawSocket(
      roomUrl(server.collabUrl, ROOM, mintToken(editor, { expires: expiresAt })),
    )
    await expiring.opened
    expiring.socket.send(editMessage('[before expiry]'))
    const watcherText = () => plainNotes(watcher.doc)
    await waitFor('the edit sent before expiry to arrive', () =>
      watcherText().includes('[before expiry]'),
    )

    await waitFor('the expiry to come near', () => Date.now() >= expiresAt * 1000 - 200)
    // The server runs in this process: holding the event loop past the expiry guarantees that
    // this edit leaves after the expiry and before the server could have closed the socket.
    while (Date.now() <= expiresAt * 1000 + 50) {
      // busy wait
    }
    expiring.socket.send(editMessage('[after expiry]'))
    expect((await expiring.closed).code).toBe(CloseCode.unauthenticated)

    // Barrier: an edit made after the refused one is stored and relayed; the refused one is not.
    notesText(watcher.doc).insert(0, '[later]')
    await waitFor('the later edit to be stored', () => isStoredOnServer(watcher))
    const stored = new Y.Doc()
    for (const row of await server.store.loadRoom(ROOM)) Y.applyUpdate(stored, row.update)
    const storedText = plainNotes(stored)
    expect(storedText).toContain('[before expiry]')
    expect(storedText).toContain('[later]')
    expect(storedText).not.toContain('[after expiry]')
    const other = fixture.join(ROOM)
    await waitForSync(other)
    expect(plainNotes(other.doc)).toBe(storedText)
  })
})

describe('tokens have one spelling (P10)', () => {
  const fixture = serverForEachTest()

  it.each([
    ['==', '=='],
    ['!!', '!!'],
    ['2,000 !', '!'.repeat(2000)],
  ])('refuses a valid token with %s appended: 4401 on the socket, 401 on the API', async (_what, tail) => {
    const server = await fixture.start()
    const token = mintToken(editor)
    const apiUrl = `${server.httpUrl}/api/sessions/${SESSION}`
    expect((await fetch(`${apiUrl}?token=${token}`)).status, 'the token as issued').toBe(200)

    const socket = openRawSocket(roomUrl(server.collabUrl, ROOM, `${token}${tail}`))
    expect((await socket.closed).code).toBe(CloseCode.unauthenticated)
    expect(socket.frames).toEqual([])
    const unencoded = openRawSocket(`${server.collabUrl}/${ROOM}?token=${token}${tail}`)
    expect((await unencoded.closed).code).toBe(CloseCode.unauthenticated)

    expect((await fetch(`${apiUrl}?token=${token}${tail}`)).status).toBe(401)
    expect((await fetch(`${apiUrl}?token=${encodeURIComponent(token + tail)}`)).status).toBe(401)
    const bearer = await fetch(apiUrl, { headers: { authorization: `Bearer ${token}${tail}` } })
    expect(bearer.status).toBe(401)
    expect((await bearer.json()).code).toBe('UNAUTHENTICATED')
  })
})
