import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { loadDoc } from '@tablenotes/server'
import { roomKey, type VersionSummary } from '@tablenotes/shared'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { callApi } from '../helpers/api.js'
import { isStoredOnServer, type TestClient, waitFor, waitForSync } from '../helpers/clients.js'
import { readDocx } from '../helpers/docx.js'
import { answerOf, writeAnswer } from '../helpers/notes.js'
import { serverForEachTest } from '../helpers/serverForEachTest.js'
import type { TestServer } from '../helpers/startServer.js'
import { mintToken } from '../helpers/tokens.js'

const SESSION = 'test-session'
const fixture = serverForEachTest()

const organizer = () => mintToken({ sessionId: SESSION, role: 'organizer' })
const editor = (tableId: string, linkId?: string) =>
  mintToken({ sessionId: SESSION, role: 'editor', tableId }, linkId ? { linkId } : {})

/** A stock client on a table, announcing `name` as Tiptap's collaboration caret does. */
async function join(table: string, name: string, token = editor(table)): Promise<TestClient> {
  const client = fixture.join(roomKey(SESSION, table), token)
  client.provider.awareness.setLocalStateField('user', { name, color: '#336699' })
  await waitForSync(client)
  return client
}

/** The answer's paragraphs' text, joined by `|`. */
function answerText(doc: Y.Doc, questionId: string, partId?: string): string {
  return answerOf(doc, questionId, partId)
    .toArray()
    .map((node) => (node instanceof Y.XmlElement ? node.toArray().join('') : ''))
    .join('|')
}

/** A request to this session's API: `/api/sessions/<SESSION><path>`. */
const api = (
  server: TestServer,
  method: 'GET' | 'POST',
  path: string,
  token: string,
  body?: unknown,
) => callApi(server, method, `/sessions/${SESSION}${path}`, token, body)

async function versionsOf(server: TestServer, room: string, token = organizer()) {
  const response = await api(server, 'GET', `/rooms/${room}/versions`, token)
  expect(response.status).toBe(200)
  return (await response.json()) as VersionSummary[]
}

async function nameVersion(server: TestServer, label: string) {
  const response = await api(server, 'POST', '/versions', organizer(), { label })
  expect(response.status).toBe(201)
  return (await response.json()) as { label: string; versions: Array<{ room: string; id: string }> }
}

