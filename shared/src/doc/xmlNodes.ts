import * as Y from 'yjs'

/** A child of a Yjs XML node: an element, text, or a hook. */
export type XmlNode = Y.XmlElement | Y.XmlText | Y.XmlHook

/** A new element with its attributes and children, ready to insert. */
export function element(
  name: string,
  attributes: Record<string, string>,
  children: Y.XmlElement[] = [],
): Y.XmlElement {
  const node = new Y.XmlElement(name)
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value)
  node.insert(0, children)
  return node
}

export function isElement(node: unknown, name: string): node is Y.XmlElement {
  return node instanceof Y.XmlElement && node.nodeName === name
}

/** The children of `parent` that are elements named `name`, in order. */
export function childElements(parent: Y.XmlFragment | Y.XmlElement, name: string): Y.XmlElement[] {
  return parent.toArray().filter((node): node is Y.XmlElement => isElement(node, name))
}

/**
 * Sets (or with undefined removes) an attribute only if it differs, so a reconcile or a compile
 * that changes nothing writes nothing; returns whether it did.
 */
export function setAttribute(node: Y.XmlElement, name: string, value: string | undefined): boolean {
  if (node.getAttribute(name) === value) return false
  if (value === undefined) node.removeAttribute(name)
  else node.setAttribute(name, value)
  return true
}

/** A JSON array kept in an attribute (the synthesis header's tables, its issues); [] if unreadable. */
export function jsonArrayAttribute<T>(node: Y.XmlElement, name: string): T[] {
  try {
    const value: unknown = JSON.parse(String(node.getAttribute(name) ?? '') || '[]')
    return Array.isArray(value) ? (value as T[]) : []
  } catch {
    return []
  }
}

/**
 * The text under a node: a text's characters, an element's children's texts joined by a space
 * (so words of two paragraphs never run together). Computed with a stack of its own, not
 * recursion, so a document stored before the server limited nesting cannot overflow it.
 */
export function textUnder(node: XmlNode): string {
  interface Frame {
    children: XmlNode[]
    next: number
    parts: string[]
  }
  const leaf = (child: XmlNode): string | null => {
    if (child instanceof Y.XmlText) {
      return (child.toDelta() as Array<{ insert: unknown }>)
        .map(({ insert }) => (typeof insert === 'string' ? insert : ''))
        .join('')
    }
    return child instanceof Y.XmlElement ? null : ''
  }
  const own = leaf(node)
  if (own !== null) return own
  const stack: Frame[] = [{ children: (node as Y.XmlElement).toArray(), next: 0, parts: [] }]
  for (;;) {
    const frame = stack[stack.length - 1]!
    const child = frame.children[frame.next++]
    if (child === undefined) {
      stack.pop()
      const text = frame.parts.join(' ')
      const parent = stack[stack.length - 1]
      if (!parent) return text
      parent.parts.push(text)
      continue
    }
    const text = leaf(child)
    if (text !== null) frame.parts.push(text)
    else stack.push({ children: (child as Y.XmlElement).toArray(), next: 0, parts: [] })
  }
}

/**
 * Whether any element under `node` (itself excluded) is deeper than `maxDepth` levels below it.
 * Iterative, so it answers for a document of any depth, in time linear in its size.
 */
export function nestsDeeperThan(node: Y.XmlFragment | Y.XmlElement, maxDepth: number): boolean {
  const pending: Array<[Y.XmlElement, number]> = []
  const push = (parent: Y.XmlFragment | Y.XmlElement, depth: number) => {
    for (const child of parent.toArray()) {
      if (child instanceof Y.XmlElement) pending.push([child, depth])
    }
  }
  push(node, 1)
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [element, depth] = next
    if (depth > maxDepth) return true
    push(element, depth + 1)
  }
  return false
}
