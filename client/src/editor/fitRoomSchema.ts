import { TABLE_SCHEMA } from '@tablenotes/shared'
import { Extension } from '@tiptap/core'
import type { Node as ProseMirrorNode } from '@tiptap/pm/model'
import { type EditorState, Plugin, PluginKey, type Transaction } from '@tiptap/pm/state'
import { AttrStep } from '@tiptap/pm/transform'
import { ySyncPluginKey } from '@tiptap/y-tiptap'

/**
 * The server's rules for the blocks and marks people write (PROTOCOL.md P13), the same in a
 * table and in the synthesis; the structure around them is locked and never written here.
 */
const RULES = TABLE_SCHEMA.notes!

/** Where the local transactions changed the document, as ranges of the final document. */
function changedRanges(transactions: readonly Transaction[]): Array<[number, number]> {
  let ranges: Array<[number, number]> = []
  for (const tr of transactions) {
    if (!tr.docChanged || tr.getMeta(ySyncPluginKey)) continue
    ranges = ranges.map(([from, to]) => [tr.mapping.map(from, -1), tr.mapping.map(to, 1)])
    tr.steps.forEach((step, index) => {
      const after = tr.mapping.slice(index + 1)
      // An attribute step maps nothing: its node is the range.
      if (step instanceof AttrStep) ranges.push([after.map(step.pos, -1), after.map(step.pos + 1)])
      step.getMap().forEach((_oldFrom, _oldTo, from, to) => {
        ranges.push([after.map(from, -1), after.map(to, 1)])
      })
    })
  }
  return ranges
}

/** `node`'s attributes with each one the server would refuse set back to its default. */
function fittedAttributes(node: ProseMirrorNode): Record<string, unknown> | null {
  const rules = RULES.nodes[node.type.name]
  if (!rules || rules.locked) return null
  let fitted: Record<string, unknown> | null = null
  for (const [key, value] of Object.entries(node.attrs)) {
    const rule = rules.attributes[key]
    // y-tiptap writes no attribute whose value is null.
    if (value === null || value === undefined || !rule || rule(value)) continue
    fitted ??= { ...node.attrs }
    fitted[key] = node.type.spec.attrs?.[key]?.default ?? null
  }
  return fitted
}

/**
 * Sets back what a local change wrote that the server would refuse, before it reaches the shared
 * document: a pasted table cell's `rowspan="0"` or 5000 columns, a list's `start` beyond a
 * billion, a link whose address is longer than 2,048 characters. The server refuses the whole
 * update with such a value (4422) and the page kept it, so nothing typed afterwards was stored,
 * even after a reload. An attribute goes back to its default; a mark goes, its text stays.
 */
function fitTransactions(
  transactions: readonly Transaction[],
  state: EditorState,
): Transaction | null {
  const ranges = changedRanges(transactions)
  if (ranges.length === 0) return null
  const tr = state.tr
  for (const [from, to] of ranges) {
    state.doc.nodesBetween(Math.max(0, from), Math.min(state.doc.content.size, to), (node, pos) => {
      const attrs = fittedAttributes(node)
      if (attrs) tr.setNodeMarkup(pos, undefined, attrs)
      for (const mark of node.marks) {
        const rule = RULES.marks[mark.type.name]
        if (rule && !rule(mark.attrs)) tr.removeMark(pos, pos + node.nodeSize, mark)
      }
    })
  }
  return tr.docChanged ? tr.setMeta('addToHistory', false) : null
}

/** Keeps local changes within what the server takes (fitTransactions). */
export const FitRoomSchema = Extension.create({
  name: 'fitRoomSchema',
  addProseMirrorPlugins: () => [
    new Plugin({
      key: new PluginKey('fitRoomSchema'),
      appendTransaction: (transactions, _oldState, state) => fitTransactions(transactions, state),
    }),
  ],
})
