import { findQuote, NOTES_FRAGMENT } from '@tablenotes/shared'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { installDom } from '../testing/installDom.js'

/*
 * The page names a selected quote by its text and how many places of it come before
 * (`quoteAt`); the server finds that place again in the Yjs document (`findQuote`). Both must
 * count alike, through formatting (one Y.XmlText holds a run of differently marked text) and
 * hard breaks (which end a run), or a comment lands on the wrong words.
 */

installDom()
const { Schema } = await import('@tiptap/pm/model')
const { prosemirrorToYXmlFragment } = await import('@tiptap/y-tiptap')
const { quoteAt } = await import('./commentHighlights.js')

const schema = new Schema({
  nodes: {
    doc: { content: 'paragraph+' },
    paragraph: { content: 'inline*', toDOM: () => ['p', 0] },
    hardBreak: { inline: true, group: 'inline', toDOM: () => ['br'] },
    text: { group: 'inline' },
  },
  marks: { bold: { toDOM: () => ['b', 0] } },
})

const bold = schema.marks.bold!.create()
const text = (value: string, marks = [] as (typeof bold)[]) => schema.text(value, marks)
const notes = schema.node('doc', null, [
  schema.node('paragraph', null, [text('visas and '), text('visas', [bold]), text(' again')]),
  schema.node('paragraph', null, [
    text('no visas'),
    schema.node('hardBreak'),
    text('visas; visas'),
  ]),
])

/** Every place of `word` in the ProseMirror document, as [from, to]. */
function placesOf(word: string): Array<[number, number]> {
  const places: Array<[number, number]> = []
  notes.descendants((node, position) => {
    if (!node.isText) return true
    for (let at = node.text!.indexOf(word); at !== -1; at = node.text!.indexOf(word, at + 1)) {
      places.push([position + at, position + at + word.length])
    }
    return false
  })
  return places
}

describe('quoteAt and findQuote', () => {
  it('name the same place of a repeated word, across formatting and hard breaks', () => {
    const doc = new Y.Doc()
    prosemirrorToYXmlFragment(notes, doc.getXmlFragment(NOTES_FRAGMENT))
    // "visas" and "visas" (bold) are split into two PM text nodes but one Y.XmlText run.
    const places = placesOf('visas')
    expect(places).toHaveLength(5)
    const found = places.map(([from, to]) => {
      const choice = quoteAt(notes, from, to)!
      const place = findQuote(doc, choice.quote, choice.occurrence)!
      return [choice.occurrence, place.text.toString().replace(/<[^>]+>/g, ''), place.index]
    })
    expect(found).toEqual([
      [0, 'visas and visas again', 0],
      [1, 'visas and visas again', 10],
      [2, 'no visas', 3],
      [3, 'visas; visas', 0],
      [4, 'visas; visas', 7],
    ])
  })

  it('refuse a selection over a hard break or across paragraphs, and an empty one', () => {
    const [, , third, fourth] = placesOf('visas')
    expect(quoteAt(notes, third![0], fourth![1])).toBeNull()
    expect(quoteAt(notes, 1, notes.content.size - 1)).toBeNull()
    expect(quoteAt(notes, 3, 3)).toBeNull()
  })
})
