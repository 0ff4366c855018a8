import { roomKey, type SearchResult } from '@tablenotes/shared'
import { describe, expect, it } from 'vitest'
import { type TestClient, waitForSync } from '../helpers/clients.js'
import { writeAnswer } from '../helpers/notes.js'
import { serverForEachTest } from '../helpers/serverForEachTest.js'
import type { TestServer } from '../helpers/startServer.js'
import { mintToken } from '../helpers/tokens.js'

const SESSION = 'test-session'
const fixture = serverForEachTest()

const moderator = () => mintToken({ sessionId: SESSION, role: 'moderator' })
const organizer = () => mintToken({ sessionId: SESSION, role: 'organizer' })
const editor = (tableId: string) => mintToken({ sessionId: SESSION, role: 'editor', tableId })
const viewer = (tableId: string) => mintToken({ sessionId: SESSION, role: 'viewer', tableId })

/** A stock y-websocket client on a table, synced. */
async function join(table: string): Promise<TestClient> {
  const client = fixture.join(roomKey(SESSION, table), editor(table))
  await waitForSync(client)
  return client
}

/** `GET …/search` with `query` as the raw query string (so tests can send bad ones). */
async function search(server: TestServer, query: string, token: string) {
  const response = await fetch(`${server.httpUrl}/api/sessions/${SESSION}/search${query}`, {
    headers: { authorization: `Bearer ${token}` },
  })
  return { status: response.status, body: (await response.json()) as unknown }
}

/** The results of a search that must succeed. */
async function found(server: TestServer, q: string, token: string): Promise<SearchResult[]> {
  const { status, body } = await search(server, `?q=${encodeURIComponent(q)}`, token)
  expect(status).toBe(200)
  return body as SearchResult[]
}

