import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { NOTES_FRAGMENT, NodeName, PRIORITIES_ARRAY } from '../doc/tableDocument.js'
import { notesToMarkdown } from '../export/notesToMarkdown.js'
import type { Session } from '../session/sessionSchema.js'
import { notesElements, seededTable } from '../testing/index.js'
import { compileSynthesis, SynthesisNode, synthesisStatus } from './compileSynthesis.js'

const sessionArbitrary: fc.Arbitrary<Session> = fc
  .record({
    questions: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 4 }),
    tables: fc.integer({ min: 1, max: 4 }),
  })
  .map(({ questions, tables }) => ({
    id: 's',
    title: 'Session',
    questions: questions.map((parts, index) => ({
      id: `q${index + 1}`,
      text: `Question ${index + 1}?`,
      ...(parts > 0
        ? {
            parts: Array.from({ length: parts }, (_, part) => ({
              id: 'abc'[part]!,
              text: `Part ${part}`,
            })),
          }
        : {}),
    })),
    tables: Array.from({ length: tables }, (_, index) => ({
      id: `t${index + 1}`,
      name: `Table ${index + 1}`,
      ...(index % 2 === 0 ? { region: `Region ${index}` } : {}),
    })),
  }))

/** Where a word was written: a question (and part) of a table, or outside every question. */
interface Written {
  word: string
  tableId: string
  place: string
}

type Write = { question: number; part: number; outside: boolean }

function answerElement(doc: Y.Doc, questionIndex: number, partIndex: number | null): Y.XmlElement {
  const section = doc.getXmlFragment(NOTES_FRAGMENT).get(questionIndex + 1) as Y.XmlElement
  const holder = partIndex === null ? section : (section.get(partIndex + 1) as Y.XmlElement)
  return holder.get(0) as Y.XmlElement
}

/** Writes each word as its own paragraph where `write` says; returns where each went. */
function fill(
  session: Session,
  docs: Map<string, Y.Doc>,
  writes: Write[][],
  round: number,
): Written[] {
  const written: Written[] = []
  session.tables.forEach((table, tableIndex) => {
    const doc = docs.get(table.id)!
    ;(writes[tableIndex] ?? []).forEach((write, n) => {
      const word = `w${round}x${tableIndex}x${n}`
      const paragraph = new Y.XmlElement(NodeName.paragraph)
      paragraph.insert(0, [new Y.XmlText(`${word} `)])
      if (write.outside) {
        const fragment = doc.getXmlFragment(NOTES_FRAGMENT)
        fragment.insert(fragment.length, [paragraph])
        written.push({ word, tableId: table.id, place: 'other' })
        return
      }
      const questionIndex = write.question % session.questions.length
      const question = session.questions[questionIndex]!
      const parts = question.parts ?? []
      const partIndex = parts.length > 0 && write.part % 2 === 1 ? write.part % parts.length : null
      const answer = answerElement(doc, questionIndex, partIndex)
      answer.insert(answer.length, [paragraph])
      written.push({
        word,
        tableId: table.id,
        place: partIndex === null ? question.id : `${question.id}/${parts[partIndex]!.id}`,
      })
    })
  })
  return written
}

/** Every contribution's text, with the table and the place it stands under. */
function contributions(doc: Y.Doc): Array<{ tableId: string; place: string; text: string }> {
  const found: Array<{ tableId: string; place: string; text: string }> = []
  const visit = (node: unknown, place: string) => {
    if (!(node instanceof Y.XmlElement)) return
    if (node.nodeName === SynthesisNode.contribution) {
      found.push({ tableId: String(node.getAttribute('tableId')), place, text: node.toString() })
      return
    }
    const next =
      node.nodeName === SynthesisNode.question
        ? String(node.getAttribute('questionId'))
        : node.nodeName === SynthesisNode.part
          ? `${place}/${node.getAttribute('partId')}`
          : node.nodeName === SynthesisNode.otherNotes
            ? 'other'
            : place
    for (const child of node.toArray()) visit(child, next)
  }
  for (const node of doc.getXmlFragment(NOTES_FRAGMENT).toArray()) visit(node, '')
  return found
}

