/**
 * Notes documents for the export tests (beside this file, and the integration tests through
 * `@tablenotes/shared/test-notes`), written the way the editor (y-prosemirror) writes them:
 * ProseMirror attrs stored as they are, marks as text attributes.
 */
import * as Y from 'yjs'
import { CALL_TO_ACTION } from '../doc/callToAction.js'
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

/** A call to action as the editor writes it: who and by when as attributes, the action in one paragraph. */
export const callToAction = (action: string, actor: string, timeframe: string) =>
  el(CALL_TO_ACTION, { actor, timeframe }, p(action))

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
 * Nests `depth` elements named `name` as the last child of `parent`, an element or fragment
 * already in a document, with `text` in a paragraph at the bottom (a stock client can store a
 * nest of 20,000). Built one level per insert into the live document, as a client's updates
 * would, since Yjs integrates a prepared nest recursively.
 */
export function nestDeeply(
  parent: Y.XmlFragment | Y.XmlElement,
  depth: number,
  name: string,
  text: string,
): void {
  const doc = parent.doc
  if (!doc) throw new Error('nestDeeply needs a parent in a document')
  doc.transact(() => {
    let holder = parent
    for (let level = 0; level < depth; level++) {
      const child = new Y.XmlElement(name)
      holder.insert(holder.length, [child])
      holder = child
    }
    holder.insert(0, [p(text)])
  })
}

/** A document whose notes are only `nestDeeply`'s nest. */
export function deeplyNested(depth: number, name: string, text: string): Y.Doc {
  const doc = new Y.Doc()
  nestDeeply(doc.getXmlFragment(NOTES_FRAGMENT), depth, name, text)
  return doc
}
