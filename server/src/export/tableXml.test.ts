import type { Block, TableCell } from '@tablenotes/shared'
import { describe, expect, it } from 'vitest'
import { tableXml } from './tableXml.js'

const cell = (text: string, attributes: Partial<TableCell> = {}): TableCell => ({
  header: false,
  colspan: 1,
  rowspan: 1,
  blocks: text === '' ? [] : [{ type: 'paragraph', runs: [{ text }] }],
  ...attributes,
})

/** Writes a cell's paragraphs as `<w:p>text</w:p>`, bold ones as `<w:p>**text**</w:p>`. */
const blocksXml = (blocks: readonly Block[]) =>
  blocks
    .map((block) =>
      block.type === 'paragraph'
        ? `<w:p>${block.runs.map((run) => (run.bold ? `**${run.text}**` : run.text)).join('')}</w:p>`
        : '<w:tbl>nested</w:tbl>',
    )
    .join('')

describe('tableXml', () => {
  it('writes spans as gridSpan and vMerge, and header rows bold and repeated', () => {
    const xml = tableXml(
      [
        [cell('Issue', { header: true, colspan: 2 }), cell('Who', { header: true })],
        [cell('Housing', { rowspan: 2 }), cell('a'), cell('b')],
        [cell('c')],
      ],
      'en',
      blocksXml,
    )
    const rows = xml.match(/<w:tr>.*?<\/w:tr>/g) ?? []
    expect(rows).toHaveLength(3)
    expect(rows[0]).toMatch(/^<w:tr><w:trPr><w:tblHeader\/><\/w:trPr><w:tc>/)
    expect(rows[0]).toContain(
      '<w:gridSpan w:val="2"/><w:shd w:val="clear" w:color="auto" w:fill="F2F3F5"/></w:tcPr><w:p>**Issue**</w:p>',
    )
    expect(rows[1]).toContain('<w:vMerge w:val="restart"/></w:tcPr><w:p>Housing</w:p>')
    expect(rows[1]).not.toContain('tblHeader')
    // The row below holds the merged cell's continuation, then c, then an empty slot.
    expect(rows[2]!.match(/<w:tc>.*?<\/w:tc>/g)).toEqual([
      expect.stringContaining('<w:vMerge/></w:tcPr><w:p/>'),
      expect.stringContaining('<w:p>c</w:p>'),
      expect.stringMatching(/<\/w:tcPr><w:p\/><\/w:tc>$/),
    ])
    expect(xml.match(/<w:gridCol /g)).toHaveLength(3)
    expect(xml).not.toContain('bidiVisual')
  })

  it('lays a right-to-left document’s columns from the right and closes cells with a paragraph', () => {
    const nested: TableCell = {
      ...cell(''),
      blocks: [{ type: 'table', rows: [[cell('inside')]] }],
    }
    const xml = tableXml([[cell('السكن'), nested]], 'ar', blocksXml)
    expect(xml).toMatch(/^<w:tbl><w:tblPr><w:bidiVisual\/><w:tblW /)
    expect(xml).toContain('<w:tbl>nested</w:tbl><w:p/></w:tc>')
    expect(tableXml([], 'en', blocksXml)).toBe('')
  })
})
