import { MAX_DEPTH } from '@tablenotes/shared'
import { Extension } from '@tiptap/core'
import { Fragment, type Node as ProseMirrorNode, Slice } from '@tiptap/pm/model'
import { type EditorState, Plugin, PluginKey } from '@tiptap/pm/state'
import { ySyncPluginKey } from '@tiptap/y-tiptap'

/**
 * Whether any node of `doc` but text is more than MAX_DEPTH levels below it. The document's
 * children are at depth 1, as the elements of the Yjs fragment it mirrors are.
 */
function nestsTooDeep(doc: ProseMirrorNode): boolean {
  const visit = (node: ProseMirrorNode, depth: number): boolean => {
    let tooDeep = false
    node.forEach((child) => {
      if (tooDeep || child.isText) return
      tooDeep = depth > MAX_DEPTH || visit(child, depth + 1)
    })
    return tooDeep
  }
  return visit(doc, 1)
}

/**
 * A pasted or dropped slice as it may go in at the selection: as it is, or, when its tables or
 * lists would nest deeper than the limit there, as plain paragraphs holding each of its text
 * blocks' content (bold, italic and links kept), so that the words go in rather than the whole
 * paste being refused.
 */
function fitPasted(slice: Slice, state: EditorState): Slice {
  if (!nestsTooDeep(state.tr.replaceSelection(slice).doc)) return slice
  const paragraph = state.schema.nodes.paragraph!
  const paragraphs: ProseMirrorNode[] = []
  slice.content.descendants((node) => {
    if (!node.isTextblock) return true
    paragraphs.push(paragraph.create(null, node.content))
    return false
  })
  // Open at both ends, as pasted text is, so its first and last lines join the caret's paragraph.
  return paragraphs.length === 0 ? Slice.empty : new Slice(Fragment.from(paragraphs), 1, 1)
}

/**
 * Refuses local edits that would nest deeper than the server allows (PROTOCOL.md P13), such as
 * a list indented once more at the limit: the server would refuse the whole update and close the
 * connection. Changes from others, marked by y-tiptap, always apply. A paste or drop that would
 * nest too deep goes in as plain paragraphs instead (fitPasted).
 */
export const LimitNesting = Extension.create({
  name: 'limitNesting',
  addProseMirrorPlugins: () => [
    new Plugin({
      key: new PluginKey('limitNesting'),
      filterTransaction: (tr) =>
        !tr.docChanged || Boolean(tr.getMeta(ySyncPluginKey)) || !nestsTooDeep(tr.doc),
      props: { transformPasted: (slice, view) => fitPasted(slice, view.state) },
    }),
  ],
})
