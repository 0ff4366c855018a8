import { Extension } from '@tiptap/core'
import { Fragment, type Node as ProseMirrorNode, type Schema, Slice } from '@tiptap/pm/model'
import { Plugin, PluginKey } from '@tiptap/pm/state'
import { cleanPastedHtmlText } from './cleanPastedHtml.js'
import { parseTabSeparated } from './tabSeparated.js'

/**
 * The highest heading level pasted notes may have: the prompts they answer are h3 (questions)
 * and h4 (parts), and a pasted title must not stand out above them, on the page or to a screen
 * reader walking the headings.
 */
const TOP_PASTED_HEADING = 4
const LOWEST_HEADING = 6

/**
 * Moves pasted headings down so the highest becomes TOP_PASTED_HEADING, keeping their order
 * (h1, h2 → h4, h5), never below h6. A slice whose headings are already low enough is returned
 * unchanged.
 */
export function lowerHeadings(slice: Slice): Slice {
  let highest = LOWEST_HEADING + 1
  slice.content.descendants((node) => {
    if (node.type.name === 'heading') highest = Math.min(highest, Number(node.attrs.level))
  })
  const shift = TOP_PASTED_HEADING - highest
  if (shift <= 0) return slice
  const lower = (fragment: Fragment): Fragment => {
    const nodes: ProseMirrorNode[] = []
    fragment.forEach((node) => {
      if (node.type.name === 'heading') {
        const level = Math.min(LOWEST_HEADING, Number(node.attrs.level) + shift)
        nodes.push(node.type.create({ ...node.attrs, level }, node.content, node.marks))
      } else nodes.push(node.isLeaf ? node : node.copy(lower(node.content)))
    })
    return Fragment.from(nodes)
  }
  return new Slice(lower(slice.content), slice.openStart, slice.openEnd)
}

/** Rows of cells as a table of the notes' schema, one paragraph per line of a cell. */
function tableSlice(rows: string[][], schema: Schema): Slice | null {
  const { table, tableRow, tableCell, paragraph } = schema.nodes
  if (!table || !tableRow || !tableCell || !paragraph) return null
  const cell = (text: string) =>
    tableCell.create(
      null,
      text.split('\n').map((line) => paragraph.create(null, line ? schema.text(line) : null)),
    )
  const rowNodes = rows.map((row) => tableRow.create(null, row.map(cell)))
  return new Slice(Fragment.from(table.create(null, rowNodes)), 0, 0)
}

/**
 * What pasting brings into the notes: HTML from word processors cleaned of comments, tracked
 * deletions, dead links and foreign classes (cleanPastedHtml); cells copied from a spreadsheet
 * as plain tab-separated text become a table (a "paste as plain text", Shift held, stays
 * text); pasted headings sit below the prompts. Dropped HTML goes through the same cleaning.
 */
export const PastedContent = Extension.create({
  name: 'pastedContent',
  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey('pastedContent'),
        props: {
          transformPastedHTML: (html, view) => cleanPastedHtmlText(html, view.dom.ownerDocument),
          clipboardTextParser: (text, _context, plain, view) => {
            const rows = plain ? null : parseTabSeparated(text)
            // ProseMirror parses the text itself when this returns nothing (EditorView.someProp).
            return (rows && tableSlice(rows, view.state.schema)) as Slice
          },
          transformPasted: (slice) => lowerHeadings(slice),
        },
      }),
    ]
  },
})
