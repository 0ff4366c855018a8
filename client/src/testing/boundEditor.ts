import * as Y from 'yjs'
import { installDom } from './installDom.js'

/*
 * ProseMirror and y-tiptap for a client unit test that runs the binding itself: loaded once a
 * DOM is installed (they read its globals when they load; see installDom), with an editor view
 * bound to a Yjs document and the exchange of two documents' changes.
 */

installDom()
export const { Schema } = await import('@tiptap/pm/model')
export const { EditorState, TextSelection } = await import('@tiptap/pm/state')
export const { EditorView } = await import('@tiptap/pm/view')
export const { ySyncPlugin, prosemirrorToYXmlFragment } = await import('@tiptap/y-tiptap')

/**
 * A table's answers reduced to what the binding tests need: answers holding paragraphs and
 * bulleted lists, whose items start with a paragraph, as Tiptap's do.
 */
export const answerSchema = new Schema({
  nodes: {
    doc: { content: 'answer+' },
    answer: { content: 'block+', toDOM: () => ['div', 0] },
    paragraph: { content: 'text*', group: 'block', toDOM: () => ['p', 0] },
    listItem: { content: 'paragraph block*', toDOM: () => ['li', 0] },
    bulletList: { content: 'listItem+', group: 'block', toDOM: () => ['ul', 0] },
    text: {},
  },
})

/** A paragraph of `answerSchema` holding `text`. */
export const paragraph = (text: string) =>
  answerSchema.node('paragraph', null, [answerSchema.text(text)])

/** An editor of `schema` bound to `doc`'s "notes" fragment, rendered into a detached element. */
export function editorOn(doc: Y.Doc, schema: InstanceType<typeof Schema>) {
  const fragment = doc.getXmlFragment('notes')
  return new EditorView(document.createElement('div'), {
    state: EditorState.create({ schema, plugins: [ySyncPlugin(fragment)] }),
  })
}

/** Applies to each document the changes of the other that it has not seen. */
export function exchange(a: Y.Doc, b: Y.Doc): void {
  const toB = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b))
  const toA = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a))
  Y.applyUpdate(b, toB)
  Y.applyUpdate(a, toA)
}
