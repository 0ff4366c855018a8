import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  addComment,
  addReply,
  commentEntry,
  findQuote,
  openCommentCount,
  readComments,
  setResolved,
} from './comments.js'
import { NOTES_FRAGMENT } from './tableDocument.js'

/** A notes fragment with one paragraph per text, each one Y.XmlText (as y-tiptap writes it). */
function notesWith(...texts: string[]): Y.Doc {
  const doc = new Y.Doc()
  doc.getXmlFragment(NOTES_FRAGMENT).insert(
    0,
    texts.map((value) => {
      const paragraph = new Y.XmlElement('paragraph')
      paragraph.insert(0, [new Y.XmlText(value)])
      return paragraph
    }),
  )
  return doc
}

const writer = { author: 'Lucía', role: 'moderator' as const, createdAt: 1 }

describe('comments in a table document', () => {
  it('anchor to the n-th place of a quote and follow the text as people write around it', () => {
    const doc = notesWith('funding for cities', 'more funding, less funding')
    expect(findQuote(doc, 'funding', 3)).toBeNull()
    expect(findQuote(doc, 'nothing')).toBeNull()
    const place = findQuote(doc, 'funding', 2)!
    expect(place.index).toBe('more funding, less '.length)
    addComment(doc, place, { ...writer, id: 'c1', text: 'How much?' })
    const typed = place.text
    typed.insert(0, 'Far ')
    typed.insert(typed.length, ' now')
    const comment = readComments(doc)[0]!
    const start = Y.createAbsolutePositionFromRelativePosition(
      Y.decodeRelativePosition(comment.start),
      doc,
    )!
    const end = Y.createAbsolutePositionFromRelativePosition(
      Y.decodeRelativePosition(comment.end),
      doc,
    )!
    expect(typed.toString().slice(start.index, end.index)).toBe('funding')
    expect(comment).toMatchObject({ quote: 'funding', text: 'How much?', resolved: false })
  })

  it('take replies, resolve and reopen, and count the open ones', () => {
    const doc = notesWith('shelters')
    const place = findQuote(doc, 'shelters')!
    addComment(doc, place, { ...writer, id: 'a', text: 'One' })
    addComment(doc, place, { ...writer, id: 'b', text: 'Two' })
    addReply(commentEntry(doc, 'a')!, { ...writer, id: 'r', text: 'Yes' })
    setResolved(commentEntry(doc, 'b')!, true)
    expect(openCommentCount(doc)).toBe(1)
    expect(readComments(doc).map((each) => [each.id, each.replies.length, each.resolved])).toEqual([
      ['a', 1, false],
      ['b', 0, true],
    ])
    // Nothing of a comment is in the notes.
    expect(doc.getXmlFragment(NOTES_FRAGMENT).toString()).toBe('<paragraph>shelters</paragraph>')
  })
})
