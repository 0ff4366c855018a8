import { Extension } from '@tiptap/core'
import type { Node as ProseMirrorNode } from '@tiptap/pm/model'
import { Plugin, PluginKey, TextSelection, type Transaction } from '@tiptap/pm/state'
import { Mapping } from '@tiptap/pm/transform'
import { ySyncPluginKey } from '@tiptap/y-tiptap'

/**
 * The containers whose last child is a table and that may hold a paragraph after it (an
 * answer, a summary, a list item, a cell), as the positions before their start token and
 * before their end token. The document's top level is left alone (a table document's loose
 * notes are what a removed question left).
 */
function containersEndingInTable(doc: ProseMirrorNode): { start: number; end: number }[] {
  const found: { start: number; end: number }[] = []
  doc.descendants((node, pos) => {
    if (node.isTextblock || node.isLeaf) return false
    const last = node.lastChild
    const paragraph = node.type.schema.nodes.paragraph
    if (
      last?.type.name === 'table' &&
      paragraph &&
      node.type.contentMatch.matchFragment(node.content)?.matchType(paragraph)
    ) {
      found.push({ start: pos, end: pos + node.nodeSize - 1 })
    }
    return true
  })
  return found
}

/**
 * The range of `state.doc` that the local transactions among `transactions` (applied in order,
 * the last giving `state.doc`) changed, or null if they changed nothing.
 */
function changedByLocal(
  transactions: readonly Transaction[],
  isLocal: (tr: Transaction) => boolean,
): { from: number; to: number } | null {
  let from = Number.POSITIVE_INFINITY
  let to = Number.NEGATIVE_INFINITY
  transactions.forEach((tr, index) => {
    if (!isLocal(tr)) return
    // Positions after this transaction, carried to the last document by the later ones.
    const later = new Mapping()
    for (const next of transactions.slice(index + 1)) later.appendMapping(next.mapping)
    tr.mapping.maps.forEach((map, step) => {
      const rest = tr.mapping.slice(step + 1)
      map.forEach((_oldStart, _oldEnd, start, end) => {
        from = Math.min(from, later.map(rest.map(start, -1), -1))
        to = Math.max(to, later.map(rest.map(end, 1), 1))
      })
    })
  })
  return from <= to ? { from, to } : null
}

/** Whether a transaction is a paste or a drop made on this page. */
const isPasteOrDrop = (tr: Transaction) => ['paste', 'drop'].includes(tr.getMeta('uiEvent'))

/**
 * Keeps somewhere to write below a table (issue 14): a table pasted at the end of an answer was
 * its last block, and the caret, which only goes where text can be typed, had nowhere in that
 * answer after it: the next key went into the next question's answer. After this page's own
 * changes, a container that ends with a table gets an empty paragraph after it (the server's
 * schema takes any block in an answer), and a paste or drop that put the table there leaves the
 * caret in that paragraph, as word processors do. Only containers this page's change touched
 * are completed: every page adding its own paragraph after the same table would add several.
 */
export const TextBelowTables = Extension.create({
  name: 'textBelowTables',

  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey('textBelowTables'),
        appendTransaction: (transactions, oldState, state) => {
          const isLocal = (tr: Transaction) => tr.docChanged && !tr.getMeta(ySyncPluginKey)
          const changed = changedByLocal(transactions, isLocal)
          if (!changed) return null
          // Only where this page wrote: a table another page left last is that page's to follow.
          const containers = containersEndingInTable(state.doc).filter(
            ({ start, end }) => start <= changed.to && changed.from <= end,
          )
          const paragraph = state.schema.nodes.paragraph
          if (containers.length === 0 || !paragraph) return null
          const tr = state.tr
          // From the last to the first, so that earlier positions stay valid.
          for (const { end } of [...containers].reverse()) tr.insert(end, paragraph.create())
          if (transactions.some((tr) => isLocal(tr) && isPasteOrDrop(tr))) {
            // Where the paste or drop went in: if its container now ends with a table, the
            // caret goes into the paragraph below it.
            const mapping = new Mapping()
            for (const transaction of transactions) mapping.appendMapping(transaction.mapping)
            const at = mapping.map(oldState.selection.from, -1)
            const target = containers.find(({ start, end }) => start < at && at <= end)
            if (target) {
              const inside = tr.mapping.map(target.end, -1) + 1
              tr.setSelection(TextSelection.create(tr.doc, inside)).scrollIntoView()
            }
          }
          return tr
        },
      }),
    ]
  },
})
