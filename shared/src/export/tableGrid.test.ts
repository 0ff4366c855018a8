import { describe, expect, it } from 'vitest'
import type { TableCell } from './notesModel.js'
import { tableGrid } from './tableGrid.js'

const cell = (name: string, colspan = 1, rowspan = 1): TableCell => ({
  header: false,
  colspan,
  rowspan,
  blocks: [{ type: 'paragraph', runs: [{ text: name }] }],
})

/** The grid as short strings: a cell's name, `^name` below it, `<` covered, `.` empty. */
function layout(rows: TableCell[][]): string[][] {
  const nameOf = (of: TableCell) =>
    of.blocks[0]?.type === 'paragraph' ? of.blocks[0].runs[0]!.text : '?'
  return tableGrid(rows).map((slots) =>
    slots.map((slot) => {
      if (slot.type === 'cell') return nameOf(slot.cell)
      if (slot.type === 'below') return `^${nameOf(slot.cell)}`
      return slot.type === 'covered' ? '<' : '.'
    }),
  )
}

describe('tableGrid', () => {
  it('places cells after the slots that spanning cells above them take', () => {
    const a = cell('a', 2, 2)
    expect(layout([[a, cell('b')], [cell('c')], [cell('d'), cell('e'), cell('f')]])).toEqual([
      ['a', '<', 'b'],
      ['^a', '<', 'c'],
      ['d', 'e', 'f'],
    ])
  })

  it('fills short rows, cuts a rowspan at the last row and lets the first cell keep a slot', () => {
    expect(layout([[cell('a', 1, 5), cell('b')], [cell('c', 2)]])).toEqual([
      ['a', 'b', '.'],
      ['^a', 'c', '<'],
    ])
    expect(
      layout([
        [cell('a'), cell('b', 1, 2)],
        [cell('c', 2), cell('d')],
      ]),
    ).toEqual([
      ['a', 'b', '.'],
      ['c', '^b', 'd'],
    ])
    expect(layout([])).toEqual([])
  })
})
