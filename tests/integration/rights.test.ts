import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { createLink, signToken } from '@tablenotes/server'
import {
  type Access,
  CloseCode,
  CONTROL_ROOM,
  encodeSyncStep2,
  encodeSyncUpdate,
  type Grant,
  ROLES,
  type Role,
  readTokenClaims,
  roomAccess,
  roomKey,
  SYNTHESIS_ROOM,
} from '@tablenotes/shared'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { runCli } from '../helpers/cli.js'
import {
  connectClient,
  isStoredOnServer,
  openRawSocket,
  type RawSocket,
  type TestClient,
  waitFor,
  waitForSync,
} from '../helpers/clients.js'
import { appendText, notesText, plainNotes, readText } from '../helpers/notes.js'
import { startServer, type TestServer, type TestServerOptions } from '../helpers/startServer.js'
import { mintToken, roomUrl, TEST_SECRET } from '../helpers/tokens.js'

const README = fileURLToPath(new URL('../../README.md', import.meta.url))
const SESSION = 'test-session'

/** The README's role × room table, as written for people: the contract these tests hold. */
function readmeRights(): Map<Role, Record<string, Access>> {
  const readme = readFileSync(README, 'utf8')
  const block = /<!-- rights:start[^>]*-->\n([\s\S]*?)<!-- rights:end -->/.exec(readme)?.[1]
  if (!block) throw new Error('README.md has no rights table between its rights markers')
  const rows = block
    .trim()
    .split('\n')
    .map((line) =>
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim().replaceAll('`', '')),
    )
  const [header, , ...body] = rows
  const rooms = header!.slice(1)
  return new Map(
    body.map(([role, ...cells]) => [
      role as Role,
      Object.fromEntries(rooms.map((room, index) => [room, cells[index] as Access])),
    ]),
  )
}

/** Each README column as a room, for a grant whose own table (if any) is t1. */
const COLUMNS = {
  'its table': 't1',
  'other tables': 't2',
  [CONTROL_ROOM]: CONTROL_ROOM,
  [SYNTHESIS_ROOM]: SYNTHESIS_ROOM,
} as const

function grantOf(role: Role): Grant {
  return role === 'editor' || role === 'viewer'
    ? { sessionId: SESSION, role, tableId: 't1' }
    : { sessionId: SESSION, role }
}

let server: TestServer
const clients: TestClient[] = []
const sockets: RawSocket[] = []

function join(room: string, token?: string): TestClient {
  const client = connectClient(server.collabUrl, room, {
    stored: true,
    ...(token ? { token } : {}),
  })
  clients.push(client)
  return client
}

function raw(room: string, token: string): RawSocket {
  const socket = openRawSocket(roomUrl(server.collabUrl, room, token))
  sockets.push(socket)
  return socket
}

async function storedText(room: string): Promise<string> {
  const doc = new Y.Doc()
  for (const row of await server.store.loadRoom(roomKey(SESSION, room))) {
    Y.applyUpdate(doc, row.update)
  }
  return readText(doc, room)
}

/** Writes `text` into a room as its organizer and waits until it is stored. */
async function writeAsOrganizer(room: string, text: string): Promise<void> {
  const organizer = join(roomKey(SESSION, room), mintToken(grantOf('organizer')))
  await waitForSync(organizer)
  appendText(organizer.doc, room, text)
  await waitFor(`${text} stored`, () => isStoredOnServer(organizer))
  organizer.destroy()
}

function closeAll() {
  for (const client of clients.splice(0)) client.destroy()
  for (const socket of sockets.splice(0)) socket.socket.terminate()
}

/**
 * Starts `server` with `options` for the tests of the calling `describe` block; every client and
 * socket a test opened is closed after it, and the server after the block's last test.
 */
function serverForBlock(options: TestServerOptions = {}): void {
  beforeAll(async () => {
    server = await startServer(options)
  })
  afterEach(closeAll)
  afterAll(async () => {
    closeAll()
    await server.close()
  })
}

