import { textDirection } from '@tablenotes/shared'
import { Node, type NodeConfig } from '@tiptap/core'
import type { DOMOutputSpec } from '@tiptap/pm/model'

/** A string attribute that pasted HTML can never set. */
export function attributes(...names: string[]) {
  return Object.fromEntries(names.map((name) => [name, { default: '', parseHTML: () => '' }]))
}

/**
 * A node that only the server writes: it cannot be selected or dragged, and it has no parse rule,
 * so pasted HTML can never create one that the merge would trust.
 */
export function lockedNode(config: NodeConfig) {
  return Node.create({ selectable: false, draggable: false, parseHTML: () => [], ...config })
}

/** How a question and a part render, alike in a table and in the synthesis (styles.css). */
const PROMPTED = {
  question: { tag: 'section', className: 'question', heading: 'h3', body: 'question-body' },
  part: { tag: 'div', className: 'question-part', heading: 'h4', body: 'part-body' },
} as const

/**
 * The DOM of a question's or a part's node: its element (with `dataAttributes`), the prompt
 * `heading` as a non-editable heading, and the body that holds the node's content. The heading's
 * direction is its prompt's, past the label: `dir="auto"` would read "b. ما …" as left to right
 * from the part's letter.
 */
export function promptedBlock(
  kind: keyof typeof PROMPTED,
  heading: string,
  dataAttributes: Record<string, string | null> = {},
): DOMOutputSpec {
  const { tag, className, heading: headingTag, body } = PROMPTED[kind]
  return [
    tag,
    { class: className, ...dataAttributes },
    [
      headingTag,
      { class: 'prompt', contenteditable: 'false', dir: textDirection(heading) },
      heading,
    ],
    ['div', { class: body }, 0],
  ]
}
