import { randomBytes } from 'node:crypto'
import {
  addedRanges,
  type CapabilityLink,
  RoomHistory,
  type Store,
  type StoredUpdate,
} from '@tablenotes/server'
import type { Role, Session } from '@tablenotes/shared'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { testSession } from '../helpers/fixtures.js'

/** How the contract reaches one backend; `location` is opaque (a file path, a database name…). */
export interface StoreBackend {
  open(location: string): Promise<Store>
  /** A fresh, empty location; every test gets its own. */
  newLocation(): Promise<string>
  /** Removes whatever `newLocation` created, after every store on it is closed. */
  cleanup(location: string): Promise<void>
}

const TEXT = 'notes'
/**
 * More seqs than one statement may bind (SQLite 32,766 variables, PostgreSQL 65,535 parameters),
 * so a backend that passes them as one parameter each fails here.
 */
const MANY_ROWS = 70_000

/** A writer of real Yjs edits: each call types `text` at the end and returns that edit alone. */
function createTypist(clientID: number): (text: string) => Uint8Array {
  const doc = new Y.Doc()
  doc.clientID = clientID
  return (text) => {
    const before = Y.encodeStateVector(doc)
    const ytext = doc.getText(TEXT)
    ytext.insert(ytext.length, text)
    return Y.encodeStateAsUpdate(doc, before)
  }
}

function docOf(rows: readonly StoredUpdate[]): Y.Doc {
  const doc = new Y.Doc()
  for (const { update } of rows) Y.applyUpdate(doc, update)
  return doc
}

function textOf(rows: readonly StoredUpdate[]): string {
  return docOf(rows).getText(TEXT).toString()
}

function snapshotOf(rows: readonly StoredUpdate[]): Uint8Array {
  return Y.encodeStateAsUpdate(docOf(rows))
}

/**
 * Compacts `rows` of `room`, as one store loaded them, into one snapshot of their content, as the
 * server's Compactor does; resolves with that snapshot.
 */
async function compactRows(
  store: Store,
  room: string,
  rows: readonly StoredUpdate[],
): Promise<Uint8Array> {
  const snapshot = snapshotOf(rows)
  await store.compactRoom(
    room,
    rows.map((row) => row.seq),
    snapshot,
  )
  return snapshot
}

function link(id: string, role: Role, tableId: string | null, createdAt: number): CapabilityLink {
  return {
    id,
    sessionId: testSession.id,
    role,
    tableId,
    createdAt,
    expiresAt: null,
    revokedAt: null,
  }
}

function expectIncreasing(seqs: readonly number[]): void {
  for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBeGreaterThan(seqs[i - 1]!)
}

/**
 * The behaviour the room registry relies on, run against every backend so that SQLite and
 * PostgreSQL cannot drift apart. Stored bytes are compared with `toStrictEqual`, which also
 * requires a plain Uint8Array: a Buffer (what drivers return) has a different `slice`.
 */
