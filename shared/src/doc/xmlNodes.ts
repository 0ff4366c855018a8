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