const writesArbitrary = fc.array(
  fc.array(fc.record({ question: fc.nat(9), part: fc.nat(9), outside: fc.boolean() }), {
    maxLength: 8,
  }),
  { minLength: 4, maxLength: 4 },
)

function seeded(session: Session): Map<string, Y.Doc> {
  return new Map(session.tables.map((table) => [table.id, seededTable(session, table.id)]))
}

const sourcesOf = (docs: Map<string, Y.Doc>) => [...docs].map(([id, doc]) => ({ id, doc }))

describe('compileSynthesis', () => {
  it('gives the same synthesis for the same tables', () => {
    fc.assert(
      fc.property(sessionArbitrary, writesArbitrary, (session, writes) => {
        const docs = seeded(session)
        fill(session, docs, writes, 0)
        const first = new Y.Doc()
        const second = new Y.Doc()
        compileSynthesis(session, sourcesOf(docs), first, '2026-11-22T10:00')
        compileSynthesis(session, sourcesOf(docs), second, '2026-11-22T10:00')
        expect(first.getXmlFragment(NOTES_FRAGMENT).toString()).toBe(
          second.getXmlFragment(NOTES_FRAGMENT).toString(),
        )
      }),
    )
  })

  it('carries every word exactly once, under its own table and question, in the session’s order', () => {
    fc.assert(
      fc.property(sessionArbitrary, writesArbitrary, (session, writes) => {
        const docs = seeded(session)
        const written = fill(session, docs, writes, 0)
        const synthesis = new Y.Doc()
        compileSynthesis(session, sourcesOf(docs), synthesis, 'now')
        const found = contributions(synthesis)
        const xml = synthesis.getXmlFragment(NOTES_FRAGMENT).toString()
        for (const { word, tableId, place } of written) {
          expect(xml.split(`${word} `).length - 1, word).toBe(1)
          const holder = found.find((each) => each.text.includes(`${word} `))
          expect(holder, word).toMatchObject({ tableId, place })
        }
        const order = found.filter((each) => each.place !== 'other').map((each) => each.place)
        const sessionOrder = session.questions.flatMap((q) => [
          q.id,
          ...(q.parts ?? []).map((p) => `${q.id}/${p.id}`),
        ])
        const positions = order.map((place) => sessionOrder.indexOf(place))
        expect(positions).toEqual([...positions].sort((a, b) => a - b))
      }),
    )
  })

  it('keeps what the rapporteurs wrote in the summaries when it compiles again', () => {
    fc.assert(
      fc.property(sessionArbitrary, writesArbitrary, writesArbitrary, (session, before, after) => {
        const docs = seeded(session)
        const first = fill(session, docs, before, 0)
        const synthesis = new Y.Doc()
        compileSynthesis(session, sourcesOf(docs), synthesis, 'first')
        const summaries = notesElements(synthesis, SynthesisNode.summary)
        summaries.forEach((summary, index) => {
          ;(summary.get(0) as Y.XmlElement).insert(0, [new Y.XmlText(`summary ${index}`)])
        })
        const kept = summaries.map((summary) => summary.toString())

        const written = fill(session, docs, after, 1)
        compileSynthesis(session, sourcesOf(docs), synthesis, 'second')
        expect(summaries.map((summary) => summary.toString())).toEqual(kept)
        const xml = synthesis.getXmlFragment(NOTES_FRAGMENT).toString()
        for (const { word } of [...first, ...written]) {
          expect(xml.split(`${word} `).length - 1, word).toBe(1)
        }
      }),
    )
  })

  it('lists the priority issues by how many tables flagged them', () => {
    const session: Session = {
      id: 's',
      title: 'S',
      questions: [{ id: 'q1', text: 'Q?' }],
      tables: ['a', 'b', 'c'].map((id) => ({ id, name: `Table ${id}` })),
    }
    const docs = seeded(session)
    docs
      .get('a')!
      .getArray(PRIORITIES_ARRAY)
      .push([{ tagId: 'work', label: 'Decent work' }, { label: 'Housing' }])
    docs
      .get('b')!
      .getArray(PRIORITIES_ARRAY)
      .push([{ tagId: 'work', label: 'Decent work' }])
    docs
      .get('c')!
      .getArray(PRIORITIES_ARRAY)
      .push([{ label: 'housing ' }, { tagId: 'work', label: 'Decent work' }])
    const synthesis = new Y.Doc()
    compileSynthesis(session, sourcesOf(docs), synthesis, 'now')
    const priorities = synthesis
      .getXmlFragment(NOTES_FRAGMENT)
      .toArray()
      .find(
        (node) => node instanceof Y.XmlElement && node.nodeName === SynthesisNode.priorities,
      ) as Y.XmlElement
    expect(JSON.parse(String(priorities.getAttribute('issues')))).toEqual([
      { label: 'Decent work', tables: ['Table a', 'Table b', 'Table c'] },
      { label: 'Housing', tables: ['Table a', 'Table c'] },
    ])
  })
})

