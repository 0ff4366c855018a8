import { Node, type NodeConfig } from '@tiptap/core'

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
