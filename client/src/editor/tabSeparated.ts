/**
 * Reads text copied from a spreadsheet as rows of cells, or returns null when the text is not
 * a table. Spreadsheets (Excel, LibreOffice Calc, Google Sheets) put a selection of cells on
 * the clipboard as tab-separated lines; a cell holding a tab, a line break or a double quote
 * is wrapped in double quotes, with inner quotes doubled (RFC 4180's quoting, with tabs).
 *
 * Text counts as a table when it has at least two lines and every line has the same number of
 * cells, at least two, and no column is empty throughout: prose with a stray tab and indented
 * lines are left to the ordinary text paste. One final
 * line break (spreadsheets add it) is ignored. Cells are returned as written, with their
 * line breaks as `\n`.
 */
export function parseTabSeparated(text: string): string[][] | null {
  if (!text.includes('\t')) return null
  const rows = readRows(text.replace(/\r?\n$|\r$/, ''))
  if (rows.length < 2) return null
  const width = rows[0]!.length
  if (width < 2 || rows.some((row) => row.length !== width)) return null
  // Indented lines read as a first column that is empty everywhere: that is not a table.
  const emptyColumn = rows[0]!.some((_, column) => rows.every((row) => row[column] === ''))
  return emptyColumn ? null : rows
}

function readRows(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let index = 0
  for (;;) {
    const { value, end } = readCell(text, index)
    row.push(value)
    const separator = text[end]
    if (separator === '\t') {
      index = end + 1
      continue
    }
    rows.push(row)
    if (separator === undefined) return rows
    row = []
    index = end + (text.startsWith('\r\n', end) ? 2 : 1)
  }
}

/** One cell starting at `start`, and the index of what follows it (a tab, a line break or the end). */
function readCell(text: string, start: number): { value: string; end: number } {
  if (text[start] === '"') {
    let value = ''
    let index = start + 1
    for (;;) {
      const quote = text.indexOf('"', index)
      if (quote === -1) break // An unclosed quote: read the rest as written below.
      value += text.slice(index, quote)
      if (text[quote + 1] === '"') {
        value += '"'
        index = quote + 2
        continue
      }
      const end = quote + 1
      if (end === text.length || /[\t\r\n]/.test(text[end]!))
        return { value: value.replace(/\r\n?/g, '\n'), end }
      break // Text after the closing quote: the quote was part of the cell.
    }
  }
  const match = /[\t\r\n]/.exec(text.slice(start))
  const end = match ? start + match.index : text.length
  return { value: text.slice(start, end), end }
}
