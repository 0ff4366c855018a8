/**
 * What history costs (issue 17): storage per table for a two-hour session of five typists with
 * its versions and authorship kept, and the time to list a 20 kB table's versions and open one.
 * One process, a real SQLite file, the server's own history code (RoomHistory) and compaction
 * rule (every 500 rows); no sockets, since storage is what is measured. Writes bench/HISTORY.md.
 * Run: pnpm bench:history
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { deflateRawSync } from 'node:zlib'
import { addedRanges, openSqliteStore, RoomHistory, versionDoc } from '@tablenotes/server'
import { createTableSeed, NodeName } from '@tablenotes/shared'
import { notesToMarkdown } from '@tablenotes/shared/markdown'
import { notesElements } from '@tablenotes/shared/testing'
import * as Y from 'yjs'
import { BENCH_WORDS, benchSession } from './benchSession.js'

const MINUTES = 120
const TYPISTS = 5
/** Characters the whole table types per minute: 20 kB of notes over two hours. */
const CHARACTERS_PER_MINUTE = 170
/** One keystroke in ten is a backspace. */
const BACKSPACE_EVERY = 10
/** A version every 6 minutes: 12 at the ten-minute floor, plus one per pause and named ones. */
const VERSION_EVERY_MINUTES = 6
const COMPACT_AFTER_ROWS = 500
const ROOM = 'bench/t1'
const session = benchSession('History benchmark', 1)
const answers = (doc: Y.Doc) => notesElements(doc, NodeName.answer)

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tablenotes-bench-history-'))
  const file = path.join(dir, 'tablenotes.sqlite')
  const store = await openSqliteStore(file)
  await store.putSession(session)
  const history = new RoomHistory({
    store,
    pauseMs: 3_600_000,
    everyMs: 3_600_000,
    onError: (_room, error) => {
      throw error
    },
  })
  const server = new Y.Doc({ gc: true })
  const room = { key: ROOM, doc: server }
  Y.applyUpdate(server, createTableSeed(session, 't1'))
  await store.appendUpdates([{ room: ROOM, update: Y.encodeStateAsUpdate(server) }])
  const typists = Array.from({ length: TYPISTS }, (_, index) => {
    const doc = new Y.Doc()
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(server))
    return { doc, linkId: `link-${index}`, name: `Typist ${index + 1}` }
  })
  // Each typist has their own paragraph in an answer of their own (typist 5 shares q1).
  const paragraphs = typists.map(({ doc }, index) => {
    const answer = answers(doc)[index % 4]!
    const paragraph = new Y.XmlElement(NodeName.paragraph)
    const text = new Y.XmlText()
    paragraph.insert(0, [text])
    answer.insert(answer.length, [paragraph])
    return text
  })
  let rows = 0
  const pending: Array<{ room: string; update: Uint8Array; fromClient: boolean }> = []
  for (const typist of typists) {
    typist.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === 'relay') return
      Y.applyUpdate(server, update)
      history.authorship.record(
        ROOM,
        { linkId: typist.linkId, name: typist.name },
        addedRanges(Y.parseUpdateMeta(update)),
      )
      pending.push({ room: ROOM, update, fromClient: true })
      for (const other of typists) if (other !== typist) Y.applyUpdate(other.doc, update, 'relay')
    })
  }
  // The paragraphs made above were made before listening: hand them over once, and store them.
  for (const typist of typists) {
    const update = Y.encodeStateAsUpdate(typist.doc, Y.encodeStateVector(server))
    Y.applyUpdate(server, update)
    await store.appendUpdates([{ room: ROOM, update, fromClient: true }])
    for (const other of typists) Y.applyUpdate(other.doc, update, 'relay')
  }

  let keystrokes = 0
  let random = 7
  const next = () => {
    random = (random * 1_103_515_245 + 12_345) % 2 ** 31
    return random
  }
  const compact = async () => {
    const stored = await store.loadRoom(ROOM)
    const doc = new Y.Doc({ gc: true })
    Y.applyUpdate(doc, Y.mergeUpdates(stored.map((row) => row.update)))
    await store.compactRoom(
      ROOM,
      stored.map((row) => row.seq),
      Y.encodeStateAsUpdate(doc),
    )
    rows = 0
  }
  for (let minute = 1; minute <= MINUTES; minute++) {
    for (let key = 0; key < CHARACTERS_PER_MINUTE; key++) {
      const index = next() % TYPISTS
      const text = paragraphs[index]!
      keystrokes++
      if (keystrokes % BACKSPACE_EVERY === 0 && text.length > 0) text.delete(text.length - 1, 1)
      else {
        const word = BENCH_WORDS[next() % BENCH_WORDS.length]!
        const letter = key % 8 === 7 ? ' ' : word[key % word.length]!
        text.insert(text.length, letter)
      }
      // Authorship is stored every 30 s, as AuthorshipRecorder does.
      if (key === CHARACTERS_PER_MINUTE >> 1 || key === CHARACTERS_PER_MINUTE - 1) {
        await history.authorship.flush()
      }
      // The server stores each turn's updates; a batch every 20 keystrokes is close enough.
      if (pending.length >= 20) {
        await store.appendUpdates(pending.splice(0))
        rows += 20
        if (rows >= COMPACT_AFTER_ROWS) await compact()
      }
    }
    if (minute % VERSION_EVERY_MINUTES === 0) await history.take(room, 'auto')
  }
  await store.appendUpdates(pending.splice(0))
  await compact()
  await history.close()

  const versions = await store.listVersions(ROOM)
  const states = await Promise.all(versions.map((v) => store.getVersion(ROOM, v.id)))
  const versionBytes = states.map((v) => v!.state.byteLength)
  const deflated = states.map((v) => deflateRawSync(v!.state).byteLength)
  const roomBytes = (await store.loadRoom(ROOM)).reduce((sum, row) => sum + row.update.length, 0)
  const spans = await store.loadAuthorship(ROOM)
  const textBytes = answers(server)
    .map((answer) => answer.toString())
    .join('').length

  const listTimes: number[] = []
  const openTimes: number[] = []
  for (let run = 0; run < 30; run++) {
    let started = performance.now()
    const listed = await store.listVersions(ROOM)
    listTimes.push(performance.now() - started)
    started = performance.now()
    const version = await store.getVersion(ROOM, listed[run % listed.length]!.id)
    const doc = versionDoc(version!)
    notesToMarkdown(doc)
    openTimes.push(performance.now() - started)
    doc.destroy()
  }
  await store.close()
  const fileBytes =
    statSync(file).size + (statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0)
  rmSync(dir, { recursive: true, force: true })

  const total = versionBytes.reduce((a, b) => a + b, 0)
  const report = `# History: what versions cost

Generated by \`pnpm bench:history\` (bench/history.ts) on ${new Date().toISOString().slice(0, 10)}.
Machine: ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, Node ${process.version}; one process, SQLite.

A simulated two-hour session of one table: ${TYPISTS} typists, ${CHARACTERS_PER_MINUTE} keystrokes a
minute between them (one in ${BACKSPACE_EVERY} a backspace), one Yjs update per keystroke, stored
in batches and compacted every ${COMPACT_AFTER_ROWS} rows as the server does, with a version every
${VERSION_EVERY_MINUTES} minutes (more than the server's ten-minute floor, to stand for the versions
after pauses, before restores and named ones) and every keystroke's authorship recorded.

A version is the room's whole encoded Yjs state (\`Y.encodeStateAsUpdate\`). A snapshot (state
vector + delete set) would be a few hundred bytes, but it only reads back over a document that
keeps its deleted content (\`gc: false\`), which every loaded room would then carry in memory for
the whole event; the server's documents garbage-collect, so versions keep their content.

| | |
| --- | --- |
| keystrokes | ${keystrokes} |
| notes at the end (XML of the answers) | ${kib(textBytes)} |
| the room's stored updates after compaction | ${kib(roomBytes)} |
| versions kept | ${versions.length} |
| bytes per version: mean / last (largest) | ${kib(total / versionBytes.length)} / ${kib(versionBytes[0]!)} |
| all versions | ${kib(total)} |
| the same versions deflated (not done: for comparison) | ${kib(deflated.reduce((a, b) => a + b, 0))} |
| authorship spans stored | ${spans.length} |
| SQLite file (updates, versions, spans, indexes) | ${kib(fileBytes)} |
| list the ${versions.length} versions (median of 30) | ${median(listTimes).toFixed(2)} ms |
| open one: read, load and render it as Markdown (median of 30) | ${median(openTimes).toFixed(2)} ms |

So a table of such a session costs about ${kib(fileBytes)} on disk with its history, against
${kib(roomBytes)} for its notes alone: versions grow with the notes (the last one is the whole
table), so their total is about half the final size times their number.
`
  writeFileSync(fileURLToPath(new URL('./HISTORY.md', import.meta.url)), report)
  process.stdout.write(report)
}

await main()