describe('history of rooms (issue 17)', () => {
  it('names a version, exports it after the answer is emptied, and restores it live and stored', async () => {
    const server = await fixture.start()
    const amina = await join('t1', 'Amina')
    await writeAnswer(amina, 'q1', ['Shelters need funding', 'Language classes work'])
    const named = await nameVersion(server, 'End of round 1')
    expect(named.versions.map((version) => version.room)).toEqual(['t1', 't2', 't3', '_synthesis'])

    const kofi = await join('t1', 'Kofi')
    await writeAnswer(kofi, 'q1', [])
    await waitFor('Amina to see the emptied answer', () => answerText(amina.doc, 'q1') === '')

    const [listed] = await versionsOf(server, 't1')
    expect(listed).toMatchObject({ label: 'End of round 1', kind: 'named', authors: ['Amina'] })
    expect(new Date(listed!.at).toISOString()).toBe(listed!.at)
    const exported = await api(
      server,
      'GET',
      `/rooms/t1/versions/${listed!.id}/export?format=md`,
      editor('t1'),
    )
    expect(exported.status).toBe(200)
    expect(await exported.text()).toContain('Shelters need funding')

    const restore = await api(
      server,
      'POST',
      `/rooms/t1/versions/${listed!.id}/restore`,
      editor('t1'),
      {},
    )
    expect(restore.status).toBe(200)
    const result = (await restore.json()) as { restored: boolean; before: VersionSummary }
    expect(result.restored).toBe(true)
    expect(result.before.kind).toBe('restore')
    const expected = 'Shelters need funding|Language classes work'
    await waitFor('both clients to see the restore', () =>
      [amina, kofi].every((client) => answerText(client.doc, 'q1') === expected),
    )
    // Stored, and the version before the restore holds the emptied answer, to undo it.
    expect(answerText(await loadDoc(server.store, `${SESSION}/t1`), 'q1')).toBe(expected)
    const versions = await versionsOf(server, 't1')
    expect(versions[0]).toMatchObject({ id: result.before.id, kind: 'restore', authors: ['Kofi'] })
    await server.stop()
    await server.restart()
    expect(answerText(await loadDoc(server.store, `${SESSION}/t1`), 'q1')).toBe(expected)
    expect((await versionsOf(server, 't1')).map((version) => version.id)).toEqual(
      versions.map((version) => version.id),
    )
  })

  it('names a version of a table nobody opened yet as its questions, and restores it', async () => {
    const server = await fixture.start()
    const named = await nameVersion(server, 'Before round 1')
    const version = named.versions.find((each) => each.room === 't2')
    const exported = await api(
      server,
      'GET',
      `/rooms/t2/versions/${version?.id}/export?format=md`,
      editor('t2'),
    )
    expect(await exported.text()).toContain('What works?')
    const amina = await join('t2', 'Amina')
    await writeAnswer(amina, 'q1', ['Written after the version'])
    const restore = await api(
      server,
      'POST',
      `/rooms/t2/versions/${version?.id}/restore`,
      editor('t2'),
      {},
    )
    expect(await restore.json()).toMatchObject({ restored: true })
    await waitFor('the answer to be empty again', () => answerText(amina.doc, 'q1') === '')
    expect(answerText(await loadDoc(server.store, `${SESSION}/t2`), 'q1')).toBe('')
  })

  it('restores one question alone, and keeps what someone types meanwhile', async () => {
    const server = await fixture.start()
    const amina = await join('t1', 'Amina')
    await writeAnswer(amina, 'q1', ['first thoughts'])
    await writeAnswer(amina, 'q2', ['national view'], 'a')
    await nameVersion(server, 'Before the debate')
    await writeAnswer(amina, 'q1', ['overwritten by mistake'])
    await writeAnswer(amina, 'q2', ['national view, revised'], 'a')
    const [version] = await versionsOf(server, 't1')

    const kofi = await join('t1', 'Kofi')
    const typed = (answerOf(kofi.doc, 'q2', 'a').get(0) as Y.XmlElement).get(0) as Y.XmlText
    const typing = (async () => {
      for (const letter of ' and more') {
        typed.insert(typed.length, letter)
        await new Promise((resolve) => setTimeout(resolve, 5))
      }
    })()
    const restore = api(server, 'POST', `/rooms/t1/versions/${version!.id}/restore`, editor('t1'), {
      question: 'q1',
    })
    const [response] = await Promise.all([restore, typing])
    expect(response.status).toBe(200)
    await waitFor('Kofi’s typing to be stored', () => isStoredOnServer(kofi))
    for (const client of [amina, kofi]) {
      await waitFor(
        'the restore and the typing to reach every client',
        () =>
          answerText(client.doc, 'q1') === 'first thoughts' &&
          answerText(client.doc, 'q2', 'a') === 'national view, revised and more',
      )
    }
    const stored = await loadDoc(server.store, `${SESSION}/t1`)
    expect(answerText(stored, 'q1')).toBe('first thoughts')
    expect(answerText(stored, 'q2', 'a')).toBe('national view, revised and more')
  })

  it('credits writing to the connection that sent it, not to a name another one announces', async () => {
    const server = await fixture.start()
    const amina = await join('t1', 'Amina', editor('t1', 'link-amina'))
    await writeAnswer(amina, 'q1', ['Amina wrote this'])
    const aminaClock = Y.decodeStateVector(Y.encodeStateVector(amina.doc)).get(amina.doc.clientID)!
    // Someone on another link announces Amina's name and edits the same answer.
    const impostor = await join('t1', 'Amina', editor('t1', 'link-impostor'))
    await writeAnswer(impostor, 'q1', ['Amina wrote this', 'and the impostor this'])
    const kofi = await join('t1', 'Kofi', editor('t1', 'link-kofi'))
    await writeAnswer(kofi, 'q2', ['Kofi’s part'], 'b')

    const named = await nameVersion(server, 'Round 1')
    const t1 = named.versions.find((version) => version.room === 't1')!
    const [listed] = await versionsOf(server, 't1')
    expect(listed?.id).toBe(t1.id)
    expect(listed?.authors).toEqual(['Amina', 'Kofi'])

    const spans = await server.store.loadAuthorship(`${SESSION}/t1`)
    const owners = (client: TestClient) =>
      new Set(spans.filter((span) => span.client === client.doc.clientID).map((s) => s.linkId))
    // Amina's items, every clock of them, are credited to her link alone.
    const aminaSpans = spans.filter((span) => span.client === amina.doc.clientID)
    expect(owners(amina)).toEqual(new Set(['link-amina']))
    expect(Math.min(...aminaSpans.map((span) => span.clockFrom))).toBe(0)
    expect(Math.max(...aminaSpans.map((span) => span.clockTo))).toBe(aminaClock)
    expect(owners(impostor)).toEqual(new Set(['link-impostor']))
    expect(owners(kofi)).toEqual(new Set(['link-kofi']))
    expect(spans.find((span) => span.linkId === 'link-kofi')?.name).toBe('Kofi')
  })

  it('says who wrote each paragraph from what each connection sent', async () => {
    const server = await fixture.start()
    const amina = await join('t1', 'Amina', editor('t1', 'link-amina'))
    await writeAnswer(amina, 'q1', ['Amina opened this'])
    const kofi = await join('t1', 'Kofi', editor('t1', 'link-kofi'))
    await waitFor('Kofi to see it', () => answerText(kofi.doc, 'q1') === 'Amina opened this')
    const first = (answerOf(kofi.doc, 'q1').get(0) as Y.XmlElement).get(0) as Y.XmlText
    first.insert(first.length, ', Kofi added')
    await waitFor('Kofi’s words to be stored', () => isStoredOnServer(kofi))
    // Another link announces Amina's name: its own words are its link's, hers stay hers.
    const impostor = await join('t1', 'Amina', editor('t1', 'link-impostor'))
    await writeAnswer(impostor, 'q2', ['the impostor wrote'], 'a')

    const response = await api(server, 'GET', '/rooms/t1/authors', editor('t1'))
    expect(response.status).toBe(200)
    const paragraphs = (await response.json()) as Array<{
      questionId: string
      partId: string | null
      authors: Array<{ name: string; linkId: string; characters: number }>
    }>
    const q1 = paragraphs.find((p) => p.questionId === 'q1' && p.partId === null)
    expect(q1?.authors).toEqual([
      { name: 'Amina', linkId: 'link-amina', characters: 'Amina opened this'.length },
      { name: 'Kofi', linkId: 'link-kofi', characters: ', Kofi added'.length },
    ])
    const q2a = paragraphs.find((p) => p.questionId === 'q2' && p.partId === 'a')
    expect(q2a?.authors).toEqual([
      { name: 'Amina', linkId: 'link-impostor', characters: 'the impostor wrote'.length },
    ])
    const t2 = await api(server, 'GET', '/rooms/t2/authors', editor('t1'))
    expect(t2.status).toBe(403)
  })

  it('opens a version with what changed since the previous one, insertions by author, deletions struck', async () => {
    const server = await fixture.start()
    const amina = await join('t1', 'Amina', editor('t1', 'link-amina'))
    await writeAnswer(amina, 'q1', ['Shelters need funding now', 'Language classes work'])
    const first = await nameVersion(server, 'Round 1')
    const kofi = await join('t1', 'Kofi', editor('t1', 'link-kofi'))
    await waitFor('Kofi to see Amina’s notes', () => answerText(kofi.doc, 'q1').includes('classes'))
    const q1 = answerOf(kofi.doc, 'q1')
    const text = (q1.get(0) as Y.XmlElement).get(0) as Y.XmlText
    kofi.doc.transact(() => {
      text.delete('Shelters need '.length, 'funding '.length)
      text.insert('Shelters need '.length, 'city land ')
      q1.delete(1, 1)
    })
    await waitFor('Kofi’s edit to be stored', () => isStoredOnServer(kofi))
    const second = await nameVersion(server, 'Round 2')
    const idOf = (named: typeof first) => named.versions.find((v) => v.room === 't1')!.id

    type Changes = {
      version: VersionSummary
      previous: VersionSummary | null
      sections: Array<{
        questionId: string | null
        partId: string | null
        blocks: Array<{ runs: Array<{ text: string; change: string; author: string | null }> }>
      }>
    }
    const changesOf = async (id: string) => {
      const response = await api(server, 'GET', `/rooms/t1/versions/${id}/changes`, editor('t1'))
      expect(response.status).toBe(200)
      return (await response.json()) as Changes
    }
    const q1Of = (changes: Changes) =>
      changes.sections.find((s) => s.questionId === 'q1' && s.partId === null)!.blocks

    const latest = await changesOf(idOf(second))
    expect(latest.version.label).toBe('Round 2')
    expect(latest.previous?.label).toBe('Round 1')
    expect(q1Of(latest)).toEqual([
      {
        runs: [
          { text: 'Shelters need ', change: 'kept', author: null },
          { text: 'funding ', change: 'deleted', author: null },
          { text: 'city land ', change: 'inserted', author: 'Kofi' },
          { text: 'now', change: 'kept', author: null },
        ],
      },
      { runs: [{ text: 'Language classes work', change: 'deleted', author: null }] },
    ])
    // The room's first version has no previous one: all its writing is new, and Amina's.
    const opening = await changesOf(idOf(first))
    expect(opening.previous).toBeNull()
    expect(q1Of(opening)).toEqual([
      { runs: [{ text: 'Shelters need funding now', change: 'inserted', author: 'Amina' }] },
      { runs: [{ text: 'Language classes work', change: 'inserted', author: 'Amina' }] },
    ])
    // A version of another room is not found here; another table's link cannot read it.
    const t2Version = first.versions.find((v) => v.room === 't2')!.id
    expect(
      (await api(server, 'GET', `/rooms/t1/versions/${t2Version}/changes`, editor('t1'))).status,
    ).toBe(404)
    expect(
      (await api(server, 'GET', `/rooms/t1/versions/${idOf(first)}/changes`, editor('t2'))).status,
    ).toBe(403)
    // The same version id written another way names no version, on every route alike.
    for (const written of [`0${idOf(first)}`, `${idOf(first)}.0`, `+${idOf(first)}`]) {
      for (const [method, route] of [
        ['GET', 'changes'],
        ['GET', 'export?format=md'],
        ['POST', 'restore'],
      ] as const) {
        const response = await api(
          server,
          method,
          `/rooms/t1/versions/${written}/${route}`,
          editor('t1'),
        )
        expect([route, written, response.status]).toEqual([route, written, 400])
      }
    }
  })

  it('names the writers of each table’s contribution in the compiled synthesis, in every format', async () => {
    const server = await fixture.start()
    const amina = await join('t1', 'Amina', editor('t1', 'link-amina'))
    await writeAnswer(amina, 'q1', ['Amina wrote the longest part of this'])
    const kofi = await join('t1', 'Kofi', editor('t1', 'link-kofi'))
    await waitFor('Kofi to see it', () => answerText(kofi.doc, 'q1').includes('longest'))
    const first = (answerOf(kofi.doc, 'q1').get(0) as Y.XmlElement).get(0) as Y.XmlText
    first.insert(first.length, ', and Kofi')
    await waitFor('Kofi’s words to be stored', () => isStoredOnServer(kofi))
    const lena = await join('t2', 'Lena', editor('t2', 'link-lena'))
    await writeAnswer(lena, 'q1', ['Lena’s table agrees'])
    // Amina reloads her page and writes again: a new Yjs client, the same person.
    const aminaAgain = await join('t1', 'Amina', editor('t1', 'link-amina'))
    await writeAnswer(aminaAgain, 'q2', ['Amina after a reload'])

    const rapporteur = mintToken({ sessionId: SESSION, role: 'rapporteur' })
    expect((await api(server, 'POST', '/synthesis/compile', rapporteur)).status).toBe(200)
    const exported = async (format: string) => {
      const response = await api(server, 'GET', `/synthesis/export?format=${format}`, rapporteur)
      expect(response.status).toBe(200)
      return response
    }
    for (const format of ['md', 'html']) {
      const text = await (await exported(format)).text()
      expect(text, format).toContain('— written by Amina, Kofi')
      expect(text, format).toContain('— written by Lena')
      // People, not page loads: Amina's two connections and Kofi's are two people.
      expect(text, format).toMatch(/Table one[^;\n<]*: 2 contributors/)
      expect(text, format).toMatch(/Table two[^;\n<]*: 1 contributor\b/)
    }
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'h20-')), 'synthesis.docx')
    await writeFile(file, Buffer.from(await (await exported('docx')).arrayBuffer()))
    const { text } = readDocx(file)
    expect(text).toContain('— written by Amina, Kofi')
    expect(text).toContain('— written by Lena')
    await rm(path.dirname(file), { recursive: true })
  })

  it('credits writing done before a name is announced to the name that connection announces', async () => {
    const server = await fixture.start()
    // Two connections of one shared edit link: only the one that names itself gets the name.
    const early = fixture.join(roomKey(SESSION, 't1'), editor('t1', 'link-shared'))
    const other = fixture.join(roomKey(SESSION, 't1'), editor('t1', 'link-shared'))
    await Promise.all([waitForSync(early), waitForSync(other)])
    await writeAnswer(early, 'q1', ['typed before any name'])
    await writeAnswer(other, 'q2', ['never named'], 'a')
    early.provider.awareness.setLocalStateField('user', { name: 'Nadia', color: '#336699' })
    // A barrier: once the presence reached the server, so did the name.
    const watcher = await join('t1', 'Watcher')
    await waitFor('the name to reach the server', () =>
      [...watcher.provider.awareness.getStates().values()].some(
        (state) => (state as { user?: { name?: string } }).user?.name === 'Nadia',
      ),
    )
    const response = await api(server, 'GET', '/rooms/t1/authors', editor('t1'))
    const paragraphs = (await response.json()) as Array<{
      questionId: string
      partId: string | null
      authors: Array<{ name: string | null; linkId: string }>
    }>
    const q1 = paragraphs.find((p) => p.questionId === 'q1' && p.partId === null)
    expect(q1?.authors.map((author) => author.name)).toEqual(['Nadia'])
    const q2a = paragraphs.find((p) => p.questionId === 'q2' && p.partId === 'a')
    expect(q2a?.authors.map((author) => author.name)).toEqual([null])
  })

  it('lets a read link list and export but not restore, and keeps each table to its own links', async () => {
    const server = await fixture.start()
    const amina = await join('t1', 'Amina')
    await writeAnswer(amina, 'q1', ['table one notes'])
    await nameVersion(server, 'Round 1')
    const viewer = mintToken({ sessionId: SESSION, role: 'viewer', tableId: 't1' })
    const [version] = await versionsOf(server, 't1', viewer)
    const exported = await api(
      server,
      'GET',
      `/rooms/t1/versions/${version!.id}/export?format=html`,
      viewer,
    )
    expect(exported.status).toBe(200)
    expect(await exported.text()).toContain('table one notes')

    const restoreBy = (token: string, room = 't1', id = version!.id) =>
      api(server, 'POST', `/rooms/${room}/versions/${id}/restore`, token, {})
    expect((await restoreBy(viewer)).status).toBe(403)
    const moderator = mintToken({ sessionId: SESSION, role: 'moderator' })
    expect((await restoreBy(moderator)).status).toBe(403)
    expect((await api(server, 'GET', '/rooms/t2/versions', editor('t1'))).status).toBe(403)
    expect((await api(server, 'GET', '/rooms/t2/versions', viewer)).status).toBe(403)
    const [t2] = await versionsOf(server, 't2')
    expect((await restoreBy(editor('t1'), 't2', t2!.id)).status).toBe(403)
    expect(
      (await api(server, 'GET', `/rooms/t2/versions/${t2!.id}/export`, editor('t1'))).status,
    ).toBe(403)
    // A version id of another room is not found in this one.
    expect((await restoreBy(editor('t1'), 't1', t2!.id)).status).toBe(404)
    expect((await api(server, 'GET', '/rooms/_control/versions', organizer())).status).toBe(404)
    expect((await api(server, 'POST', '/versions', editor('t1'), { label: 'x' })).status).toBe(403)
    expect(
      (await api(server, 'POST', '/versions', moderator, { label: 'By the wall' })).status,
    ).toBe(201)
    expect((await api(server, 'POST', '/versions', organizer(), {})).status).toBe(400)
    expect((await api(server, 'GET', '/rooms/t1/versions', 'not a token')).status).toBe(401)
    const unknownQuestion = await api(
      server,
      'POST',
      `/rooms/t1/versions/${version!.id}/restore`,
      editor('t1'),
      { question: 'q9' },
    )
    expect(unknownQuestion.status).toBe(404)
  })

  it('refuses a table’s restore while the round is locked, and restores once unlocked', async () => {
    const server = await fixture.start()
    const amina = await join('t1', 'Amina')
    await writeAnswer(amina, 'q1', ['before the lock'])
    await nameVersion(server, 'Round 1')
    await writeAnswer(amina, 'q1', ['changed'])
    const [version] = await versionsOf(server, 't1')
    const control = fixture.join(`${SESSION}/_control`, organizer())
    await waitForSync(control)
    const setLocked = async (locked: boolean) => {
      control.doc.getMap('control').set('locked', locked)
      await waitFor('the lock to be stored', () => isStoredOnServer(control))
      await waitFor('Amina to hear of it', () => amina.access.at(-1) === !locked)
    }
    await setLocked(true)
    const restore = () =>
      api(server, 'POST', `/rooms/t1/versions/${version!.id}/restore`, organizer(), {})
    const refused = await restore()
    expect(refused.status).toBe(423)
    expect(answerText(await loadDoc(server.store, `${SESSION}/t1`), 'q1')).toBe('changed')
    await setLocked(false)
    expect((await restore()).status).toBe(200)
    await waitFor('the restore', () => answerText(amina.doc, 'q1') === 'before the lock')
  })

  it('takes a version after a pause in a room’s writing', async () => {
    const server = await fixture.start({ versionAfterPauseMs: 200, versionEveryMs: 600_000 })
    const amina = await join('t1', 'Amina')
    await writeAnswer(amina, 'q1', ['typed, then a pause'])
    await waitFor('an automatic version', async () => (await versionsOf(server, 't1')).length === 1)
    const [version] = await versionsOf(server, 't1')
    expect(version).toMatchObject({ label: null, kind: 'auto', authors: ['Amina'] })
  })

  it('takes versions while writing never pauses, at the longest interval', async () => {
    const server = await fixture.start({ versionAfterPauseMs: 600_000, versionEveryMs: 300 })
    const amina = await join('t1', 'Amina')
    await writeAnswer(amina, 'q1', [''])
    const typed = (answerOf(amina.doc, 'q1').get(0) as Y.XmlElement).get(0) as Y.XmlText
    let versions: VersionSummary[] = []
    await waitFor(
      'two automatic versions while typing goes on',
      async () => {
        typed.insert(typed.length, 'a')
        await new Promise((resolve) => setTimeout(resolve, 20))
        versions = await versionsOf(server, 't1')
        return versions.length >= 2
      },
      60_000,
    )
    expect(versions.every((version) => version.kind === 'auto')).toBe(true)
  })

  it('keeps the writing of a room that unloads before its pause ends in a version', async () => {
    const server = await fixture.start({ versionAfterPauseMs: 600_000, idleUnloadMs: 50 })
    const amina = await join('t1', 'Amina')
    await writeAnswer(amina, 'q1', ['written just before leaving'])
    amina.provider.disconnect()
    await waitFor(
      'the version taken on unload',
      async () => (await versionsOf(server, 't1')).length === 1,
    )
    const [version] = await versionsOf(server, 't1')
    const stored = await server.store.getVersion(`${SESSION}/t1`, version!.id)
    const doc = new Y.Doc()
    Y.applyUpdate(doc, stored!.state)
    expect(answerText(doc, 'q1')).toBe('written just before leaving')
  })

  it('credits a resent text to nobody new: only what an update adds counts', async () => {
    const server = await fixture.start()
    const amina = await join('t1', 'Amina', editor('t1', 'link-amina'))
    await writeAnswer(amina, 'q1', ['Amina wrote this'])
    // Another connection sends the whole document again, as a client does after a crash lost
    // the server's spans, while announcing another name.
    const mallory = await join('t1', 'Mallory', editor('t1', 'link-mallory'))
    mallory.provider.ws?.send(
      new Uint8Array([0, 2, ...encodeLength(Y.encodeStateAsUpdate(amina.doc))]),
    )
    // A later edit of Mallory's own, on the same socket, is the barrier: the server handles
    // messages in order, so once it is stored the resent update was handled.
    await writeAnswer(mallory, 'q2', ['Mallory’s own'], 'a')
    // The authors route stores the spans gathered so far before it answers.
    expect((await api(server, 'GET', '/rooms/t1/authors', organizer())).status).toBe(200)
    const spans = await server.store.loadAuthorship(`${SESSION}/t1`)
    const aminaItems = spans.filter((span) => span.client === amina.doc.clientID)
    expect(new Set(aminaItems.map((span) => span.linkId))).toEqual(new Set(['link-amina']))
  })

  it('stores no new version for a repeated restore, and refuses the 11th in a minute', async () => {
    const server = await fixture.start()
    const amina = await join('t1', 'Amina')
    await writeAnswer(amina, 'q1', ['kept'])
    const [version] = (await nameVersion(server, 'Round 1')).versions
    const restore = () =>
      api(server, 'POST', `/rooms/t1/versions/${version!.id}/restore`, editor('t1', 'link-x'), {})
    const befores = new Set<string>()
    for (let attempt = 0; attempt < 10; attempt++) {
      const response = await restore()
      expect(response.status).toBe(200)
      befores.add(((await response.json()) as { before: VersionSummary }).before.id)
    }
    // Nothing changed between them: each "before" is the version already stored.
    expect(befores).toEqual(new Set([version!.id]))
    expect(await versionsOf(server, 't1')).toHaveLength(1)
    const refused = await restore()
    expect(refused.status).toBe(429)
    expect(await refused.json()).toMatchObject({ code: 'TOO_MANY_REQUESTS' })
  })
})

/** `bytes` prefixed with its length as a lib0 varuint, as y-protocols writes a byte array. */
function encodeLength(bytes: Uint8Array): number[] {
  const prefix: number[] = []
  let length = bytes.length
  while (length > 0x7f) {
    prefix.push((length & 0x7f) | 0x80)
    length >>>= 7
  }
  prefix.push(length)
  return [...prefix, ...bytes]
}