describe('rights in the relay (P10, P11)', () => {
  serverForBlock({ revocationPollMs: 100 })
  beforeAll(async () => {
    for (const room of Object.values(COLUMNS)) await writeAsOrganizer(room, `[${room}]`)
  })

  const rights = readmeRights()

  it('has a README row for every role, and the rights function agrees with every cell', () => {
    expect([...rights.keys()]).toEqual([...ROLES])
    for (const role of ROLES) {
      for (const [column, room] of Object.entries(COLUMNS)) {
        expect(
          roomAccess(grantOf(role), { sessionId: SESSION, roomId: room }),
          `${role} × ${column}`,
        ).toBe(rights.get(role)![column])
      }
    }
  })

  describe.each([...ROLES])('a %s link', (role) => {
    it.each(
      Object.entries(COLUMNS),
    )('gets in %s exactly as the README says', async (column, room) => {
      const expected = rights.get(role)?.[column]
      if (!expected) throw new Error(`the README has no cell for ${role} × ${column}`)
      const token = mintToken(grantOf(role))
      if (expected === 'none') {
        const socket = raw(roomKey(SESSION, room), token)
        expect((await socket.closed).code).toBe(CloseCode.forbidden)
        expect(socket.frames).toEqual([])
        return
      }
      const client = join(roomKey(SESSION, room), token)
      await waitForSync(client)
      expect(readText(client.doc, room)).toContain(`[${room}]`)
      expect(client.access).toEqual([expected === 'write'])

      const mark = ` <${role} was here>`
      appendText(client.doc, room, mark)
      // An organizer's edit after it: once that one is stored, the mark was handled too.
      await writeAsOrganizer(room, '.')
      const stored = await storedText(room)
      if (expected === 'write') expect(stored).toContain(mark)
      else expect(stored).not.toContain(mark)
    })
  })

  it('drops 1,000 crafted updates from a viewer: nothing stored or relayed, editors go on', async () => {
    const room = roomKey(SESSION, 't1')
    const editor = join(room)
    await waitForSync(editor)
    const viewer = raw(room, mintToken(grantOf('viewer')))
    await viewer.opened

    // Real edits built on the room's content: they would apply if the server let them.
    const forger = new Y.Doc()
    Y.applyUpdate(forger, Y.encodeStateAsUpdate(editor.doc))
    for (let n = 0; n < 1000; n++) {
      const before = Y.encodeStateVector(forger)
      const text = notesText(forger)
      if (n % 3 === 2 && text.length > 0) text.delete(0, 1)
      else text.insert(0, `forged ${n} `)
      const update = Y.encodeStateAsUpdate(forger, before)
      viewer.socket.send(n % 2 === 0 ? encodeSyncUpdate(update) : encodeSyncStep2(update))
      if (n % 100 === 0) notesText(editor.doc).insert(0, `honest ${n} `)
    }
    const honestText = () => plainNotes(editor.doc)
    await waitFor('the honest edits to be stored', () => isStoredOnServer(editor))
    const late = join(room)
    await waitFor('a late joiner to see the honest text', () => {
      return plainNotes(late.doc) === honestText()
    })
    expect(honestText()).not.toContain('forged')
    expect(honestText()).toContain('honest 900')
    expect(await storedText('t1')).toBe(honestText())
  })
})

