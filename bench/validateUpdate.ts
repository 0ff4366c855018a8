/**
 * What the schema check (PROTOCOL.md P13) costs per ordinary keystroke, beside the rest of what
 * the relay does with an update: decode it, check its history, apply it. A table of about 20 kB
 * of notes, one keystroke per update, typed at the end of an answer and in the middle of it, as
 * the page sends them. `pnpm --filter @tablenotes/bench validate`; prints microseconds per update.
 */
import {
  createTableSeed,
  decodeClientUpdate,
  NOTES_FRAGMENT,
  type Session,
  TABLE_SCHEMA,
  updateReadiness,
  validateUpdate,
} from '@tablenotes/shared'
import * as Y from 'yjs'

const KEYSTROKES = 5_000

const session: Session = {
  id: 'bench',
  title: 'Bench',
  questions: Array.from({ length: 5 }, (_, index) => ({
    id: `q${index}`,
    text: `Question ${index}?`,
    parts: [{ id: 'a', text: 'A part?' }],
  })),
  tables: [{ id: 't1', name: 'Table' }],
}

/** A table with ~20 kB of notes in paragraphs, lists and a table, as the page writes them. */
function writtenTable(): Y.Doc {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, createTableSeed(session, 't1'))
  const sections = doc.getXmlFragment(NOTES_FRAGMENT).toArray().slice(1) as Y.XmlElement[]
  for (const section of sections) {
    const answer = section.get(0) as Y.XmlElement
    for (let n = 0; n < 8; n++) {
      const paragraph = new Y.XmlElement('paragraph')
      paragraph.insert(0, [
        new Y.XmlText(`Paragraph ${n} of notes, about decent work. `.repeat(10)),
      ])
      const item = new Y.XmlElement('listItem')
      item.insert(0, [new Y.XmlElement('paragraph')])
      const list = new Y.XmlElement('bulletList')
      list.insert(0, [item])
      answer.insert(answer.length, [paragraph, list])
    }
  }
  return doc
}

function measure(): void {
  const server = writtenTable()
  const client = new Y.Doc()
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server))
  const updates: Uint8Array[] = []
  client.on('update', (update: Uint8Array) => updates.push(update))
  const answer = (client.getXmlFragment(NOTES_FRAGMENT).get(3) as Y.XmlElement).get(
    0,
  ) as Y.XmlElement
  const text = (answer.get(3) as Y.XmlElement).get(0) as Y.XmlText
  for (let n = 0; n < KEYSTROKES; n++) {
    text.insert(n % 2 === 0 ? text.length : Math.floor(text.length / 2), 'x')
    if (n % 50 === 49) text.format(0, 4, { bold: {} })
  }
  let decodeAndReadyMs = 0
  let validateMs = 0
  let applyMs = 0
  for (const update of updates) {
    let start = performance.now()
    const decoded = decodeClientUpdate(update)
    updateReadiness(decoded, Y.decodeStateVector(Y.encodeStateVector(server)))
    decodeAndReadyMs += performance.now() - start
    start = performance.now()
    validateUpdate(TABLE_SCHEMA, server, decoded)
    validateMs += performance.now() - start
    start = performance.now()
    Y.applyUpdate(server, update)
    applyMs += performance.now() - start
  }
  const perUpdate = (ms: number) => `${((ms * 1000) / updates.length).toFixed(1)} µs`
  console.log(
    `${updates.length} keystroke updates on a table of ${Y.encodeStateAsUpdate(server).byteLength} bytes:`,
  )
  console.log(`  decode + history check  ${perUpdate(decodeAndReadyMs)} per update`)
  console.log(`  schema check (P13)      ${perUpdate(validateMs)} per update`)
  console.log(`  Y.applyUpdate           ${perUpdate(applyMs)} per update`)
}

measure()
measure()
