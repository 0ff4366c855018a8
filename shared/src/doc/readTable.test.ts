import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { Session } from '../session/sessionSchema.js'
import { compileSynthesis } from '../synthesis/compileSynthesis.js'
import { leaveOutUnreadable } from '../synthesis/readableTables.js'
import { seededTable, testSession } from '../testing/index.js'
import { questionProgress, questionTexts } from './readTable.js'
import { NOTES_FRAGMENT } from './tableDocument.js'
import { MAX_DEPTH } from './tableSchema.js'
import { nestsDeeperThan, textUnder } from './xmlNodes.js'

/** The test session with two tables: one stored 20,000 deep, one as seeded. */
const session: Session = {
  ...testSession,
  tables: [
    { id: 'deep', name: 'Deep' },
    { id: 'fine', name: 'Fine' },
  ],
}

/** A table as a script stored it before the server checked: 20,000 quotes, words inside. */
function deepTable(): Y.Doc {
  const doc = seededTable(session, 'deep')
  const answer = (doc.getXmlFragment(NOTES_FRAGMENT).get(1) as Y.XmlElement).get(0) as Y.XmlElement
  doc.transact(() => {
    let holder = answer
    for (let level = 0; level < 20_000; level++) {
      const child = new Y.XmlElement('blockquote')
      holder.insert(0, [child])
      holder = child
    }
    const paragraph = new Y.XmlElement('paragraph')
    holder.insert(0, [paragraph])
    paragraph.insert(0, [new Y.XmlText('deep words')])
  })
  return doc
}

describe('readers of a document stored 20,000 deep', { timeout: 30_000 }, () => {
  const doc = deepTable()

  it('read its words without overflowing the stack', () => {
    expect(questionProgress(doc)[0]?.words).toBe(2)
    expect(questionTexts(doc)[0]?.paragraphs).toEqual(['deep words'])
    expect(textUnder(doc.getXmlFragment(NOTES_FRAGMENT).get(1) as Y.XmlElement).trim()).toBe(
      'deep words',
    )
    expect(nestsDeeperThan(doc.getXmlFragment(NOTES_FRAGMENT), MAX_DEPTH)).toBe(true)
  })

  it('leave it out of the compile with its note, and compile the others', () => {
    const fine = seededTable(session, 'fine')
    const tables = [
      { id: 'deep', doc },
      { id: 'fine', doc: fine },
    ]
    const { tables: readable, skipped } = leaveOutUnreadable(tables, 'left out')
    expect(readable.map((table) => table.id)).toEqual(['fine'])
    const synthesis = new Y.Doc()
    compileSynthesis(session, readable, synthesis, 'now', skipped)
    const xml = synthesis.getXmlFragment(NOTES_FRAGMENT).toString()
    expect(xml).toContain('tableId="deep"')
    expect(xml).toContain('left out')
    expect(xml).not.toContain('deep words')
  })
})
