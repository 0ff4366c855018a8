import { Extension } from '@tiptap/core'
import { Plugin, PluginKey, TextSelection } from '@tiptap/pm/state'
import {
  CellSelection,
  isInTable,
  __pastedCells as pastedCells,
  tableNodeTypes,
} from '@tiptap/pm/tables'

/**
 * A table pasted with the caret in a table goes in as a table of its own, right after the table
 * the caret is in (issue 14, the attacker's check: caret at the end of the cell "KEEPME", a
 * one-cell table pasted, the answer read "NEW…" and "KEEPME" was gone).
 *
 * prosemirror-tables pastes cells over the table's cells from the caret's cell on, as a
 * spreadsheet does: whatever those cells held is replaced, with no question. A rapporteur who
 * pastes a table from a report into the notes means to add it, never to overwrite what the
 * table already says. Pasting over cells the person selected (a CellSelection) stays theirs to
 * do: that replaces what they chose, as typing over a selection does.
 *
 * `__pastedCells` is prosemirror-tables' own reading of a slice as rows of cells (`null` when it
 * is not cells), which its paste handler uses: the same test decides which pastes this takes.
 */
export const PasteBesideTable = Extension.create({
  name: 'pasteBesideTable',
  // Before the Table extension's plugin (priority 100), whose paste handler would take it.
  priority: 1000,

  addProseMirrorPlugins: () => [
    new Plugin({
      key: new PluginKey('pasteBesideTable'),
      props: {
        handlePaste(view, _event, slice) {
          const { state } = view
          if (state.selection instanceof CellSelection || !isInTable(state)) return false
          const cells = pastedCells(slice)
          if (!cells) return false
          const types = tableNodeTypes(state.schema)
          const table = types.table.create(
            null,
            cells.rows.map((row) => types.row.create(null, row)),
          )
          const { $from } = state.selection
          let depth = $from.depth
          while (depth > 0 && $from.node(depth).type !== types.table) depth--
          const after = $from.after(depth)
          const tr = state.tr.insert(after, table)
          // The caret ends the pasted table, as it ends any pasted text.
          tr.setSelection(TextSelection.near(tr.doc.resolve(after + table.nodeSize - 1), -1))
          view.dispatch(tr.scrollIntoView())
          return true
        },
      },
    }),
  ],
})