describe('search across a session (issue 20, item 2)', () => {
  it('finds a word written at one table for a moderator, and not for another table’s editor', async () => {
    const server = await fixture.start()
    const t1 = await join('t1')
    await writeAnswer(t1, 'q1', ['Shelters need funding', 'Mentoring by volunteers works well'])
    await writeAnswer(t1, 'q2', ['Volunteers in every town'], 'a')

    // Live: the room is loaded, with the writer still connected.
    const forModerator = await found(server, 'volunteers', moderator())
    expect(forModerator).toEqual([
      {
        room: 't1',
        question: 'q1',
        part: null,
        table: null,
        paragraph: 1,
        snippet: 'Mentoring by volunteers works well',
      },
      {
        room: 't1',
        question: 'q2',
        part: 'a',
        table: null,
        paragraph: 2,
        snippet: 'Volunteers in every town',
      },
    ])
    expect(await found(server, 'volunteers', organizer())).toEqual(forModerator)
    expect(await found(server, 'volunteers', editor('t1'))).toEqual(forModerator)
    expect(await found(server, 'volunteers', viewer('t1'))).toEqual(forModerator)
    expect(await found(server, 'volunteers', editor('t2'))).toEqual([])
    expect(await found(server, 'volunteers', viewer('t2'))).toEqual([])

    // Stored: after a restart no room is loaded, and the search reads the stored state.
    t1.destroy()
    await server.stop()
    await server.restart()
    expect(await found(server, 'VOLUNTEERS', moderator())).toEqual(forModerator)
    expect(await found(server, 'volunteers', editor('t2'))).toEqual([])
  })

  it('finds Arabic words with and without harakat and tatweel', async () => {
    const server = await fixture.start()
    const t2 = await join('t2')
    await writeAnswer(t2, 'q1', ['نحتاج إلى مُشَارَكَةِ الشَّبَابِ في القرار', 'التعليم للجميع'])

    const plain = await found(server, 'مشاركة الشباب', moderator())
    expect(plain).toMatchObject([{ room: 't2', question: 'q1', paragraph: 0 }])
    expect(plain[0]?.snippet).toBe('نحتاج إلى مُشَارَكَةِ الشَّبَابِ في القرار')
    // A query with its own harakat, or stretched with a tatweel, finds the same paragraph.
    expect(await found(server, 'مُشارَكةِ', moderator())).toEqual(plain)
    expect(await found(server, 'مشـــاركة', editor('t2'))).toEqual(plain)
    // Text without harakat is found by a query with them.
    expect(await found(server, 'التَّعْلِيم', moderator())).toMatchObject([
      { room: 't2', question: 'q1', paragraph: 1, snippet: 'التعليم للجميع' },
    ])
    expect(await found(server, 'مشاركة', editor('t1'))).toEqual([])
  })

  it('finds French and Spanish words whatever their accents and case', async () => {
    const server = await fixture.start()
    const t3 = await join('t3')
    await writeAnswer(t3, 'q1', ['L’École publique accueille tout le monde'])
    await writeAnswer(t3, 'q2', ['Más acción en las regiones'], 'b')

    expect(await found(server, 'ecole', moderator())).toMatchObject([
      { room: 't3', question: 'q1', snippet: 'L’École publique accueille tout le monde' },
    ])
    expect(await found(server, 'ÉCOLE PUBLIQUE', editor('t3'))).toHaveLength(1)
    expect(await found(server, 'accion', moderator())).toMatchObject([
      { room: 't3', question: 'q2', part: 'b' },
    ])
    expect(await found(server, 'ecole', editor('t1'))).toEqual([])
  })

  it('finds compiled words in the synthesis, with the table that wrote them', async () => {
    const server = await fixture.start()
    const t1 = await join('t1')
    await writeAnswer(t1, 'q1', ['Community sponsorship'])
    const compile = await fetch(`${server.httpUrl}/api/sessions/${SESSION}/synthesis/compile`, {
      method: 'POST',
      headers: { authorization: `Bearer ${moderator()}` },
    })
    expect(compile.status).toBe(200)

    const results = await found(server, 'sponsorship', moderator())
    expect(results.map(({ room, question, table }) => ({ room, question, table }))).toEqual([
      { room: 't1', question: 'q1', table: null },
      { room: '_synthesis', question: 'q1', table: 't1' },
    ])
    const rapporteur = mintToken({ sessionId: SESSION, role: 'rapporteur' })
    expect((await found(server, 'sponsorship', rapporteur)).map(({ room }) => room)).toEqual([
      't1',
      '_synthesis',
    ])
    expect((await found(server, 'sponsorship', editor('t1'))).map(({ room }) => room)).toEqual([
      't1',
    ])
  })

  it('refuses a missing, blank, over-long, marks-only or zero-width-only q with 400 BAD_QUERY, after the link check', async () => {
    const server = await fixture.start()
    // U+200B, U+200C, U+200D, U+2060 and U+FEFF: invisible, so as empty as spaces.
    const zeroWidth = `?q=${encodeURIComponent('\u200B\u200C\u200D\u2060\uFEFF')}`
    for (const query of [
      '',
      '?q=',
      '?q=%20%20',
      `?q=${'a'.repeat(201)}`,
      '?q=%D9%8E%D9%80',
      zeroWidth,
    ]) {
      const { status, body } = await search(server, query, moderator())
      expect({ query, status }).toEqual({ query, status: 400 })
      expect(body).toMatchObject({ code: 'BAD_QUERY' })
    }
    expect((await search(server, `?q=${'a'.repeat(200)}`, moderator())).status).toBe(200)
    // A link that does not work learns nothing about the query.
    const refused = await fetch(`${server.httpUrl}/api/sessions/${SESSION}/search?q=`)
    expect(refused.status).toBe(401)
    const otherSession = mintToken({ sessionId: 'other', role: 'moderator' })
    expect((await search(server, '?q=', otherSession)).status).toBe(403)
  })

  it('limits one link to 30 searches a minute with 429 TOO_MANY_REQUESTS', async () => {
    const server = await fixture.start()
    const token = editor('t1')
    for (let count = 0; count < 30; count++) {
      expect((await search(server, '?q=word', token)).status).toBe(200)
    }
    const refused = await search(server, '?q=word', token)
    expect(refused.status).toBe(429)
    expect(refused.body).toMatchObject({ code: 'TOO_MANY_REQUESTS' })
    // Another link keeps its own share.
    expect((await search(server, '?q=word', editor('t2'))).status).toBe(200)
  })
})
