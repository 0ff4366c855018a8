import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { checkUpdate } from './checkUpdate.js'
import { splitUpdate } from './splitUpdate.js'

/** What a server that knows `doc` would say about `update` (see checkUpdate, PROTOCOL.md P6). */
const known = (doc: Y.Doc) => Y.decodeStateVector(Y.encodeStateVector(doc))

/** Applies the parts in order as the server does, asserting that none would be held. */
function applyParts(target: Y.Doc, parts: Uint8Array[]): void {
  for (const part of parts) {
    expect(checkUpdate(part, known(target))).toBe('ready')
    Y.applyUpdate(target, part)
  }
}

const sameContent = (a: Y.Doc, b: Y.Doc) => {
  expect(a.getText('t').toString()).toBe(b.getText('t').toString())
  expect(a.getXmlFragment('x').toString()).toBe(b.getXmlFragment('x').toString())
  expect(a.getArray('a').toJSON()).toEqual(b.getArray('a').toJSON())
}

describe('splitUpdate', () => {
  it('returns an update within the limit as it is', () => {
    const doc = new Y.Doc()
    doc.getText('t').insert(0, 'small')
    const update = Y.encodeStateAsUpdate(doc)
    expect(splitUpdate(update, 1000)).toEqual([update])
  })

  it('cuts one long string into parts under the limit, keeping surrogate pairs whole', () => {
    const doc = new Y.Doc()
    const text = `${'a'.repeat(999)}${'😀'.repeat(3000)}مرحبا${'b'.repeat(5000)}`
    doc.getText('t').insert(0, text)
    const update = Y.encodeStateAsUpdate(doc)
    const parts = splitUpdate(update, 1024)
    expect(parts.length).toBeGreaterThan(10)
    for (const part of parts) expect(part.byteLength).toBeLessThanOrEqual(1024)
    const copy = new Y.Doc()
    applyParts(copy, parts)
    expect(copy.getText('t').toString()).toBe(text)
  })

  it('orders the parts of several clients so that none waits for history', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            author: fc.nat(3),
            at: fc.nat(),
            text: fc.string({ minLength: 1, maxLength: 300, unit: 'grapheme' }),
            remove: fc.nat(20),
            target: fc.constantFrom('t', 'x', 'a'),
          }),
          { minLength: 1, maxLength: 40 },
        ),
        fc.integer({ min: 64, max: 2000 }),
        (edits, maxBytes) => {
          // A server copy, and four writers who edit offline on top of each other's work.
          const server = new Y.Doc()
          server.getText('t').insert(0, 'stored start ')
          const writers = [0, 1, 2, 3].map((index) => {
            const writer = new Y.Doc()
            writer.clientID = 100 + index
            Y.applyUpdate(writer, Y.encodeStateAsUpdate(server))
            return writer
          })
          for (const edit of edits) {
            const writer = writers[edit.author] as Y.Doc
            for (const other of writers) Y.applyUpdate(writer, Y.encodeStateAsUpdate(other))
            if (edit.target === 't') {
              const text = writer.getText('t')
              const at = edit.at % (text.length + 1)
              text.insert(at, edit.text, edit.remove % 3 === 0 ? { bold: true } : undefined)
              if (edit.remove > 0 && text.length > 1) text.delete(at % text.length, 1)
            } else if (edit.target === 'x') {
              const fragment = writer.getXmlFragment('x')
              const paragraph = new Y.XmlElement('paragraph')
              paragraph.setAttribute('lang', 'en')
              paragraph.insert(0, [new Y.XmlText(edit.text)])
              fragment.insert(edit.at % (fragment.length + 1), [paragraph])
              if (edit.remove > 10 && fragment.length > 1) fragment.delete(0, 1)
            } else {
              const array = writer.getArray('a')
              array.insert(array.length, [{ label: edit.text }, edit.at])
            }
          }
          const device = writers[0] as Y.Doc
          for (const other of writers) Y.applyUpdate(device, Y.encodeStateAsUpdate(other))
          const diff = Y.encodeStateAsUpdate(device, Y.encodeStateVector(server))
          const parts = splitUpdate(diff, maxBytes)
          for (const part of parts) {
            // Only a struct that cannot be cut (here a JSON value) may exceed the limit, alone.
            if (part.byteLength > maxBytes) expect(Y.decodeUpdate(part).structs).toHaveLength(1)
          }
          applyParts(server, parts)
          sameContent(server, device)
        },
      ),
      {
        numRuns: 60,
        // Found by this test: a priority label longer than the limit, which no split can cut.
        examples: [
          [
            [
              { author: 0, at: 0, text: ' 𐀀𐀀𐀀ἂࠀ𐀀ࠀࠀ𐀀𐀀𐀀', remove: 0, target: 'a' },
              { author: 0, at: 0, text: ' ', remove: 0, target: 't' },
            ],
            64,
          ],
        ],
      },
    )
  }, 60_000)

  it('sends a long delete set in several parts after the structs', () => {
    const doc = new Y.Doc()
    const text = doc.getText('t')
    text.insert(0, 'x'.repeat(4000))
    const before = new Y.Doc()
    Y.applyUpdate(before, Y.encodeStateAsUpdate(doc))
    // Every other character deleted: 2,000 separate ranges.
    for (let index = 1999; index >= 0; index--) text.delete(index * 2, 1)
    text.insert(0, 'new ')
    const parts = splitUpdate(Y.encodeStateAsUpdate(doc, Y.encodeStateVector(before)), 256)
    expect(parts.length).toBeGreaterThan(20)
    applyParts(before, parts)
    expect(before.getText('t').toString()).toBe(text.toString())
  })
})
