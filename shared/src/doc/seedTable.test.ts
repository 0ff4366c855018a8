import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { Session } from '../session/sessionSchema.js'
import { listQuestionIds } from './readTable.js'
import { createTableSeed } from './seedTable.js'
import { NOTES_FRAGMENT } from './tableDocument.js'

const slug = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,7}$/)
const text = fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' })
const uniqueBy = <T extends { id: string }>(item: fc.Arbitrary<T>, max: number) =>
  fc.uniqueArray(item, { minLength: 1, maxLength: max, selector: (value) => value.id })

const sessionArbitrary: fc.Arbitrary<Session> = fc.record({
  id: slug,
  title: text,
  questions: uniqueBy(
    fc.record(
      { id: slug, text, parts: uniqueBy(fc.record({ id: slug, text }), 3) },
      { requiredKeys: ['id', 'text'] },
    ),
    6,
  ),
  tables: uniqueBy(
    fc.record({ id: slug, name: text, region: text }, { requiredKeys: ['id', 'name'] }),
    4,
  ),
})

/** Random edits by other clients, so seeds are also applied to documents that moved on. */
function editRandomly(doc: Y.Doc, seed: number): void {
  const fragment = doc.getXmlFragment(NOTES_FRAGMENT)
  const other = new Y.Doc()
  other.clientID = 1000 + seed
  Y.applyUpdate(other, Y.encodeStateAsUpdate(doc))
  const target = other.getXmlFragment(NOTES_FRAGMENT)
  const paragraph = new Y.XmlElement('paragraph')
  paragraph.insert(0, [new Y.XmlText(`note ${seed}`)])
  target.insert(seed % (target.length + 1), [paragraph])
  if (seed % 3 === 0 && target.length > 2) target.delete(1, 1)
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc)))
  expect(fragment.length).toBeGreaterThan(0)
}

const snapshotOf = (doc: Y.Doc) => ({
  xml: doc.getXmlFragment(NOTES_FRAGMENT).toString(),
  state: Y.encodeStateVector(doc),
})

describe('createTableSeed', () => {
  it('gives the same bytes for the same session and table', () => {
    fc.assert(
      fc.property(sessionArbitrary, (session) => {
        for (const table of session.tables) {
          expect(createTableSeed(session, table.id)).toEqual(createTableSeed(session, table.id))
        }
      }),
    )
  })

  it('creates one section per question, in order, and a title', () => {
    fc.assert(
      fc.property(sessionArbitrary, (session) => {
        const doc = new Y.Doc()
        Y.applyUpdate(doc, createTableSeed(session, session.tables[0]!.id))
        expect(listQuestionIds(doc)).toEqual(session.questions.map((q) => q.id))
        const first = doc.getXmlFragment(NOTES_FRAGMENT).get(0) as Y.XmlElement
        expect(first.nodeName).toBe('tableTitle')
        expect(first.getAttribute('name')).toBe(session.tables[0]!.name)
      }),
    )
  })

  it('is a no-op when applied again, also after other clients edited the document', () => {
    fc.assert(
      fc.property(sessionArbitrary, fc.array(fc.nat(50), { maxLength: 5 }), (session, edits) => {
        const seed = createTableSeed(session, session.tables[0]!.id)
        const doc = new Y.Doc()
        Y.applyUpdate(doc, seed)
        edits.forEach((edit, index) => {
          editRandomly(doc, edit * 10 + index)
        })
        const before = snapshotOf(doc)
        let changed = false
        doc.on('update', () => {
          changed = true
        })
        Y.applyUpdate(doc, seed)
        Y.applyUpdate(doc, createTableSeed(session, session.tables[0]!.id))
        expect(changed).toBe(false)
        expect(snapshotOf(doc)).toEqual(before)
      }),
    )
  })

  it('converges to one copy of each question when many documents seed independently', () => {
    fc.assert(
      fc.property(sessionArbitrary, fc.integer({ min: 2, max: 6 }), (session, copies) => {
        const docs = Array.from({ length: copies }, () => {
          const doc = new Y.Doc()
          Y.applyUpdate(doc, createTableSeed(session, session.tables[0]!.id))
          return doc
        })
        const merged = new Y.Doc()
        for (const doc of docs) Y.applyUpdate(merged, Y.encodeStateAsUpdate(doc))
        expect(listQuestionIds(merged)).toEqual(session.questions.map((q) => q.id))
      }),
    )
  })

  it('refuses a table the session does not have', () => {
    fc.assert(
      fc.property(sessionArbitrary, (session) => {
        expect(() => createTableSeed(session, '_nope')).toThrow(/no table _nope/)
      }),
    )
  })
})
