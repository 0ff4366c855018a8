import {
  type Block,
  type GridSlot,
  isRightToLeftLanguage,
  type TableCell,
  tableGrid,
} from '@tablenotes/shared'

/** The text width of the page notesToDocx sets (A4, 2 cm margins), in twentieths of a point. */
const TEXT_WIDTH = 11906 - 2 * 1134

const BORDER = 'w:val="single" w:sz="4" w:space="0" w:color="A6A8B0"'

/** Header cells' text in bold, as a `<th>` shows it; nested blocks keep their own runs. */
function inBold(blocks: readonly Block[]): Block[] {
  return blocks.map((block) =>
    block.type === 'paragraph' || block.type === 'heading'
      ? { ...block, runs: block.runs.map((run) => ({ ...run, bold: true })) }
      : block,
  )
}

/** The grid columns a slot takes: itself and the `covered` slots right after it in its row. */
function spanAt(slots: readonly GridSlot[], column: number): number {
  let end = column + 1
  while (slots[end]?.type === 'covered') end++
  return end - column
}

/** One grid slot as a cell (`tc`), `size` its width and span; nothing for a covered slot. */
function slotXml(
  slot: GridSlot,
  size: string,
  blocksXml: (blocks: readonly Block[]) => string,
): string {
  const cellXml = (content: string, properties: string) => {
    // A cell must end with a paragraph (§17.4.66), also after a nested table.
    const closed = content.endsWith('</w:p>') ? content : `${content}<w:p/>`
    return `<w:tc><w:tcPr>${properties}</w:tcPr>${closed}</w:tc>`
  }
  if (slot.type === 'covered') return ''
  if (slot.type === 'below') return cellXml('', `${size}<w:vMerge/>`)
  if (slot.type === 'empty') return cellXml('', size)
  const { cell } = slot
  const merge = cell.rowspan > 1 ? '<w:vMerge w:val="restart"/>' : ''
  const shade = cell.header ? '<w:shd w:val="clear" w:color="auto" w:fill="F2F3F5"/>' : ''
  const blocks = cell.header ? inBold(cell.blocks) : cell.blocks
  return cellXml(blocksXml(blocks), `${size}${merge}${shade}`)
}

/**
 * A table block as a WordprocessingML table (ECMA-376 §17.4): equal columns across the page
 * (or the cell holding it), thin borders, `gridSpan` for a cell spanning columns and `vMerge` for one spanning
 * rows (a continuation cell in each row below), leading rows of header cells repeated on each
 * page (`tblHeader`) with their text in bold, and the columns laid right to left in a
 * right-to-left document. `blocksXml` writes a cell's blocks as body content.
 */
export function tableXml(
  rows: readonly (readonly TableCell[])[],
  language: string,
  blocksXml: (blocks: readonly Block[]) => string,
): string {
  const grid = tableGrid(rows)
  const width = grid[0]?.length ?? 0
  if (width === 0) return ''
  const column = Math.floor(TEXT_WIDTH / width)
  let headerRows = 0
  while (rows[headerRows]?.length && rows[headerRows]!.every((cell) => cell.header)) headerRows++
  const rowXml = (slots: readonly GridSlot[], rowIndex: number) => {
    const cells = slots.map((slot, index) => {
      const span = spanAt(slots, index)
      const size = `<w:tcW w:w="${column * span}" w:type="dxa"/>${span > 1 ? `<w:gridSpan w:val="${span}"/>` : ''}`
      return slotXml(slot, size, blocksXml)
    })
    const header = rowIndex < headerRows ? '<w:trPr><w:tblHeader/></w:trPr>' : ''
    return `<w:tr>${header}${cells.join('')}</w:tr>`
  }
  const borders = ['top', 'left', 'bottom', 'right', 'insideH', 'insideV']
    .map((side) => `<w:${side} ${BORDER}/>`)
    .join('')
  // In the schema's order (§17.4.60); the full width of the page or of the cell it sits in.
  const properties = `<w:tblPr>${isRightToLeftLanguage(language) ? '<w:bidiVisual/>' : ''}<w:tblW w:w="5000" w:type="pct"/><w:tblBorders>${borders}</w:tblBorders><w:tblCellMar><w:left w:w="85" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr>`
  const columns = `<w:tblGrid>${`<w:gridCol w:w="${column}"/>`.repeat(width)}</w:tblGrid>`
  return `<w:tbl>${properties}${columns}${grid.map(rowXml).join('')}</w:tbl>`
}
