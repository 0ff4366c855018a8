import type { TableCell } from './notesModel.js'

/**
 * One slot of a table's grid: where a cell starts (`cell`), the first column of a cell spanning
 * from a row above (`below`, which Word writes as a merged continuation), any other slot a cell
 * covers (`covered`), or a slot no cell reaches in a short row (`empty`).
 */
export type GridSlot =
  | { type: 'cell'; cell: TableCell }
  | { type: 'below'; cell: TableCell }
  | { type: 'covered' }
  | { type: 'empty' }

/**
 * Places a table block's cells on a rectangular grid, the way ProseMirror's TableMap reads a
 * table: each cell takes the first free slot of its row and covers `colspan` × `rowspan` slots
 * (a rowspan is cut at the last row; where stored spans overlap, the first cell keeps the slot).
 * Short rows are filled with `empty` slots, so every row has the width of the widest, which is at
 * most MAX_SPAN × the cells of one row. Formats without spans (GFM) write each slot as a cell.
 */
export function tableGrid(rows: readonly (readonly TableCell[])[]): GridSlot[][] {
  const grid: GridSlot[][] = rows.map(() => [])
  rows.forEach((row, rowIndex) => {
    let column = 0
    for (const cell of row) {
      while (grid[rowIndex]![column]) column++
      const rowspan = Math.min(cell.rowspan, rows.length - rowIndex)
      for (let down = 0; down < rowspan; down++) {
        const slots = grid[rowIndex + down]!
        for (let across = 0; across < cell.colspan; across++) {
          if (slots[column + across]) continue
          slots[column + across] =
            down === 0 && across === 0
              ? { type: 'cell', cell }
              : across === 0
                ? { type: 'below', cell }
                : { type: 'covered' }
        }
      }
      column += cell.colspan
    }
  })
  const width = grid.reduce((widest, slots) => Math.max(widest, slots.length), 0)
  // Array.from, not a loop over `slots`: a sparse row's holes are skipped by forEach and map.
  return grid.map((slots) =>
    Array.from({ length: width }, (_, column) => slots[column] ?? { type: 'empty' }),
  )
}
