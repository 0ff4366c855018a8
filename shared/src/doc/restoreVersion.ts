import * as Y from 'yjs'
import { SynthesisNode } from '../synthesis/compileSynthesis.js'
import { NOTES_FRAGMENT, NodeName, PRIORITIES_ARRAY } from './tableDocument.js'
import { isElement, type XmlNode } from './xmlNodes.js'

/**
 * The nodes the server owns in a room (seeded or compiled), by the attribute that names each:
 * a restore never replaces or edits one, since the seed's ids and the merge rely on them
 * (design decisions 3 and 4); it walks into them and pairs their children by that name.
 */
const KEYED: Readonly<Record<string, string>> = {
  [NodeName.questionSection]: 'questionId',
  [NodeName.questionPart]: 'partId',
  [SynthesisNode.question]: 'questionId',
  [SynthesisNode.part]: 'partId',
}

/**
 * The containers of what people write: an answer in a table, a summary in the synthesis. A
 * restore rewrites their children; contributions are left to the next compile.
 */
const WRITTEN = new Set<string>([NodeName.answer, SynthesisNode.summary])

type Container = Y.XmlFragment | Y.XmlElement

/** Whether two nodes hold the same content: element names, attributes, marks and text. */
function sameNode(a: XmlNode, b: XmlNode): boolean {
  return a.constructor === b.constructor && a.toString() === b.toString()
}

/**
 * Makes `target`'s children equal to `source`'s with as few changes as possible: children
 * equal at the start and at the end stay (so whatever someone types into them meanwhile is
 * kept), and only the differing run between them is deleted and replaced by copies. Returns
 * whether anything changed.
 */
function rewriteChildren(target: Container, source: Container): boolean {
  const now = target.toArray()
  const then = source.toArray()
  let start = 0
  while (start < now.length && start < then.length && sameNode(now[start]!, then[start]!)) start++
  let end = 0
  while (
    end < now.length - start &&
    end < then.length - start &&
    sameNode(now[now.length - 1 - end]!, then[then.length - 1 - end]!)
  ) {
    end++
  }
  const removed = now.length - start - end
  const added = then.slice(start, then.length - end)
  if (removed === 0 && added.length === 0) return false
  if (removed > 0) target.delete(start, removed)
  if (added.length > 0)
    target.insert(
      start,
      added.map((node) => node.clone() as Y.XmlElement),
    )
  return true
}

/** The pairing name of a child of a keyed node: its key, or its name and place among its kind. */
function pairingNames(children: readonly XmlNode[]): Array<string | null> {
  const seen = new Map<string, number>()
  return children.map((child) => {
    if (!(child instanceof Y.XmlElement)) return null
    const keyAttribute = KEYED[child.nodeName]
    if (keyAttribute) return `${child.nodeName}#${String(child.getAttribute(keyAttribute))}`
    if (!WRITTEN.has(child.nodeName)) return null
    const index = seen.get(child.nodeName) ?? 0
    seen.set(child.nodeName, index + 1)
    return `${child.nodeName}@${index}`
  })
}

/**
 * Walks `target` and `source` together through the keyed nodes, rewriting every written
 * container to its state in `source`. A question only one side has is left alone: a restore
 * neither brings back a question the organizer removed nor empties one added since.
 */
function restoreKeyed(target: Container, source: Container): boolean {
  const then = source.toArray()
  const thenNames = pairingNames(then)
  const bySourceName = new Map<string, XmlNode>()
  thenNames.forEach((name, index) => {
    if (name !== null) bySourceName.set(name, then[index]!)
  })
  const now = target.toArray()
  const nowNames = pairingNames(now)
  let changed = false
  nowNames.forEach((name, index) => {
    const counterpart = name === null ? undefined : bySourceName.get(name)
    const node = now[index]
    if (!(counterpart instanceof Y.XmlElement) || !(node instanceof Y.XmlElement)) return
    changed =
      (WRITTEN.has(node.nodeName)
        ? rewriteChildren(node, counterpart)
        : restoreKeyed(node, counterpart)) || changed
  })
  return changed
}

/** The question section `questionId` of a table or synthesis fragment, or undefined. */
function questionOf(fragment: Y.XmlFragment, questionId: string): Y.XmlElement | undefined {
  return fragment
    .toArray()
    .find(
      (node): node is Y.XmlElement =>
        (isElement(node, NodeName.questionSection) || isElement(node, SynthesisNode.question)) &&
        node.getAttribute('questionId') === questionId,
    )
}

/**
 * Restores a room to a version as a new change (issue 17): edits `doc` in one transaction so
 * that what people wrote (the answers of a table, the summaries of the synthesis, a table's
 * priority issues) reads as it does in `version`, never rewriting stored history. With
 * `questionId`, only that question's answers (and its parts') are restored; everything else
 * stays as it is. Nodes the server owns (prompts, the title, compiled contributions) are never
 * replaced, and paragraphs equal in both are kept as they are, so text someone types into them
 * while the restore runs is kept too. `origin` is the transaction's origin. Returns whether
 * anything changed; throws nothing for a question neither side has (nothing changes).
 */
export function restoreVersion(
  doc: Y.Doc,
  version: Y.Doc,
  options: { questionId?: string; origin?: unknown } = {},
): boolean {
  let changed = false
  doc.transact(() => {
    const target = doc.getXmlFragment(NOTES_FRAGMENT)
    const source = version.getXmlFragment(NOTES_FRAGMENT)
    if (options.questionId !== undefined) {
      const now = questionOf(target, options.questionId)
      const then = questionOf(source, options.questionId)
      if (now && then) changed = restoreKeyed(now, then)
      return
    }
    changed = restoreKeyed(target, source)
    const priorities = doc.getArray<unknown>(PRIORITIES_ARRAY)
    const thenPriorities = version.getArray<unknown>(PRIORITIES_ARRAY).toJSON()
    if (JSON.stringify(priorities.toJSON()) !== JSON.stringify(thenPriorities)) {
      priorities.delete(0, priorities.length)
      priorities.insert(0, thenPriorities)
      changed = true
    }
  }, options.origin ?? null)
  return changed
}
