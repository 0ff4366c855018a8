import { loadDoc } from '@tablenotes/server'
import {
  CloseCode,
  type CommentBody,
  commentEntry,
  commentsOf,
  NOTES_FRAGMENT,
  readComments,
  roomKey,
  type VersionSummary,
} from '@tablenotes/shared'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { callApi } from '../helpers/api.js'
import { isStoredOnServer, type TestClient, waitFor, waitForSync } from '../helpers/clients.js'
import { serverForEachTest } from '../helpers/serverForEachTest.js'
import type { TestServer } from '../helpers/startServer.js'
import { mintToken } from '../helpers/tokens.js'
import { writeAndAwaitClose } from '../helpers/writeAndAwaitClose.js'

const SESSION = 'test-session'
const fixture = serverForEachTest()

const token = {
  organizer: () => mintToken({ sessionId: SESSION, role: 'organizer' }),
  moderator: () => mintToken({ sessionId: SESSION, role: 'moderator' }),
  rapporteur: () => mintToken({ sessionId: SESSION, role: 'rapporteur' }),
  editor: (table: string) => mintToken({ sessionId: SESSION, role: 'editor', tableId: table }),
  viewer: (table: string) => mintToken({ sessionId: SESSION, role: 'viewer', tableId: table }),
}

/** A request to this session's API: `/api/sessions/<SESSION><path>`. */
const api = (
  server: TestServer,
  method: 'GET' | 'POST',
  path: string,
  bearer: string,
  body?: unknown,
) => callApi(server, method, `/sessions/${SESSION}${path}`, bearer, body)

/** A stock client on table `table` that writes `text` as the first answer's paragraph. */
async function writeNotes(table: string, text: string): Promise<TestClient> {
  const client = fixture.join(roomKey(SESSION, table), token.editor(table))
  await waitForSync(client)
  const section = client.doc.getXmlFragment(NOTES_FRAGMENT).get(1) as Y.XmlElement
  const paragraph = (section.get(0) as Y.XmlElement).get(0) as Y.XmlElement
  client.doc.transact(() => paragraph.insert(0, [new Y.XmlText(text)]))
  await waitFor('the notes to be stored', () => isStoredOnServer(client))
  return client
}

/** The table's three exports, as bytes. */
async function exportsOf(server: TestServer, table: string): Promise<Record<string, Buffer>> {
  const files: Record<string, Buffer> = {}
  for (const format of ['md', 'html', 'docx']) {
    const response = await api(
      server,
      'GET',
      `/tables/${table}/export?format=${format}`,
      token.organizer(),
    )
    expect(response.status).toBe(200)
    files[format] = Buffer.from(await response.arrayBuffer())
  }
  return files
}

async function commentsOf200(server: TestServer, table: string, bearer: string) {
  const response = await api(server, 'GET', `/rooms/${table}/comments`, bearer)
  expect(response.status).toBe(200)
  return (await response.json()) as CommentBody[]
}

/** Posts a comment on `table` as `bearer`, expecting 201; the comment as the API answered it. */
async function postComment(
  server: TestServer,
  table: string,
  bearer: string,
  body: { text: string; quote: string; author?: string },
): Promise<CommentBody> {
  const response = await api(server, 'POST', `/rooms/${table}/comments`, bearer, body)
  expect(response.status, JSON.stringify(body)).toBe(201)
  return (await response.json()) as CommentBody
}

/** Replies to comment `id` on `table` as `bearer`, expecting 201; the comment, replies and all. */
async function postReply(
  server: TestServer,
  table: string,
  id: string,
  bearer: string,
  body: { text: string; author?: string },
): Promise<CommentBody> {
  const response = await api(server, 'POST', `/rooms/${table}/comments/${id}/replies`, bearer, body)
  expect(response.status, JSON.stringify(body)).toBe(201)
  return (await response.json()) as CommentBody
}

