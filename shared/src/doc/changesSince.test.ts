import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { seededTable, testSession } from '../testing/index.js'
import { changesSince, lastLookOf } from './changesSince.js'
import { questionTexts } from './readTable.js'
import { NOTES_FRAGMENT } from './tableDocument.js'
import { childElements } from './xmlNodes.js'

const table = () => seededTable(testSession, 't1')

/** The first paragraph of the answer under question `index` (its part's, if `part`). */
function paragraphOf(doc: Y.Doc, index: number, part = false): Y.XmlElement {
  const section = childElements(doc.getXmlFragment(NOTES_FRAGMENT), 'questionSection')[index]!
  const holder = part ? childElements(section, 'questionPart')[0]! : section
  const answer = childElements(holder, 'answer')[0] as Y.XmlElement
  return childElements(answer, 'paragraph')[0] as Y.XmlElement
}

function append(paragraph: Y.XmlElement, text: string) {
  const parent = paragraph.parent as Y.XmlElement
  const next = new Y.XmlElement('paragraph')
  next.insert(0, [new Y.XmlText(text)])
  parent.insert(parent.length, [next])
  return next
}

describe('what changed since I last looked', () => {
  it('lists new and rewritten paragraphs per question, and counts the removed', () => {
    const doc = table()
    paragraphOf(doc, 0).insert(0, [new Y.XmlText('Cities lead.')])
    const kept = append(paragraphOf(doc, 0), 'Unions help.')
    const look = lastLookOf(questionTexts(doc))

    expect(changesSince(look, questionTexts(doc))).toEqual([])

    ;(kept.get(0) as Y.XmlText).insert(0, 'Strong ')
    append(paragraphOf(doc, 0), 'Regional passports.')
    paragraphOf(doc, 1, true).insert(0, [new Y.XmlText('Labour inspections.')])
    expect(changesSince(look, questionTexts(doc))).toEqual([
      {
        questionId: 'q1',
        number: '1',
        prompt: 'What works?',
        added: ['Strong Unions help.', 'Regional passports.'],
        removed: 1,
      },
      {
        questionId: 'q2',
        number: '2',
        prompt: 'What should change?',
        added: ['Labour inspections.'],
        removed: 0,
      },
    ])
  })

  it('treats a question never seen as all new, and repeated paragraphs one by one', () => {
    const doc = table()
    paragraphOf(doc, 0).insert(0, [new Y.XmlText('Yes.')])
    append(paragraphOf(doc, 0), 'Yes.')
    const changes = changesSince({ q1: ['Yes.'] }, questionTexts(doc))
    expect(changes.map(({ added, removed }) => ({ added, removed }))).toEqual([
      { added: ['Yes.'], removed: 0 },
    ])
    expect(changesSince({}, questionTexts(doc))[0]?.added).toEqual(['Yes.', 'Yes.'])
  })
})
