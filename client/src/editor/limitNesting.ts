import { MAX_DEPTH } from '@tablenotes/shared'
import { Extension } from '@tiptap/core'
import type { Node as ProseMirrorNode } from '@tiptap/pm/model'
import { Plugin, PluginKey } from '@tiptap/pm/state'
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
 * Refuses local edits that would nest deeper than the server allows (PROTOCOL.md P13), such as
 * a list indented once more at the limit: the server would refuse the whole update and close the
 * connection. Changes from others, marked by y-tiptap, always apply.
 */
export const LimitNesting = Extension.create({
  name: 'limitNesting',
  addProseMirrorPlugins: () => [
    new Plugin({
      key: new PluginKey('limitNesting'),
      filterTransaction: (tr) =>
        !tr.docChanged || Boolean(tr.getMeta(ySyncPluginKey)) || !nestsTooDeep(tr.doc),
    }),
  ],
})
