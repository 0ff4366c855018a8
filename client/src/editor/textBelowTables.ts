import { Extension } from '@tiptap/core'
import type { Node as ProseMirrorNode } from '@tiptap/pm/model'
import { Plugin, PluginKey, TextSelection, type Transaction } from '@tiptap/pm/state'
import { Mapping } from '@tiptap/pm/transform'
import { Decoration, DecorationSet, type EditorView } from '@tiptap/pm/view'
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
 * The line this page draws below every table that ends its container (a table another page
 * left last: this page's own changes never leave one), at the container's end: a widget, not
 * document content, so no page writes anything until someone uses it.
 */
function placesBelowTables(doc: ProseMirrorNode): DecorationSet {
  return DecorationSet.create(
    doc,
    containersEndingInTable(doc).map(({ end }) =>
      Decoration.widget(end, placeBelowTable, {
        side: -1,
        key: 'text-below-table',
        ignoreSelection: true,
        // Its mousedown is its own (below): ProseMirror must not read it as a click in the text.
        stopEvent: () => true,
      }),
    ),
  )
}

/**
 * A line to click below a table: a mousedown (a tap makes one too) puts an empty paragraph at
 * the widget's position, the container's end, and the caret in it. Keyboard users reach the
 * same spot with the arrow keys: StarterKit's gap cursor stops there (answers are isolating),
 * and typing there makes the paragraph. A read-only editor hides the line (styles.css) and
 * ignores it.
 */
function placeBelowTable(view: EditorView, getPos: () => number | undefined): HTMLElement {
  const place = document.createElement('div')
  place.className = 'text-below-table'
  // A pointer's target only: the gap cursor is the keyboard's and screen readers' way there.
  place.setAttribute('aria-hidden', 'true')
  place.addEventListener('mousedown', (event) => {
    const pos = getPos()
    const paragraph = view.state.schema.nodes.paragraph
    if (pos === undefined || !paragraph || !view.editable) return
    event.preventDefault()
    const tr = view.state.tr.insert(pos, paragraph.create())
    view.dispatch(tr.setSelection(TextSelection.create(tr.doc, pos + 1)).scrollIntoView())
    view.focus()
  })
  return place
}

const placesKey = new PluginKey<DecorationSet>('placesBelowTables')

/**
 * Keeps somewhere to write below a table (issue 14): a table pasted at the end of an answer was
 * its last block, and the caret, which only goes where text can be typed, had nowhere in that
 * answer after it: the next key went into the next question's answer. After this page's own
 * changes, a container that ends with a table gets an empty paragraph after it (the server's
 * schema takes any block in an answer), and a paste or drop that put the table there leaves the
 * caret in that paragraph, as word processors do. Only containers this page's change touched
 * are completed: every page adding its own paragraph after the same table would add several.
 * Below a table another page left last, each page draws a line to click instead
 * (`placesBelowTables`), which becomes a paragraph only on the page where it is used.
 */
export const TextBelowTables = Extension.create({
  name: 'textBelowTables',

  addProseMirrorPlugins() {
    return [
      new Plugin<DecorationSet>({
        key: placesKey,
        state: {
          init: (_config, state) => placesBelowTables(state.doc),
          apply: (tr, places, _old, state) =>
            tr.docChanged ? placesBelowTables(state.doc) : places,
        },
        props: { decorations: (state) => placesKey.getState(state) },
      }),
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