describe('synthesisStatus', () => {
  it('names the tables that changed since the last compile', () => {
    const session: Session = {
      id: 's',
      title: 'S',
      questions: [{ id: 'q1', text: 'Q?' }],
      tables: ['a', 'b'].map((id) => ({ id, name: id })),
    }
    const docs = seeded(session)
    const synthesis = new Y.Doc()
    expect(synthesisStatus(synthesis, sourcesOf(docs))).toEqual({
      compiledAt: null,
      changedTables: ['a', 'b'],
    })
    compileSynthesis(session, sourcesOf(docs), synthesis, '10:00')
    expect(synthesisStatus(synthesis, sourcesOf(docs))).toEqual({
      compiledAt: '10:00',
      changedTables: [],
    })
    fill(session, docs, [[], [{ question: 0, part: 0, outside: false }]], 1)
    expect(synthesisStatus(synthesis, sourcesOf(docs)).changedTables).toEqual(['b'])
  })
})

describe('the synthesis as Markdown', () => {
  it('holds every question, table label and answer, summaries first', () => {
    const session: Session = {
      id: 's',
      title: 'Global Migration Governance',
      event: 'Forum',
      starts: '2016-12-08',
      questions: [
        { id: 'q1', text: 'What works?' },
        { id: 'q2', text: 'What should change?', parts: [{ id: 'a', text: 'Nationally?' }] },
      ],
      tables: [
        { id: 'asia', name: 'Asia', region: 'Asia-Pacific' },
        { id: 'africa', name: 'Africa' },
      ],
    }
    const docs = seeded(session)
    fill(
      session,
      docs,
      [
        [
          { question: 0, part: 0, outside: false },
          { question: 1, part: 1, outside: false },
        ],
        [{ question: 1, part: 0, outside: true }],
      ],
      0,
    )
    const synthesis = new Y.Doc()
    compileSynthesis(session, sourcesOf(docs), synthesis, 'now')
    expect(notesToMarkdown(synthesis)).toBe(
      `${[
        '# Global Migration Governance',
        '*Forum · 2016-12-08*',
        '**Tables:** Asia (Asia-Pacific): 1 contributor; Africa: 1 contributor',
        '## 1. What works?',
        '### Asia (Asia-Pacific)',
        'w0x0x0',
        '## 2. What should change?',
        '### a. Nationally?',
        '#### Asia (Asia-Pacific)',
        'w0x0x1',
        '## Other notes',
        '### Africa',
        'w0x1x0',
      ].join('\n\n')}\n`,
    )
  })
})
