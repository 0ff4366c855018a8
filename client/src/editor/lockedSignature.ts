import type { Node as ProseMirrorNode } from '@tiptap/pm/model'
import { Plugin, PluginKey } from '@tiptap/pm/state'
import { ySyncPluginKey } from '@tiptap/y-tiptap'

/** Which parts of a document only the server may change. */
export interface LockRules {
  /** Nodes whose type, attributes and place no local edit may change. */
  locked: ReadonlySet<string>
  /** Locked nodes whose content is anyone's to write (a table's answers, the summaries). */
  open: ReadonlySet<string>
  /** Locked nodes whose content is locked too (a table's contribution in the synthesis). */
  sealed: ReadonlySet<string>
}

/**
 * A string that changes exactly when a locked part of the document changes. Documents are
 * immutable, so each one's signature is computed once (this runs on every keystroke).
 */
export function createSignature(rules: LockRules): (doc: ProseMirrorNode) => string {
  const known = new WeakMap<ProseMirrorNode, string>()
  return (doc) => {
    const cached = known.get(doc)
    if (cached !== undefined) return cached
    const parts: string[] = []
    doc.descendants((node) => {
      const name = node.type.name
      if (!rules.locked.has(name)) return false
      const content = rules.sealed.has(name) ? JSON.stringify(node.content.toJSON()) : ''
      parts.push(`${name}${JSON.stringify(node.attrs)}${content}`)
      return !rules.open.has(name) && !rules.sealed.has(name)
    })
    const signature = parts.join('|')
    known.set(doc, signature)
    return signature
  }
}

/**
 * Refuses every local transaction that would change a locked part; changes from other people
 * and the server, which y-tiptap marks, always apply.
 */
export function lockPlugin(name: string, signature: (doc: ProseMirrorNode) => string): Plugin {
  return new Plugin({
    key: new PluginKey(name),
    filterTransaction(tr, state) {
      if (!tr.docChanged || tr.getMeta(ySyncPluginKey)) return true
      return signature(tr.doc) === signature(state.doc)
    },
  })
}