describe('refused tokens (P10)', () => {
  serverForBlock({ revocationPollMs: 100 })

  const editorGrant: Grant = { sessionId: SESSION, role: 'editor', tableId: 't1' }
  const signature = mintToken(editorGrant).split('.')[1]

  it.each([
    ['no token', '', CloseCode.unauthenticated],
    ['a token that is not one', 'hello', CloseCode.unauthenticated],
    [
      'a token signed with another secret',
      signToken('x'.repeat(40), { ...editorGrant, linkId: 'l' }),
      CloseCode.unauthenticated,
    ],
    [
      'claims changed under a genuine signature',
      `${mintToken({ sessionId: SESSION, role: 'organizer' }).split('.')[0]}.${signature}`,
      CloseCode.unauthenticated,
    ],
    [
      'an expired token',
      mintToken(editorGrant, { expires: Date.now() / 1000 - 60 }),
      CloseCode.unauthenticated,
    ],
    [
      'a token of another session',
      mintToken({ ...editorGrant, sessionId: 'another-session' }),
      CloseCode.forbidden,
    ],
    ['a token of another table', mintToken({ ...editorGrant, tableId: 't2' }), CloseCode.forbidden],
  ])('closes a socket with %s before sending anything', async (_what, token, code) => {
    const socket = raw(roomKey(SESSION, 't1'), token)
    expect((await socket.closed).code).toBe(code)
    expect(socket.frames).toEqual([])
  })

  it('closes the sockets of a link revoked by the command line, for good', async () => {
    const link = createLink(SESSION, 'editor', 't1')
    await server.store.putLink(link)
    const token = signToken(TEST_SECRET, { ...editorGrant, linkId: link.id })
    const client = join(roomKey(SESSION, 't1'), token)
    await waitForSync(client)
    const closes: number[] = []
    client.provider.on('connection-close', (event) => {
      if (event) closes.push(event.code)
    })
    const ended: number[] = []
    client.provider.on('closed', (event) => ended.push(event.code))

    expect((await runCli(['revoke', link.id], { DATA_DIR: server.dataDir })).code).toBe(0)
    await waitFor('the revoked socket to close', () => closes.includes(CloseCode.revoked))

    // The stock client does not retry after a 44xx close: it says so with its `closed` event and
    // gives up connecting, so its next scheduled attempt does nothing. A new socket is refused.
    await waitFor('the stock client to give up', () => ended.length > 0)
    expect(ended).toEqual([CloseCode.revoked])
    expect(client.provider.shouldConnect).toBe(false)
    expect(client.provider.wsconnected).toBe(false)
    expect(closes).toEqual([CloseCode.revoked])
    const again = raw(roomKey(SESSION, 't1'), token)
    expect((await again.closed).code).toBe(CloseCode.revoked)
    expect(again.frames).toEqual([])
  })
})

describe('a flood of bad tokens (4429)', () => {
  serverForBlock()

  it('is refused, past 30 a minute as too many, and an honest client still gets in', async () => {
    const codes = new Map<number, number>()
    for (let n = 0; n < 60; n++) {
      const socket = raw(roomKey(SESSION, 't1'), `forged.${n}`)
      const { code } = await socket.closed
      codes.set(code, (codes.get(code) ?? 0) + 1)
    }
    expect(codes.get(CloseCode.unauthenticated)).toBe(30)
    expect(codes.get(CloseCode.tooMany)).toBe(30)
    const honest = join(roomKey(SESSION, 't1'))
    await waitForSync(honest)
    expect(honest.doc.getXmlFragment('notes').length).toBeGreaterThan(0)
  })
})

