import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { Session } from '../session/sessionSchema.js'
import { seededTable, testSession as session } from '../testing/index.js'
import { listQuestionIds, questionProgress } from './readTable.js'
import { reconcileTable } from './reconcileTable.js'
import { NOTES_FRAGMENT, NodeName, RETIRED } from './tableDocument.js'
import { childElements } from './xmlNodes.js'

const seeded = () => seededTable(session, 't1')

const section = (doc: Y.Doc, id: string) =>
  childElements(doc.getXmlFragment(NOTES_FRAGMENT), NodeName.questionSection).find(
    (element) => element.getAttribute('questionId') === id,
  )!

/** Writes `text` into the answer of a section, or of one of its parts. */
function write(doc: Y.Doc, questionId: string, text: string, partId?: string): void {
  const target = partId
    ? childElements(section(doc, questionId), NodeName.questionPart).find(
        (part) => part.getAttribute('partId') === partId,
      )!
    : section(doc, questionId)
  const answer = childElements(target, NodeName.answer)[0]!
  const paragraph = new Y.XmlElement(NodeName.paragraph)
  paragraph.insert(0, [new Y.XmlText(text)])
  answer.insert(answer.length, [paragraph])
}

describe('reconcileTable', () => {
  it('changes nothing when the session did not change', () => {
    const doc = seeded()
    const before = Y.encodeStateVector(doc)
    expect(reconcileTable(doc, session, 't1')).toBe(false)
    expect(Y.encodeStateVector(doc)).toEqual(before)
  })

  it('adds, renames and retires questions and parts, and keeps every note', () => {
    const doc = seeded()
    write(doc, 'q1', 'notes on q1')
    write(doc, 'q2', 'notes on part b', 'b')
    write(doc, 'q2', 'notes on q2')
    const changed: Session = {
      ...session,
      questions: [
        { id: 'q1', text: 'What works well?' },
        { id: 'q3', text: 'Who should act?', parts: [{ id: 'a', text: 'Locally?' }] },
      ],
      tables: [{ id: 't1', name: 'Table 1', region: 'Western Europe' }],
    }
    expect(reconcileTable(doc, changed, 't1')).toBe(true)

    expect(listQuestionIds(doc)).toEqual(['q1', 'q3', 'q2'])
    expect(section(doc, 'q1').getAttribute('prompt')).toBe('What works well?')
    expect(section(doc, 'q3').getAttribute('number')).toBe('2')
    expect(section(doc, 'q2').getAttribute(RETIRED)).toBe('true')
    const text = doc.getXmlFragment(NOTES_FRAGMENT).toString()
    for (const note of ['notes on q1', 'notes on part b', 'notes on q2'])
      expect(text).toContain(note)
    const title = childElements(doc.getXmlFragment(NOTES_FRAGMENT), NodeName.tableTitle)[0]!
    expect(title.getAttribute('name')).toBe('Table 1')
    expect(title.getAttribute('region')).toBe('Western Europe')
    expect(reconcileTable(doc, changed, 't1')).toBe(false)
  })

  it('brings a retired question back with its notes, and adds and retires parts in place', () => {
    const doc = seeded()
    write(doc, 'q2', 'kept through removal', 'a')
    reconcileTable(doc, { ...session, questions: [session.questions[0]!] }, 't1')
    expect(section(doc, 'q2').getAttribute(RETIRED)).toBe('true')

    const parts = {
      id: 'q2',
      text: 'What must change?',
      parts: [
        { id: 'a', text: 'Nationally?' },
        { id: 'c', text: 'Globally?' },
      ],
    }
    reconcileTable(doc, { ...session, questions: [session.questions[0]!, parts] }, 't1')
    const q2 = section(doc, 'q2')
    expect(q2.getAttribute(RETIRED)).toBeUndefined()
    expect(q2.getAttribute('prompt')).toBe('What must change?')
    const partIds = childElements(q2, NodeName.questionPart).map((part) => [
      part.getAttribute('partId'),
      part.getAttribute(RETIRED) ?? null,
    ])
    expect(partIds).toEqual([
      ['a', null],
      ['c', null],
      ['b', 'true'],
    ])
    expect(q2.toString()).toContain('kept through removal')
  })

  it('travels as an ordinary update that other copies of the document merge', () => {
    const server = seeded()
    const client = new Y.Doc()
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server))
    write(client, 'q1', 'typed meanwhile')
    const before = Y.encodeStateVector(server)
    reconcileTable(
      server,
      { ...session, questions: [...session.questions, { id: 'q9', text: 'New?' }] },
      't1',
    )
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server, Y.encodeStateVector(client)))
    Y.applyUpdate(server, Y.encodeStateAsUpdate(client, before))
    expect(client.getXmlFragment(NOTES_FRAGMENT).toString()).toBe(
      server.getXmlFragment(NOTES_FRAGMENT).toString(),
    )
    expect(listQuestionIds(client)).toEqual(['q1', 'q2', 'q9'])
    expect(client.getXmlFragment(NOTES_FRAGMENT).toString()).toContain('typed meanwhile')
  })
})

describe('questionProgress', () => {
  it('counts the words under each question and its parts, and marks removed ones', () => {
    const doc = seeded()
    write(doc, 'q2', 'Two words', 'a')
    write(doc, 'q2', 'and <three> more')
    reconcileTable(doc, { ...session, questions: [session.questions[1]!] }, 't1')
    expect(questionProgress(doc)).toEqual([
      { questionId: 'q1', number: '1', prompt: 'What works?', words: 0, retired: true },
      { questionId: 'q2', number: '1', prompt: 'What should change?', words: 5, retired: false },
    ])
  })
})
