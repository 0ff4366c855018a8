import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  answerSchema,
  editorOn,
  exchange,
  paragraph,
  prosemirrorToYXmlFragment,
} from '../testing/boundEditor.js'

/*
 * The y-tiptap patch for content that lacks a required node (patches/README.md, part 5): two
 * people each delete one of an answer's two paragraphs at once, and the merged answer holds
 * none, which its `block+` content forbids. Upstream y-tiptap then deleted the answer from the
 * shared document (the server refuses that for a seeded answer, and a list item taken the same
 * way takes its text with it); with the patch the editor shows an empty paragraph in it.
 */

const schema = answerSchema

/** Renders `doc`'s "notes" in an editor, and resolves once y-tiptap has rendered it. */
async function render(doc: Y.Doc) {
  const view = editorOn(doc, schema)
  await new Promise((resolve) => setTimeout(resolve, 0))
  return view
}

describe('content a merge left without a required node', () => {
  it('keeps an answer whose paragraphs two people deleted at once, and shows a paragraph in it', async () => {
    const alice = new Y.Doc()
    const bruno = new Y.Doc()
    prosemirrorToYXmlFragment(
      schema.node('doc', null, [schema.node('answer', null, [paragraph('one'), paragraph('two')])]),
      alice.getXmlFragment('notes'),
    )
    exchange(alice, bruno)
    const answerOf = (doc: Y.Doc) => doc.getXmlFragment('notes').get(0) as Y.XmlElement
    answerOf(alice).delete(0, 1)
    answerOf(bruno).delete(1, 1)
    exchange(alice, bruno)
    expect(answerOf(alice).length).toBe(0)

    const view = await render(alice)
    expect(alice.getXmlFragment('notes').length).toBe(1)
    expect(view.state.doc.child(0).type.name).toBe('answer')
    expect(view.state.doc.child(0).firstChild?.type.name).toBe('paragraph')
    view.destroy()
  })

  it('keeps a list item whose paragraph a merge took, with the list it holds', async () => {
    const doc = new Y.Doc()
    const nested = schema.node('bulletList', null, [
      schema.node('listItem', null, [paragraph('kept words')]),
    ])
    prosemirrorToYXmlFragment(
      schema.node('doc', null, [
        schema.node('answer', null, [
          schema.node('bulletList', null, [
            schema.node('listItem', null, [paragraph('x'), nested]),
          ]),
        ]),
      ]),
      doc.getXmlFragment('notes'),
    )
    const list = (doc.getXmlFragment('notes').get(0) as Y.XmlElement).get(0) as Y.XmlElement
    ;(list.get(0) as Y.XmlElement).delete(0, 1)

    const view = await render(doc)
    expect(doc.getXmlFragment('notes').toString()).toContain('kept words')
    expect(view.state.doc.textContent).toBe('kept words')
    view.destroy()
  })
})
