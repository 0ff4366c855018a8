import { Table, TableCell, TableHeader, TableRow } from '@tiptap/extension-table'

/*
 * Tables in the notes (rapporteurs paste them from spreadsheets and reports): Tiptap's table
 * nodes with their standard names, `table`, `tableRow`, `tableHeader` and `tableCell`, which the
 * exports and the server's schema check read. A cell keeps the standard `colspan`, `rowspan`
 * and `colwidth` attributes and nothing else, so every writer knows every attribute.
 */

/**
 * A cell's attributes. Pasted column widths are dropped: they are the source application's
 * pixels and would push a table wider than a phone; without them a table takes the width of
 * its text (the stylesheet wraps long cells).
 */
const cellAttributes = () => ({
  colspan: { default: 1 },
  rowspan: { default: 1 },
  colwidth: { default: null, parseHTML: () => null },
})

/** The table nodes of every notes editor (answers and summaries hold `block+`, tables too). */
export const notesTable = [
  // Not resizable: column widths are not something the notes keep (see cellAttributes).
  Table.configure({ resizable: false }),
  TableRow,
  TableHeader.extend({ addAttributes: cellAttributes }),
  TableCell.extend({ addAttributes: cellAttributes }),
]
