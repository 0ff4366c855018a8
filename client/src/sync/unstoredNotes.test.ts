import { NodeName, PRIORITIES_ARRAY } from '@tablenotes/shared'
import { notesToMarkdown } from '@tablenotes/shared/markdown'
import { notesElements, seededTable, testSession } from '@tablenotes/shared/testing'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { unstoredNotes } from './unstoredNotes.js'

const seeded = () => seededTable(testSession, 't1')
const paragraphs = (doc: Y.Doc) => notesElements(doc, NodeName.paragraph)

function write(paragraph: Y.XmlElement, text: string): void {
  const first = paragraph.get(0)
  if (first instanceof Y.XmlText) first.insert(first.length, text)
  else paragraph.insert(0, [new Y.XmlText(text)])
}

const stateOf = (doc: Y.Doc) => Y.decodeStateVector(Y.encodeStateVector(doc))

describe('unstoredNotes', () => {
  it('keeps only what lies past the server’s state vector, under its question', () => {
    const doc = seeded()
    const [first, , part] = paragraphs(doc)
    write(first as Y.XmlElement, 'stored words ')
    doc.getArray(PRIORITIES_ARRAY).push([{ label: 'Stored issue' }])
    const stored = stateOf(doc)
    expect(unstoredNotes(doc, stored)).toBeNull()

    // Typed after the server stored: the same writer, so Yjs merges it into the stored item.
    write(first as Y.XmlElement, 'and unstored ones')
    write(part as Y.XmlElement, 'in the part')
    doc.getArray(PRIORITIES_ARRAY).push([{ label: 'New issue' }])
    const copy = unstoredNotes(doc, stored)
    expect(copy).not.toBeNull()
    const markdown = notesToMarkdown(copy as Y.Doc)
    expect(markdown).toContain('## 1. What works?\n\nand unstored ones')
    expect(markdown).toContain('### a. Nationally?\n\nin the part')
    expect(markdown).toContain('New issue')
    expect(markdown).not.toContain('stored words')
    expect(markdown).not.toContain('Stored issue')
    // The device's own document is untouched.
    expect(notesToMarkdown(doc)).toContain('stored words and unstored ones')
  })

  it('leaves out questions with nothing unstored', () => {
    const doc = seeded()
    const stored = stateOf(doc)
    const [first] = paragraphs(doc)
    write(first as Y.XmlElement, 'only here')
    const markdown = notesToMarkdown(unstoredNotes(doc, stored) as Y.Doc)
    expect(markdown).toContain('only here')
    expect(markdown).not.toContain('What should change?')
  })
})
