import * as Y from 'yjs'
import { NOTES_FRAGMENT, NodeName } from './tableDocument.js'
import { textUnder } from './xmlNodes.js'

/*
 * A call to action (issue 20, item 3): who should do what, by when, as a block a table writes in
 * an answer.
 *
 * ```
 * callToAction   { actor, timeframe }   strings up to MAX_CALL_ATTRIBUTE_LENGTH
 *   paragraph+   the action: one or more paragraphs, nothing else (the server refuses other
 *                shapes, P13). The page writes one; two writers who each replace it offline
 *                merge into two, and both are kept as the action, joined by a space.
 * ```
 */

/** The node's name: the Tiptap node, the Yjs element and the schema rule share it. */
export const CALL_TO_ACTION = 'callToAction'

/** Longest actor or timeframe: the editor's fields take as many (a name, "by June 2027"). */
export const MAX_CALL_ATTRIBUTE_LENGTH = 200

/** One call to action as the compile, the wall and the exports read it. */
export interface CallToAction {
  /** The action's text: its paragraphs' characters joined by a space (formatting left out). */
  action: string
  /** Who should act; '' when nobody was named. */
  actor: string
  /** By when; '' when no time was given. */
  timeframe: string
}

/** A string attribute of a stored element, '' when missing or not a string. */
function stringAttribute(node: Y.XmlElement, name: string): string {
  const value: unknown = node.getAttribute(name)
  return typeof value === 'string' ? value.trim() : ''
}

/** The call a `callToAction` element holds, its fields trimmed, its paragraphs joined by a
 * space (textUnder) and runs of white space made one. */
export function readCallToAction(node: Y.XmlElement): CallToAction {
  return {
    action: textUnder(node).replace(/\s+/g, ' ').trim(),
    actor: stringAttribute(node, 'actor'),
    timeframe: stringAttribute(node, 'timeframe'),
  }
}

/**
 * Every call to action under `root` (a table's notes fragment or one of its elements), in
 * document order, those with neither action nor actor left out (an empty card says nothing).
 * Walks with a stack of its own, since stored documents may nest 20,000 deep. Retired questions
 * are included: their notes are kept as other notes, and so are their calls.
 */
export function callsToActionUnder(root: Y.XmlFragment | Y.XmlElement): CallToAction[] {
  const calls: CallToAction[] = []
  const stack: Y.XmlElement[] = []
  const pushChildren = (parent: Y.XmlFragment | Y.XmlElement) => {
    const children = parent.toArray()
    for (let index = children.length - 1; index >= 0; index--) {
      const child = children[index]
      if (child instanceof Y.XmlElement) stack.push(child)
    }
  }
  pushChildren(root)
  for (let node = stack.pop(); node; node = stack.pop()) {
    if (node.nodeName === CALL_TO_ACTION) {
      const call = readCallToAction(node)
      if (call.action !== '' || call.actor !== '') calls.push(call)
      continue
    }
    // Paragraphs hold only text; no call stands in one.
    if (node.nodeName !== NodeName.paragraph) pushChildren(node)
  }
  return calls
}

/** A table document's calls to action, in document order (see callsToActionUnder). */
export function callsToActionOf(doc: Y.Doc): CallToAction[] {
  return callsToActionUnder(doc.getXmlFragment(NOTES_FRAGMENT))
}
