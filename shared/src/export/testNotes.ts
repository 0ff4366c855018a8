/**
 * Notes documents for the export tests beside this file, written the way the editor
 * (y-prosemirror) writes them: ProseMirror attrs stored as they are, marks as text attributes.
 */
import * as Y from 'yjs'
import { NOTES_FRAGMENT } from '../doc/tableDocument.js'

export type Child = Y.XmlElement | Y.XmlText | string

/** Attribute values as y-prosemirror writes them: ProseMirror attrs, numbers and null included. */
export type Attributes = Record<string, string | number | boolean | null | number[]>

/** An element; string children become plain text. */
export function el(name: string, attributes: Attributes, ...children: Child[]): Y.XmlElement {
  const node = new Y.XmlElement(name)
  for (const [key, value] of Object.entries(attributes)) {
    // Yjs types attributes as strings by default; y-prosemirror stores the attrs as they are.
    node.setAttribute(key, value as string)
  }
  node.insert(
    0,
    children.map((child) => (typeof child === 'string' ? new Y.XmlText(child) : child)),
  )
  return node
}

export const p = (...children: Child[]) => el('paragraph', {}, ...children)
export const li = (...children: Child[]) => el('listItem', {}, ...children)

/**
 * Rich text from [text, marks] runs, written the way y-prosemirror writes marks. (The length of
 * an XmlText is 0 until it is in a document, so the offset is counted here.)
 */
export function rich(...runs: (string | [string, Record<string, unknown>])[]): Y.XmlText {
  const text = new Y.XmlText()
  let offset = 0
  for (const run of runs) {
    const [insert, marks] = typeof run === 'string' ? [run, {}] : run
    text.insert(offset, insert, marks)
    offset += insert.length
  }
  return text
}

/** A Tiptap table: rows of cells, each `[text or paragraphs, attrs]`; `th` cells are headers. */
export function table(
  ...rows: (readonly (readonly [string | Y.XmlElement[], 'th' | 'td', Attributes?])[])[]
): Y.XmlElement {
  return el(
    'table',
    {},
    ...rows.map((cells) =>
      el(
        'tableRow',
        {},
        ...cells.map(([content, kind, attributes = {}]) =>
          el(
            kind === 'th' ? 'tableHeader' : 'tableCell',
            { colspan: 1, rowspan: 1, colwidth: null, ...attributes },
            ...(typeof content === 'string' ? [p(content)] : content),
          ),
        ),
      ),
    ),
  )
}

export function docOf(...nodes: Y.XmlElement[]): Y.Doc {
  const doc = new Y.Doc()
  doc.getXmlFragment(NOTES_FRAGMENT).insert(0, nodes)
  return doc
}

/**
 * A document whose notes are `depth` nested elements named `name` (a stock client can store
 * 20,000), with `text` in a paragraph at the bottom. Built one level per insert into the live
 * document, as a client's updates would, since Yjs integrates a prepared nest recursively.
 */
export function deeplyNested(depth: number, name: string, text: string): Y.Doc {
  const doc = new Y.Doc()
  doc.transact(() => {
    let parent: Y.XmlFragment | Y.XmlElement = doc.getXmlFragment(NOTES_FRAGMENT)
    for (let level = 0; level < depth; level++) {
      const child = new Y.XmlElement(name)
      parent.insert(0, [child])
      parent = child
    }
    parent.insert(0, [p(text)])
  })
  return doc
}
