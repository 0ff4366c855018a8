import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { seededTable, testSession } from '../testing/index.js'
import { restoreVersion } from './restoreVersion.js'
import { NOTES_FRAGMENT, NodeName, PRIORITIES_ARRAY } from './tableDocument.js'

const seeded = () => seededTable(testSession, 't1')

function copy(doc: Y.Doc): Y.Doc {
  const other = new Y.Doc()
  Y.applyUpdate(other, Y.encodeStateAsUpdate(doc))
  return other
}

/** The answer of question `questionId` (or of its part `partId`). */
function answer(doc: Y.Doc, questionId: string, partId?: string): Y.XmlElement {
  const section = doc
    .getXmlFragment(NOTES_FRAGMENT)
    .toArray()
    .find((node) => node instanceof Y.XmlElement && node.getAttribute('questionId') === questionId)
  const holder =
    partId === undefined
      ? section
      : (section as Y.XmlElement)
          .toArray()
          .find((node) => node instanceof Y.XmlElement && node.getAttribute('partId') === partId)
  return (holder as Y.XmlElement)
    .toArray()
    .find(
      (node) => node instanceof Y.XmlElement && node.nodeName === NodeName.answer,
    ) as Y.XmlElement
}

function write(doc: Y.Doc, questionId: string, texts: string[], partId?: string): void {
  const target = answer(doc, questionId, partId)
  doc.transact(() => {
    target.delete(0, target.length)
    target.insert(
      0,
      texts.map((text) => {
        const paragraph = new Y.XmlElement(NodeName.paragraph)
        paragraph.insert(0, [new Y.XmlText(text)])
        return paragraph
      }),
    )
  })
}

const textOf = (doc: Y.Doc, questionId: string, partId?: string) =>
  answer(doc, questionId, partId)
    .toArray()
    .map((node) => (node as Y.XmlElement).toArray().join(''))

describe('restoreVersion', () => {
  it('brings back every answer and the priorities as a new change, prompts untouched', () => {
    const doc = seeded()
    write(doc, 'q1', ['kept words', 'second'])
    write(doc, 'q2', ['part words'], 'a')
    doc.getArray(PRIORITIES_ARRAY).insert(0, [{ label: 'Housing' }])
    const version = copy(doc)
    const before = Y.encodeStateVector(doc)
    write(doc, 'q1', [])
    write(doc, 'q2', ['overwritten'], 'a')
    doc.getArray(PRIORITIES_ARRAY).delete(0, 1)
    const prompts = doc
      .getXmlFragment(NOTES_FRAGMENT)
      .toString()
      .match(/prompt="[^"]*"/g)

    expect(restoreVersion(doc, version)).toBe(true)
    expect(textOf(doc, 'q1')).toEqual(['kept words', 'second'])
    expect(textOf(doc, 'q2', 'a')).toEqual(['part words'])
    expect(doc.getArray(PRIORITIES_ARRAY).toJSON()).toEqual([{ label: 'Housing' }])
    expect(
      doc
        .getXmlFragment(NOTES_FRAGMENT)
        .toString()
        .match(/prompt="[^"]*"/g),
    ).toEqual(prompts)
    // A new change: the document moved forward, it was not rewound.
    expect(Y.encodeStateVector(doc)).not.toEqual(before)
    expect(restoreVersion(doc, version)).toBe(false)
  })

  it('restores one question and leaves the other answers as they are', () => {
    const doc = seeded()
    write(doc, 'q1', ['first version'])
    write(doc, 'q2', ['part then'], 'a')
    const version = copy(doc)
    write(doc, 'q1', ['emptied by mistake'])
    write(doc, 'q2', ['part now'], 'a')

    expect(restoreVersion(doc, version, { questionId: 'q1' })).toBe(true)
    expect(textOf(doc, 'q1')).toEqual(['first version'])
    expect(textOf(doc, 'q2', 'a')).toEqual(['part now'])
    expect(restoreVersion(doc, version, { questionId: 'nope' })).toBe(false)
  })

  it('keeps what someone types into an unchanged paragraph while the restore is in flight', () => {
    const server = seeded()
    write(server, 'q1', ['unchanged', 'will be emptied'])
    const version = copy(server)
    write(server, 'q1', ['unchanged'])
    const typist = copy(server)
    // The typist edits the paragraph the version shares, concurrently with the restore.
    const paragraph = answer(typist, 'q1').get(0) as Y.XmlElement
    ;(paragraph.get(0) as Y.XmlText).insert(9, ' and typed')
    const typed = Y.encodeStateAsUpdate(typist, Y.encodeStateVector(server))

    restoreVersion(server, version)
    Y.applyUpdate(server, typed)
    expect(textOf(server, 'q1')).toEqual(['unchanged and typed', 'will be emptied'])
  })
})