export function describeStoreContract(name: string, backend: StoreBackend): void {
  describe(`${name} store contract`, () => {
    let location: string
    let stores: Store[] = []

    async function open(): Promise<Store> {
      const store = await backend.open(location)
      stores.push(store)
      return store
    }

    /**
     * Two stores open on the test's location at once, as two server instances on one database,
     * each with a typist of its own (client ids 1 and 2).
     */
    async function openTwoInstances() {
      const first = { store: await open(), type: createTypist(1) }
      const second = { store: await open(), type: createTypist(2) }
      return [first, second] as const
    }

    beforeEach(async () => {
      location = await backend.newLocation()
    })

    afterEach(async () => {
      for (const store of stores) await store.close()
      stores = []
      await backend.cleanup(location)
    })

    it('starts empty: a new room loads nothing and no room is listed', async () => {
      const store = await open()
      expect(await store.loadRoom('s/t1')).toEqual([])
      expect(await store.listRooms()).toEqual([])
      expect(await store.listSessions()).toEqual([])
    })

    it('loads appended updates byte for byte, in order, with increasing seqs', async () => {
      const store = await open()
      const type = createTypist(1)
      const other = createTypist(2)
      const edits = [type('Hello'), type(', '), type('world')]
      await store.appendUpdates([{ room: 's/t1', update: edits[0]! }])
      await store.appendUpdates([{ room: 's/t2', update: other('elsewhere') }])
      await store.appendUpdates([
        { room: 's/t1', update: edits[1]! },
        { room: 's/t1', update: edits[2]! },
      ])

      const rows = await store.loadRoom('s/t1')
      expect(rows.map((row) => row.update)).toStrictEqual(edits)
      expectIncreasing(rows.map((row) => row.seq))
      expect(textOf(rows)).toBe('Hello, world')
      expect(textOf(await store.loadRoom('s/t2'))).toBe('elsewhere')
    })

    it('reads a commit back at once and counts it on disk only after a flush covering it', async () => {
      const store = await open()
      const type = createTypist(1)
      const before = { ...store.progress }
      await store.commitUpdates([{ room: 's/t1', update: type('committed') }])
      expect(textOf(await store.loadRoom('s/t1'))).toBe('committed')
      expect(store.progress.committed).toBe(before.committed + 1)
      // Two flushes asked for while the commit is not on disk: both resolve with it on disk.
      await Promise.all([store.syncToDisk(), store.syncToDisk()])
      expect(store.progress.onDisk).toBe(store.progress.committed)
      await store.commitUpdates([{ room: 's/t1', update: type(', then flushed') }])
      expect(store.progress.onDisk).toBe(store.progress.committed - 1)
      await store.syncToDisk()
      expect(store.progress.onDisk).toBe(store.progress.committed)
      expect(textOf(await store.loadRoom('s/t1'))).toBe('committed, then flushed')
    })

    it('stores only the bytes of an update that is a view into a larger buffer', async () => {
      const store = await open()
      const backing = new Uint8Array([9, 9, 1, 2, 3, 9, 9])
      await store.appendUpdates([{ room: 's/t1', update: backing.subarray(2, 5) }])
      const [row] = await store.loadRoom('s/t1')
      expect(row?.update).toStrictEqual(new Uint8Array([1, 2, 3]))
    })

    it('splits one append of several rooms by room and lists the rooms sorted', async () => {
      const store = await open()
      const typists = { 's/c': createTypist(1), 's/a': createTypist(2), 's/b': createTypist(3) }
      const updates = ['one', 'two', 'three'].flatMap((word) =>
        Object.entries(typists).map(([room, type]) => ({ room, update: type(`${room}:${word} `) })),
      )
      await store.appendUpdates(updates)

      for (const room of Object.keys(typists)) {
        const rows = await store.loadRoom(room)
        expect(rows.map((row) => row.update)).toStrictEqual(
          updates.filter((u) => u.room === room).map((u) => u.update),
        )
        expect(textOf(rows)).toBe(`${room}:one ${room}:two ${room}:three `)
      }
      expect(await store.listRooms()).toEqual(['s/a', 's/b', 's/c'])
    })

    it('keeps documents and sessions across close and reopen', async () => {
      const type = createTypist(1)
      const first = await open()
      await first.appendUpdates([{ room: 's/t1', update: type('kept') }])
      await first.putSession(testSession)
      const before = await first.loadRoom('s/t1')
      await first.close()

      const second = await open()
      expect(await second.loadRoom('s/t1')).toStrictEqual(before)
      expect(await second.getSession(testSession.id)).toEqual(testSession)
      expect(await second.listRooms()).toEqual(['s/t1'])
      await second.appendUpdates([{ room: 's/t1', update: type(' and more') }])
      const after = await second.loadRoom('s/t1')
      expectIncreasing(after.map((row) => row.seq))
      expect(textOf(after)).toBe('kept and more')
    })

    it('compacts 50 edits into one snapshot with the same content', async () => {
      const store = await open()
      const type = createTypist(1)
      const words = Array.from({ length: 50 }, (_, i) => `w${i} `)
      for (const word of words) await store.appendUpdates([{ room: 's/t1', update: type(word) }])
      await store.appendUpdates([{ room: 's/t2', update: createTypist(2)('untouched') }])

      const rows = await store.loadRoom('s/t1')
      expect(rows).toHaveLength(50)
      const snapshot = await compactRows(store, 's/t1', rows)

      const compacted = await store.loadRoom('s/t1')
      expect(compacted).toHaveLength(1)
      expect(compacted[0]?.update).toStrictEqual(snapshot)
      expect(textOf(compacted)).toBe(words.join(''))
      expect(textOf(await store.loadRoom('s/t2'))).toBe('untouched')
    })

    it('loses nothing when two instances compact one room at once while edits arrive', async () => {
      const [first, second] = await openTwoInstances()
      const words: string[] = []
      for (let n = 0; n < 40; n++) {
        words.push(`a${n} `)
        await first.store.appendUpdates([{ room: 's/t1', update: first.type(`a${n} `) }])
      }
      const [seenByFirst, seenBySecond] = await Promise.all([
        first.store.loadRoom('s/t1'),
        second.store.loadRoom('s/t1'),
      ])
      const racing: Promise<unknown>[] = [
        compactRows(first.store, 's/t1', seenByFirst),
        compactRows(second.store, 's/t1', seenBySecond),
      ]
      for (let n = 0; n < 10; n++) {
        words.push(`b${n} `)
        racing.push(second.store.appendUpdates([{ room: 's/t1', update: second.type(`b${n} `) }]))
      }
      await Promise.all(racing)

      const text = textOf(await first.store.loadRoom('s/t1'))
      for (const word of words) expect(text.split(word).length - 1, word).toBe(1)
    })

    it('keeps an edit appended between loading and compacting', async () => {
      const store = await open()
      const type = createTypist(1)
      await store.appendUpdates([{ room: 's/t1', update: type('early ') }])
      await store.appendUpdates([{ room: 's/t1', update: type('middle ') }])
      const loaded = await store.loadRoom('s/t1')

      const late = type('late')
      await store.appendUpdates([{ room: 's/t1', update: late }])
      await compactRows(store, 's/t1', loaded)

      const rows = await store.loadRoom('s/t1')
      expect(rows).toHaveLength(2)
      expect(rows.some((row) => Buffer.from(row.update).equals(late))).toBe(true)
      expect(textOf(rows)).toBe('early middle late')
    })

    it('deletes exactly the given seqs, not the range between them', async () => {
      const store = await open()
      const type = createTypist(1)
      for (const word of ['first ', 'second ', 'third']) {
        await store.appendUpdates([{ room: 's/t1', update: type(word) }])
      }
      const [first, second, third] = await store.loadRoom('s/t1')
      // As if `second` had committed late, after a compactor loaded `first` and `third`.
      await store.compactRoom('s/t1', [first!.seq, third!.seq], snapshotOf([first!, third!]))

      const rows = await store.loadRoom('s/t1')
      expect(rows).toHaveLength(2)
      expect(rows).toContainEqual(second)
      expect(textOf(rows)).toBe('first second third')
    })

    it('deletes only rows of the compacted room, whatever seqs it is given', async () => {
      const store = await open()
      await store.appendUpdates([{ room: 's/t2', update: createTypist(2)('other room') }])
      const [foreign] = await store.loadRoom('s/t2')
      const type = createTypist(1)
      await store.appendUpdates([{ room: 's/t1', update: type('mine') }])
      const own = await store.loadRoom('s/t1')

      await store.compactRoom('s/t1', [...own.map((row) => row.seq), foreign!.seq], snapshotOf(own))
      expect(await store.loadRoom('s/t2')).toStrictEqual([foreign])
      expect(textOf(await store.loadRoom('s/t1'))).toBe('mine')
    })

    it('shows appends of two stores open on one location to both', async () => {
      const [a, b] = await openTwoInstances()
      for (let i = 0; i < 5; i++) {
        await a.store.appendUpdates([{ room: 's/t1', update: a.type(`a${i}`) }])
        await b.store.appendUpdates([
          { room: 's/t1', update: b.type(`b${i}`) },
          { room: 's/t2', update: createTypist(100 + i)(`x${i}`) },
        ])
      }

      for (const { store } of [a, b]) {
        const rows = await store.loadRoom('s/t1')
        expect(rows).toHaveLength(10)
        expectIncreasing(rows.map((row) => row.seq))
        const text = textOf(rows)
        expect(text.replace(/b\d/g, '')).toBe('a0a1a2a3a4')
        expect(text.replace(/a\d/g, '')).toBe('b0b1b2b3b4')
        expect(await store.loadRoom('s/t2')).toHaveLength(5)
        expect(await store.listRooms()).toEqual(['s/t1', 's/t2'])
      }
    })

    it('round-trips a 1 MiB update intact', async () => {
      const store = await open()
      const big = new Uint8Array(randomBytes(1024 * 1024))
      await store.appendUpdates([{ room: 's/t1', update: big }])
      const rows = await store.loadRoom('s/t1')
      expect(rows).toHaveLength(1)
      expect(rows[0]?.update.byteLength).toBe(big.byteLength)
      expect(Buffer.from(rows[0]!.update).equals(big)).toBe(true)
    })

    it('stores, replaces and lists sessions', async () => {
      const store = await open()
      const other: Session = { ...testSession, id: 'another-session', title: 'Another' }
      await store.putSession(testSession)
      await store.putSession(other)
      expect(await store.getSession(testSession.id)).toEqual(testSession)

      const renamed: Session = {
        ...testSession,
        questions: [{ id: 'q1', text: 'What works well?' }, ...testSession.questions.slice(1)],
      }
      await store.putSession(renamed)
      expect(await store.getSession(testSession.id)).toEqual(renamed)
      expect(await store.listSessions()).toEqual([other, renamed])
      expect(await store.getSession('no-such-session')).toBeUndefined()
    })

    it('stores links, lists them per session oldest first, and gets one by id', async () => {
      const store = await open()
      const organizer = link('org-1', 'organizer', null, 1_000)
      const editor = link('ed-1', 'editor', 't1', 2_000)
      const elsewhere = { ...link('ed-2', 'editor', 't1', 1_500), sessionId: 'another-session' }
      for (const each of [editor, organizer, elsewhere]) await store.putLink(each)
      expect(await store.listLinks(testSession.id)).toEqual([organizer, editor])
      expect(await store.getLink('ed-2')).toEqual(elsewhere)
      expect(await store.getLink('nope')).toBeUndefined()
    })

    it('revokes a link once, and reports revocations since a moment to another store', async () => {
      const store = await open()
      const beside = await open()
      await store.putLink(link('a', 'viewer', 't1', 1))
      await store.putLink(link('b', 'moderator', null, 2))
      expect(await beside.revokedSince(0)).toEqual([])

      expect((await store.revokeLink('a', 5_000))?.revokedAt).toBe(5_000)
      expect((await store.revokeLink('a', 9_000))?.revokedAt).toBe(5_000)
      expect(await store.revokeLink('nope', 9_000)).toBeUndefined()
      await store.revokeLink('b', 7_000)

      expect(await beside.revokedSince(0)).toEqual([
        { id: 'a', revokedAt: 5_000 },
        { id: 'b', revokedAt: 7_000 },
      ])
      expect(await beside.revokedSince(6_000)).toEqual([{ id: 'b', revokedAt: 7_000 }])
      expect((await beside.getLink('b'))?.revokedAt).toBe(7_000)
    })

    it('keeps when each room last stored a client’s update, past compaction and reopening', async () => {
      const store = await open()
      const type = createTypist(1)
      const before = Date.now()
      // The server's own updates (a seed) are not edits; clients' are.
      await store.appendUpdates([{ room: 's/t1', update: type('seed') }])
      expect(await store.lastEdits(['s/t1'])).toEqual(new Map())
      await store.appendUpdates([
        { room: 's/t1', update: type(' typed'), fromClient: true },
        { room: 's/t1', update: type(' twice'), fromClient: true },
        { room: 's/t2', update: createTypist(2)('server only') },
      ])
      const edited = (await store.lastEdits(['s/t1', 's/t2', 's/t3'])).get('s/t1')
      expect(edited).toBeGreaterThanOrEqual(before)
      expect(edited).toBeLessThanOrEqual(Date.now())
      expect([...(await store.lastEdits(['s/t1', 's/t2', 's/t3'])).keys()]).toEqual(['s/t1'])

      const rows = await store.loadRoom('s/t1')
      await compactRows(store, 's/t1', rows)
      await store.close()
      const reopened = await open()
      expect((await reopened.lastEdits(['s/t1'])).get('s/t1')).toBe(edited)
      expect(await reopened.lastEdits([])).toEqual(new Map())
    })

    it('takes a copied store’s last edits, keeping the later of two times', async () => {
      const store = await open()
      await store.putLastEdits(new Map([['s/t1', 1_700_000_000_000]]))
      await store.putLastEdits(new Map())
      expect(await store.lastEdits(['s/t1', 's/t2'])).toEqual(
        new Map([['s/t1', 1_700_000_000_000]]),
      )
      await store.putLastEdits(
        new Map([
          ['s/t1', 1_600_000_000_000],
          ['s/t2', 1_800_000_000_000],
        ]),
      )
      await store.close()
      const reopened = await open()
      expect(await reopened.lastEdits(['s/t1', 's/t2'])).toEqual(
        new Map([
          ['s/t1', 1_700_000_000_000],
          ['s/t2', 1_800_000_000_000],
        ]),
      )
    })

    it('leaves the room unchanged when compacting no seqs', async () => {
      const store = await open()
      const type = createTypist(1)
      await store.appendUpdates([{ room: 's/t1', update: type('one') }])
      await store.appendUpdates([{ room: 's/t1', update: type('two') }])
      const before = await store.loadRoom('s/t1')

      await store.compactRoom('s/t1', [], snapshotOf(before))
      expect(await store.loadRoom('s/t1')).toStrictEqual(before)
      await store.compactRoom('s/new', [], createTypist(2)('ghost'))
      expect(await store.listRooms()).toEqual(['s/t1'])
    })

    it(`compacts ${MANY_ROWS} rows at once`, async () => {
      const store = await open()
      const doc = new Y.Doc()
      const updates: Uint8Array[] = []
      doc.on('update', (update: Uint8Array) => updates.push(update))
      // Typing at the start: appending to the end of a long Y.Text gets slower with every edit.
      for (let i = 0; i < MANY_ROWS; i++) doc.getText(TEXT).insert(0, `${i},`)
      await store.appendUpdates(updates.map((update) => ({ room: 's/t1', update })))
      const rows = await store.loadRoom('s/t1')
      expect(rows).toHaveLength(MANY_ROWS)

      await compactRows(store, 's/t1', rows)
      const compacted = await store.loadRoom('s/t1')
      expect(compacted).toHaveLength(1)
      expect(textOf(compacted)).toBe(doc.getText(TEXT).toString())
    })
    it('lists a room’s versions newest first and returns each one’s content', async () => {
      const store = await open()
      const type = createTypist(1)
      const states: Uint8Array[] = []
      for (const [index, word] of ['one ', 'two ', 'three '].entries()) {
        await store.appendUpdates([{ room: 's/t1', update: type(word) }])
        states.push(snapshotOf(await store.loadRoom('s/t1')))
        await store.putVersion({
          room: 's/t1',
          at: 1_000 + index,
          label: index === 1 ? 'End of round 1' : null,
          kind: index === 1 ? 'named' : 'auto',
          authors: [`writer ${index}`],
          state: states[index]!,
        })
      }
      await store.putVersion({
        room: 's/t2',
        at: 5_000,
        label: null,
        kind: 'auto',
        authors: [],
        state: createTypist(2)('elsewhere'),
      })

      const versions = await store.listVersions('s/t1')
      expect(versions.map((version) => [version.at, version.label, version.kind])).toEqual([
        [1_002, null, 'auto'],
        [1_001, 'End of round 1', 'named'],
        [1_000, null, 'auto'],
      ])
      expect(versions[1]?.authors).toEqual(['writer 1'])
      const named = await store.getVersion('s/t1', versions[1]!.id)
      expect(named?.state).toStrictEqual(states[1])
      expect(textOf([{ seq: 0, update: named!.state }])).toBe('one two ')
      // A version is found only in its own room, and an id that is no number finds nothing.
      const [other] = await store.listVersions('s/t2')
      expect(await store.getVersion('s/t1', other!.id)).toBeUndefined()
      expect(await store.getVersion('s/t1', 'x; DROP TABLE')).toBeUndefined()
    })

    it('keeps every version and authorship span past compaction and reopening', async () => {
      const first = await open()
      const type = createTypist(1)
      for (let n = 0; n < 30; n++) {
        await first.appendUpdates([{ room: 's/t1', update: type(`w${n} `) }])
        if (n % 10 === 9) {
          await first.putVersion({
            room: 's/t1',
            at: n,
            label: null,
            kind: 'auto',
            authors: ['Amina'],
            state: snapshotOf(await first.loadRoom('s/t1')),
          })
          await first.appendAuthorship([
            {
              room: 's/t1',
              client: 1,
              clockFrom: n * 3,
              clockTo: n * 3 + 3,
              linkId: 'link-a',
              name: 'Amina',
              at: n,
            },
          ])
        }
      }
      const rows = await first.loadRoom('s/t1')
      await compactRows(first, 's/t1', rows)
      await first.close()

      const second = await open()
      expect(await second.loadRoom('s/t1')).toHaveLength(1)
      const versions = await second.listVersions('s/t1')
      expect(versions.map((version) => version.at)).toEqual([29, 19, 9])
      const oldest = await second.getVersion('s/t1', versions[2]!.id)
      expect(textOf([{ seq: 0, update: oldest!.state }])).toBe(
        Array.from({ length: 10 }, (_, n) => `w${n} `).join(''),
      )
      const spans = await second.loadAuthorship('s/t1')
      expect(spans.map((span) => [span.clockFrom, span.clockTo, span.linkId, span.name])).toEqual([
        [27, 30, 'link-a', 'Amina'],
        [57, 60, 'link-a', 'Amina'],
        [87, 90, 'link-a', 'Amina'],
      ])
      expect((await second.loadAuthorship('s/t1', 19)).map((span) => span.at)).toEqual([19, 29])
    })

    it('names a version of every room of a session at once, each room listing its own', async () => {
      const store = await open()
      const history = new RoomHistory({
        store,
        pauseMs: 60_000,
        everyMs: 600_000,
        onError: (_room, error) => {
          throw error
        },
      })
      const rooms = ['s/t1', 's/t2', 's/_synthesis'].map((key, index) => {
        const doc = new Y.Doc()
        doc.getText(TEXT).insert(0, `content of ${key}`)
        return { key, doc, index }
      })
      // Someone wrote in t1 since its last version: the named version lists them.
      const typed = new Y.Doc()
      typed.clientID = 77
      typed.getText(TEXT).insert(0, 'x')
      history.authorship.record(
        's/t1',
        { linkId: 'l1', name: 'Kofi' },
        addedRanges(Y.parseUpdateMeta(Y.encodeStateAsUpdate(typed))),
      )
      const taken = await Promise.all(rooms.map((room) => history.take(room, 'named', 'Round 1')))
      expect(taken.every((version) => version?.label === 'Round 1')).toBe(true)
      // An automatic version of an unchanged room is not stored twice; a changed one is.
      expect(await history.take(rooms[1]!, 'auto')).toBeNull()
      rooms[1]!.doc.getText(TEXT).insert(0, 'more ')
      expect(await history.take(rooms[1]!, 'auto')).not.toBeNull()
      await history.close()

      for (const { key } of rooms) {
        const [named] = (await store.listVersions(key)).filter((v) => v.kind === 'named')
        expect(named?.label).toBe('Round 1')
        const state = (await store.getVersion(key, String(named?.id)))!.state
        expect(textOf([{ seq: 0, update: state }])).toBe(`content of ${key}`)
      }
      expect((await store.listVersions('s/t1'))[0]?.authors).toEqual(['Kofi'])
      expect((await store.listVersions('s/t2')).map((v) => v.kind)).toEqual(['auto', 'named'])
    })
  })
}