describe('comments on a table (issue 20, item 1)', () => {
  it("a moderator's comment is live at the table and in the API, leaves the exports alone, survives a restart and is in history", async () => {
    const server = await fixture.start()
    const amina = await writeNotes('t1', 'Shelters need long-term funding from cities')
    const before = await exportsOf(server, 't1')

    const comment = await postComment(server, 't1', token.moderator(), {
      text: 'Which cities? Name two.',
      quote: 'long-term funding',
      author: 'Lucía',
    })
    expect(comment).toMatchObject({
      author: 'Lucía',
      role: 'moderator',
      text: 'Which cities? Name two.',
      quote: 'long-term funding',
      resolved: false,
      replies: [],
    })

    // Live at the table: the stock client's document holds it, anchored to the quoted words.
    await waitFor('the table to receive the comment', () => readComments(amina.doc).length === 1)
    const [live] = readComments(amina.doc)
    const start = Y.createAbsolutePositionFromRelativePosition(
      Y.decodeRelativePosition(live!.start),
      amina.doc,
    )
    expect(start?.index).toBe('Shelters need '.length)
    expect(await commentsOf200(server, 't1', token.viewer('t1'))).toEqual([comment])

    // Replies, resolve and reopen, by the table's editor and the organizer.
    const replied = await postReply(server, 't1', comment.id, token.editor('t1'), {
      text: 'Lyon and Dakar',
    })
    expect(replied.replies).toMatchObject([
      { text: 'Lyon and Dakar', role: 'editor', author: 'Table rapporteur' },
    ])
    const resolved = await api(
      server,
      'POST',
      `/rooms/t1/comments/${comment.id}/resolve`,
      token.organizer(),
    )
    expect(((await resolved.json()) as CommentBody).resolved).toBe(true)
    await waitFor(
      'the table to see it resolved',
      () => readComments(amina.doc)[0]?.resolved === true,
    )
    const reopened = await api(
      server,
      'POST',
      `/rooms/t1/comments/${comment.id}/reopen`,
      token.editor('t1'),
    )
    expect(((await reopened.json()) as CommentBody).resolved).toBe(false)

    // Never part of the notes: every export is the same file as before.
    const after = await exportsOf(server, 't1')
    for (const format of ['md', 'html', 'docx']) {
      expect(after[format]!.equals(before[format]!), format).toBe(true)
    }

    // In history: a version taken now holds it.
    const named = await api(server, 'POST', '/versions', token.organizer(), {
      label: 'With comments',
    })
    expect(named.status).toBe(201)
    const versions = (await (
      await api(server, 'GET', '/rooms/t1/versions', token.organizer())
    ).json()) as VersionSummary[]
    const version = await server.store.getVersion(roomKey(SESSION, 't1'), versions[0]!.id)
    const versionDoc = new Y.Doc()
    Y.applyUpdate(versionDoc, version!.state)
    expect(readComments(versionDoc).map((each) => each.text)).toEqual(['Which cities? Name two.'])

    // Stored: after a restart, in the store and in the API, with its reply.
    await server.stop()
    await server.restart()
    expect(readComments(await loadDoc(server.store, roomKey(SESSION, 't1')))).toHaveLength(1)
    const [kept] = await commentsOf200(server, 't1', token.moderator())
    expect(kept).toMatchObject({
      id: comment.id,
      resolved: false,
      replies: [{ text: 'Lyon and Dakar' }],
    })
  })

  it('refuses read links, other tables and rapporteurs (403), unknown quotes (422) and comments (404)', async () => {
    const server = await fixture.start()
    await writeNotes('t1', 'Language classes work')
    const body = { text: 'Where?', quote: 'classes' }
    for (const [who, bearer] of [
      ['viewer', token.viewer('t1')],
      ['another table’s editor', token.editor('t2')],
      ['rapporteur', token.rapporteur()],
    ] as const) {
      const refused = await api(server, 'POST', '/rooms/t1/comments', bearer, body)
      expect(refused.status, who).toBe(403)
      expect(((await refused.json()) as { code: string }).code, who).toBe('FORBIDDEN')
    }
    expect((await api(server, 'GET', '/rooms/t1/comments', token.editor('t2'))).status).toBe(403)
    const missing = await api(server, 'POST', '/rooms/t1/comments', token.editor('t1'), {
      text: 'Where?',
      quote: 'not in the notes',
    })
    expect(missing.status).toBe(422)
    expect(((await missing.json()) as { code: string }).code).toBe('QUOTE_NOT_FOUND')
    const tooLong = await api(server, 'POST', '/rooms/t1/comments', token.editor('t1'), {
      text: 'x'.repeat(2001),
      quote: 'classes',
    })
    expect(tooLong.status).toBe(400)
    const noComment = await api(
      server,
      'POST',
      '/rooms/t1/comments/nope/resolve',
      token.moderator(),
    )
    expect(noComment.status).toBe(404)
    expect((await api(server, 'GET', '/rooms/_synthesis/comments', token.moderator())).status).toBe(
      404,
    )
    // The read link still reads, and nothing was stored by the refusals.
    expect(await commentsOf200(server, 't1', token.viewer('t1'))).toEqual([])

    // Arabic text and comment, anchored like any other.
    await writeNotes('t2', 'دروس اللغة تنجح في المدن')
    await postComment(server, 't2', token.editor('t2'), {
      text: 'في أي مدن؟',
      quote: 'في المدن',
      author: 'أمينة',
    })
    expect(await commentsOf200(server, 't2', token.viewer('t2'))).toMatchObject([
      { author: 'أمينة', text: 'في أي مدن؟', quote: 'في المدن' },
    ])
  })

  it('refuses a stock client that writes to comments with 4422 (P13), and keeps the comment as it was', async () => {
    const server = await fixture.start()
    const honest = await writeNotes('t1', 'Detention must end')
    const { id } = await postComment(server, 't1', token.moderator(), {
      text: 'For children first?',
      quote: 'Detention',
    })
    await waitFor('the table to receive the comment', () => readComments(honest.doc).length === 1)

    const writes: Array<[string, (doc: Y.Doc) => void]> = [
      ['resolve by hand', (doc) => commentEntry(doc, id)!.set('resolved', true)],
      ['forge a comment', (doc) => commentsOf(doc).push([new Y.Map<unknown>()])],
      ['delete the comment', (doc) => commentsOf(doc).delete(0, 1)],
    ]
    for (const [kind, write] of writes) {
      const attacker = fixture.join(roomKey(SESSION, 't1'), token.editor('t1'))
      await waitForSync(attacker)
      await waitFor(
        'the attacker to hold the comment',
        () => readComments(attacker.doc).length === 1,
      )
      expect(await writeAndAwaitClose(attacker, write), kind).toBe(CloseCode.invalidUpdate)
      attacker.destroy()
    }
    // Barrier: an honest edit after the refusals is stored, so the server is done with them.
    const section = honest.doc.getXmlFragment(NOTES_FRAGMENT).get(1) as Y.XmlElement
    const paragraph = (section.get(0) as Y.XmlElement).get(0) as Y.XmlElement
    ;(paragraph.get(0) as Y.XmlText).insert(0, 'Now: ')
    await waitFor('the honest edit to be stored', () => isStoredOnServer(honest))
    const stored = await loadDoc(server.store, roomKey(SESSION, 't1'))
    expect(readComments(stored).map(({ id: each, resolved }) => ({ each, resolved }))).toEqual([
      { each: id, resolved: false },
    ])
    expect(await commentsOf200(server, 't1', token.moderator())).toHaveLength(1)
  })

  it("a table's link cannot pass for the moderator: another role's name in any language is rewritten to its own", async () => {
    const server = await fixture.start()
    await writeNotes('t1', 'Language classes work')
    const post = (bearer: string, author: string) =>
      postComment(server, 't1', bearer, { text: 'Where?', quote: 'classes', author })
    // The names other roles go by in English, French, Spanish and Arabic, whatever their case,
    // accents or invisible characters (compared as search folds text).
    for (const spoofed of [
      'Moderator',
      'moderator',
      'ORGANIZER',
      'Modérateur',
      'modérateur',
      'Moderación',
      'المشرف',
      'المنظّم',
      'Mod\u200Berator',
      '  Session rapporteur ',
      // Drawn alike: a Cyrillic М and е, a digit 0, "rn" for "m".
      '\u041Coderator',
      'Mod\u0435rator',
      'M0DERATOR',
      'rnoderator',
    ]) {
      expect(await post(token.editor('t1'), spoofed), spoofed).toMatchObject({
        author: 'Table rapporteur',
        role: 'editor',
      })
    }
    // The moderator may call themselves so, and an editor may name their own role.
    expect(await post(token.moderator(), 'Moderator')).toMatchObject({
      author: 'Moderator',
      role: 'moderator',
    })
    expect(await post(token.editor('t1'), 'Table rapporteur')).toMatchObject({
      author: 'Table rapporteur',
      role: 'editor',
    })
    // A name that only contains a role's word is a person's name; so are names in other scripts.
    for (const name of ['Moderator Ana', 'Мария', 'Amina Diallo']) {
      expect(await post(token.editor('t1'), name)).toMatchObject({ author: name, role: 'editor' })
    }
    // Replies are held to the same rule.
    const [first] = await commentsOf200(server, 't1', token.viewer('t1'))
    const replied = await postReply(server, 't1', first!.id, token.editor('t1'), {
      text: 'Agreed',
      author: 'Organisateur',
    })
    expect(replied.replies).toMatchObject([
      { author: 'Table rapporteur', role: 'editor', text: 'Agreed' },
    ])
  })

  it('takes bidi and control characters out of author names, and control characters out of texts', async () => {
    const server = await fixture.start()
    await writeNotes('t1', 'Language classes work')
    // U+202E would reverse the comment's text shown after the name.
    const comment = await postComment(server, 't1', token.editor('t1'), {
      text: 'line one\r\nline\u0000 two\tend\u0007',
      quote: 'classes',
      author: '\u2067Ali\u202E\u0000\u200F\u061C\u0085\u2069',
    })
    expect(comment).toMatchObject({ author: 'Ali', text: 'line one\nline two\tend' })
    const reply = await postReply(server, 't1', comment.id, token.moderator(), {
      text: 'ok\u001B[31m',
      author: '\u202ALucía\u202C\u200E',
    })
    expect(reply.replies).toMatchObject([{ author: 'Lucía', role: 'moderator', text: 'ok[31m' }])
    // A name of only controls is no name: the role's name is written.
    const unnamed = await postComment(server, 't1', token.editor('t1'), {
      text: 'Who?',
      quote: 'work',
      author: '\u202E\u2066\u0001',
    })
    expect(unnamed).toMatchObject({ author: 'Table rapporteur', role: 'editor' })
    // A text of only controls is refused, as is one that shows nothing (spaces, a zero-width
    // space, a bidi override), and nothing of them is stored.
    for (const text of ['\u0001\u0002', ' \u200b\u202e ']) {
      const quote = 'classes'
      const empty = await api(server, 'POST', '/rooms/t1/comments', token.editor('t1'), {
        text,
        quote,
      })
      expect(empty.status).toBe(400)
      expect(((await empty.json()) as { code: string }).code).toBe('INVALID_REQUEST')
    }
    const stored = await commentsOf200(server, 't1', token.viewer('t1'))
    expect(stored.map(({ author, text }) => ({ author, text }))).toEqual([
      { author: 'Ali', text: 'line one\nline two\tend' },
      { author: 'Table rapporteur', text: 'Who?' },
    ])
  })
})