describe('the HTTP API', () => {
  serverForBlock({ revocationPollMs: 100 })

  const api = (path: string, token?: string, init: RequestInit = {}) =>
    fetch(`${server.httpUrl}/api${path}`, {
      ...init,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(init.body ? { 'content-type': 'application/json' } : {}),
      },
    })

  it('gives a session to any link of it, and to nobody else', async () => {
    expect((await api(`/sessions/${SESSION}`)).status).toBe(401)
    expect((await api(`/sessions/${SESSION}`, 'forged.token')).status).toBe(401)
    const viewer = mintToken(grantOf('viewer'))
    const byHeader = await api(`/sessions/${SESSION}`, viewer)
    expect(byHeader.status).toBe(200)
    expect(((await byHeader.json()) as { id: string }).id).toBe(SESSION)
    const byQuery = await fetch(`${server.httpUrl}/api/sessions/${SESSION}?token=${viewer}`)
    expect(byQuery.status).toBe(200)
    const otherSession = mintToken({ sessionId: 'another-session', role: 'organizer' })
    expect((await api(`/sessions/${SESSION}`, otherSession)).status).toBe(403)
    expect((await api('/sessions', viewer)).status).toBe(404)
  })

  it('lets only the organizer list, mint and revoke links; revoking closes sockets', async () => {
    const organizer = mintToken(grantOf('organizer'))
    for (const role of ['moderator', 'rapporteur', 'editor', 'viewer'] as const) {
      expect((await api(`/sessions/${SESSION}/links`, mintToken(grantOf(role)))).status).toBe(403)
    }
    const listed = await api(`/sessions/${SESSION}/links`, organizer)
    expect(listed.status).toBe(200)
    const links = (await listed.json()) as Array<{
      id: string
      role: Role
      table: string | null
      token: string
    }>
    expect(links.map((link) => `${link.role}${link.table ? `:${link.table}` : ''}`)).toEqual([
      'organizer',
      'moderator',
      'rapporteur',
      'editor:t1',
      'viewer:t1',
      'editor:t2',
      'viewer:t2',
      'editor:t3',
      'viewer:t3',
    ])

    const minted = await api(`/sessions/${SESSION}/links`, organizer, {
      method: 'POST',
      body: JSON.stringify({ role: 'viewer', table: 't2' }),
    })
    expect(minted.status).toBe(201)
    const viewer = (await minted.json()) as { id: string; token: string }
    const expiring = await api(`/sessions/${SESSION}/links`, organizer, {
      method: 'POST',
      body: JSON.stringify({ role: 'moderator', expires: Math.floor(Date.now() / 1000) + 3600 }),
    })
    expect(expiring.status).toBe(201)
    const expiringToken = ((await expiring.json()) as { token: string }).token
    expect(readTokenClaims(expiringToken)?.expires).toBeGreaterThan(Date.now() / 1000)
    const past = await api(`/sessions/${SESSION}/links`, organizer, {
      method: 'POST',
      body: JSON.stringify({ role: 'moderator', expires: 1 }),
    })
    expect(past.status).toBe(400)
    const badRole = await api(`/sessions/${SESSION}/links`, organizer, {
      method: 'POST',
      body: JSON.stringify({ role: 'editor' }),
    })
    expect(badRole.status).toBe(400)

    const client = join(roomKey(SESSION, 't2'), viewer.token)
    await waitForSync(client)
    const closes: number[] = []
    client.provider.on('connection-close', (event) => {
      if (event) closes.push(event.code)
    })
    const editorOfT1 = mintToken(grantOf('editor'))
    const refused = await api(`/sessions/${SESSION}/links/${viewer.id}/revoke`, editorOfT1, {
      method: 'POST',
    })
    expect(refused.status).toBe(403)
    const revoked = await api(`/sessions/${SESSION}/links/${viewer.id}/revoke`, organizer, {
      method: 'POST',
    })
    expect(revoked.status).toBe(200)
    await waitFor('the viewer socket to close', () => closes.includes(CloseCode.revoked))
    expect((await api(`/sessions/${SESSION}`, viewer.token)).status).toBe(410)
  })
})

describe('creating a session', () => {
  serverForBlock()

  const create = (body: unknown, token?: string) =>
    fetch(`${server.httpUrl}/api/sessions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(body),
    })
  const fresh = {
    id: 'fresh-session',
    title: 'Fresh',
    questions: [{ id: 'q1', text: 'Why?' }],
    tables: [{ id: 'one', name: 'One' }],
  }

  it('is for organizers only, and answers with the new session’s links', async () => {
    expect((await create(fresh)).status).toBe(401)
    expect((await create(fresh, mintToken(grantOf('moderator')))).status).toBe(403)
    const organizer = mintToken(grantOf('organizer'))
    expect((await create({ ...fresh, tables: [] }, organizer)).status).toBe(400)
    const created = await create(fresh, organizer)
    expect(created.status).toBe(201)
    const body = (await created.json()) as { links: Array<{ role: Role; token: string }> }
    expect(body.links.map((link) => link.role)).toEqual([
      'organizer',
      'moderator',
      'rapporteur',
      'editor',
      'viewer',
    ])
    expect((await create(fresh, organizer)).status).toBe(409)
    const ownOrganizer = body.links[0]!.token
    const read = await fetch(`${server.httpUrl}/api/sessions/fresh-session`, {
      headers: { authorization: `Bearer ${ownOrganizer}` },
    })
    expect(((await read.json()) as { title: string }).title).toBe('Fresh')
  })
})
