import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { NOTES_FRAGMENT } from '../doc/tableDocument.js'
import { docOf, el, li, nestDeeply, p, rich } from '../export/testNotes.js'
import { foldQuery } from '../text/foldForSearch.js'
import { searchNotes, snippetAround } from './searchNotes.js'

const table = () =>
  docOf(
    el('tableTitle', { name: 'Table 1', region: '' }),
    el(
      'questionSection',
      { questionId: 'q1', number: '1', prompt: 'What about schools?' },
      el('answer', {}, p('First thought'), p(''), p('The école is open')),
    ),
    el(
      'questionSection',
      { questionId: 'q2', number: '2', prompt: 'Schools again' },
      el('answer', {}, el('bulletList', {}, li(p(rich('a ', ['bold École', { bold: true }]))))),
      el('questionPart', { partId: 'a', prompt: 'ecole' }, el('answer', {}, p('Ecole in a part'))),
    ),
  )

describe('searchNotes', () => {
  it('finds each paragraph with its question, part and place among the text blocks', () => {
    const hits = searchNotes(table(), foldQuery('ECOLE'), 10)
    expect(
      hits.map(({ question, part, table, paragraph }) => ({ question, part, table, paragraph })),
    ).toEqual([
      { question: 'q1', part: null, table: null, paragraph: 1 },
      { question: 'q2', part: null, table: null, paragraph: 2 },
      { question: 'q2', part: 'a', table: null, paragraph: 3 },
    ])
    expect(hits[1]?.text).toBe('a bold École')
  })

  it('never matches prompts or titles, which are attributes', () => {
    expect(searchNotes(table(), foldQuery('schools'), 10)).toEqual([])
  })

  it('stops at the limit', () => {
    expect(searchNotes(table(), foldQuery('ecole'), 2)).toHaveLength(2)
  })

  it('names the table of a synthesis contribution', () => {
    const doc = docOf(
      el(
        'synthesisQuestion',
        { questionId: 'q1', number: '1', prompt: 'Q' },
        el('summary', {}, p('summary words')),
        el('contribution', { tableId: 't2', tableName: 'Two', region: '' }, p('la mer')),
      ),
      el('otherNotes', {}, el('contribution', { tableId: 't3', tableName: 'Three' }, p('mer'))),
    )
    const hits = searchNotes(doc, foldQuery('mer'), 10)
    expect(hits.map(({ question, table, paragraph }) => ({ question, table, paragraph }))).toEqual([
      { question: 'q1', table: 't2', paragraph: 1 },
      { question: null, table: 't3', paragraph: 2 },
    ])
  })

  it('searches a document stored 20,000 deep without overflowing', () => {
    const doc = new Y.Doc()
    nestDeeply(doc.getXmlFragment(NOTES_FRAGMENT), 20_000, 'blockquote', 'deep word')
    expect(searchNotes(doc, foldQuery('word'), 10)).toHaveLength(1)
  })
})

describe('snippetAround', () => {
  it('keeps short text whole', () => {
    expect(snippetAround('a short line', { start: 2, end: 7 })).toBe('a short line')
  })

  it('cuts long text at spaces around the hit, with ellipses', () => {
    const text = `${'word '.repeat(40)}needle${' tail'.repeat(40)}`
    const start = text.indexOf('needle')
    const snippet = snippetAround(text, { start, end: start + 6 })
    expect(snippet.startsWith('…word')).toBe(true)
    expect(snippet.endsWith('tail…')).toBe(true)
    expect(snippet).toContain('needle')
    expect(snippet.length).toBeLessThan(140)
  })
})
