import * as Y from 'yjs'
import { type CaretPlace, type DeletedByName, ownStrings, plainText } from './ownText.js'
import { createdTexts, type Stranded } from './strandedText.js'

/** A branch of a removed block, as it was: only the parts that held orphaned text. */
type Branch =
  | { kind: 'element'; name: string; attributes: Record<string, unknown>; children: Branch[] }
  | { kind: 'text'; text: string; holdsLast: boolean }

/** Removed blocks to put back, in their order, after `after` in `parent` (first when null). */
export interface Rescue {
  parent: Y.XmlElement
  after: Y.AbstractType<unknown> | null
  blocks: Array<Branch & { kind: 'element' }>
}

/**
 * The blocks `transaction` (a remote update's) removed with this client's text in them, in
 * document order: letters of this client deleted only because an ancestor element was deleted
 * in the same transaction, not by name (their remover never saw them).
 *
 * Why: y-prosemirror has no operation for joining or moving a block; a join (Backspace at a
 * paragraph's start), a list indent or a paste over several blocks deletes the Yjs elements
 * involved and inserts new ones with the text their author saw. Letters someone else typed into
 * a deleted element meanwhile (concurrently, or offline) are deleted with it (Yjs deletes a
 * type's content with the type), although nobody deleted them (yjs/y-prosemirror#108).
 *
 * Where they go back (`putBack`): each removed block (the highest deleted element below a
 * surviving element) comes back with its orphaned text only, as a block of the same kind with
 * the same attributes, right after the nearest surviving block before it. Marks are not kept.
 * A block directly in the root fragment is not put back (the table's structure is never
 * removed: the server refuses that). Read during the transaction: once it ends, Yjs
 * garbage-collects deleted content.
 */
export function orphanedBlocks(
  doc: Y.Doc,
  transaction: Y.Transaction,
  named: DeletedByName,
  isLast: (item: Y.Item) => boolean,
): { inline: Stranded[]; rescues: Rescue[] } {
  const ours: Y.Item[] = []
  Y.iterateDeletedStructs(transaction, transaction.deleteSet, (struct) => {
    if (ownStrings(doc, struct)) ours.push(struct)
  })
  if (ours.length === 0) return { inline: [], rescues: [] }
  const deletedByName = named()
  const orphans = new Set(ours.filter((item) => !Y.isDeleted(deletedByName, item.id)))
  const inline = inlinePlaces(orphans, transaction, deletedByName)
  for (const { letters } of inline) for (const { item } of letters) orphans.delete(item)
  if (orphans.size === 0) return { inline, rescues: [] }
  const deletedNow = (type: Y.AbstractType<unknown>) =>
    type._item !== null && Y.isDeleted(transaction.deleteSet, type._item.id)
  // Each orphan's removed block: its highest ancestor deleted now, under a surviving element.
  const blocks = new Set<Y.AbstractType<unknown>>()
  const parents = new Set<Y.XmlElement>()
  const holders = new Set<Y.AbstractType<unknown>>()
  for (const orphan of orphans) {
    const path: Y.AbstractType<unknown>[] = []
    for (let type = orphan.parent as Y.AbstractType<unknown>; type._item; type = type.parent!) {
      path.push(type)
      const parent = type.parent
      if (!deletedNow(type) || !parent || parent._item?.deleted) continue
      if (!(parent instanceof Y.XmlElement)) break
      blocks.add(type)
      parents.add(parent)
      for (const holder of path) holders.add(holder)
      break
    }
  }
  const rescues: Rescue[] = []
  for (const parent of parents) {
    // Walks the parent's items, deleted ones too, so that blocks keep their order.
    let after: Y.AbstractType<unknown> | null = null
    let group: Rescue | null = null
    for (let item = parent._start; item; item = item.right) {
      if (!(item.content instanceof Y.ContentType)) continue
      const type = item.content.type
      if (blocks.has(type)) {
        if (!group || group.after !== after) {
          group = { parent, after, blocks: [] }
          rescues.push(group)
        }
        const branch = branchOf(type, holders, orphans, isLast, transaction)
        if (branch.kind === 'element') group.blocks.push(branch)
      } else if (!item.deleted) {
        after = type
      }
    }
  }
  return { inline, rescues }
}

/**
 * The shortest run of copied letters trusted to find a copy: a shorter one ("a", "the") may
 * stand anywhere.
 */
export const MIN_COPIED = 4

/**
 * Where orphaned letters go inside the copy of their text, when the transaction made one: a
 * join appends the removed paragraph's text to the one before, an indent re-creates the item's
 * text in the nested list. In each text that held orphans, the letters the remote deleted by
 * name (the text as its remover saw it) are looked for, in one run, in the texts the
 * transaction changed or created; found exactly once, the orphans go in there among them, each
 * where it was ("Bravo kilo l|ima mike|second" stays one sentence). Otherwise they come back as
 * a block of their own (orphanedBlocks).
 */
function inlinePlaces(
  orphans: ReadonlySet<Y.Item>,
  transaction: Y.Transaction,
  deletedByName: ReturnType<DeletedByName>,
): Stranded[] {
  const texts = new Set<Y.XmlText>()
  for (const orphan of orphans) if (orphan.parent instanceof Y.XmlText) texts.add(orphan.parent)
  const places: Stranded[] = []
  for (const text of texts) {
    let copied = ''
    const letters: Stranded['letters'] = []
    for (let item = text._start; item; item = item.right) {
      if (!(item.content instanceof Y.ContentString)) continue
      if (orphans.has(item)) letters.push({ item, text: item.content.str, offset: copied.length })
      else if (Y.isDeleted(deletedByName, item.id) && Y.isDeleted(transaction.deleteSet, item.id))
        copied += item.content.str
    }
    const copy = findCopy(copied, transaction)
    if (copy) places.push({ from: text, letters, ...copy })
  }
  return places
}

/**
 * The one place where `transaction` wrote `copied` (a removed text's letters as their remover
 * saw them) again: in the texts it changed or created, found exactly once. Null when it is
 * shorter than MIN_COPIED, missing, or found more than once.
 */
export function findCopy(
  copied: string,
  transaction: Y.Transaction,
): { to: Y.XmlText; at: number } | null {
  if (copied.length < MIN_COPIED) return null
  const candidates = new Set<Y.XmlText>(createdTexts(transaction))
  for (const type of transaction.changed.keys()) {
    if (type instanceof Y.XmlText && !type._item?.deleted) candidates.add(type)
  }
  const found = [...candidates].flatMap((candidate) => {
    const plain = plainText(candidate)
    const at = plain.indexOf(copied)
    return at >= 0 && plain.indexOf(copied, at + 1) < 0 ? [{ to: candidate, at }] : []
  })
  return found.length === 1 ? found[0]! : null
}

/**
 * `element` as a branch with only its children in `holders` and, in its texts, only the letters
 * in `orphans`, runs that were not next to each other joined by a space.
 */
function branchOf(
  element: Y.AbstractType<unknown>,
  holders: ReadonlySet<Y.AbstractType<unknown>>,
  orphans: ReadonlySet<Y.Item>,
  isLast: (item: Y.Item) => boolean,
  transaction: Y.Transaction,
): Branch {
  if (element instanceof Y.XmlText) {
    let text = ''
    let gap = false
    let holdsLast = false
    for (let item = element._start; item; item = item.right) {
      if (orphans.has(item)) {
        if (gap && text) text += ' '
        text += (item.content as Y.ContentString).str
        holdsLast ||= isLast(item)
        gap = false
      } else if (!item.deleted || Y.isDeleted(transaction.deleteSet, item.id)) {
        // Someone's text that was visible: the orphaned runs around it were apart.
        gap = true
      }
    }
    return { kind: 'text', text, holdsLast }
  }
  const children: Branch[] = []
  for (let item = element._start; item; item = item.right) {
    if (!(item.content instanceof Y.ContentType) || !holders.has(item.content.type)) continue
    const child = branchOf(item.content.type, holders, orphans, isLast, transaction)
    const previous = children.at(-1)
    // Two texts side by side show as one run in the editor: keep them one.
    if (child.kind === 'text' && previous?.kind === 'text') {
      previous.text += ` ${child.text}`
      previous.holdsLast ||= child.holdsLast
    } else {
      children.push(child)
    }
  }
  return {
    kind: 'element',
    name: (element as Y.XmlElement).nodeName,
    attributes: attributesOf(element, transaction),
    children,
  }
}

/**
 * The attributes `type` had before `transaction` deleted it with its content, read before Yjs
 * collects them. An attribute removed earlier is left out: its entry stays in the map, deleted,
 * its value possibly collected already (a removed `dir` came back as `dir: undefined`, which the
 * server refuses with 4422, after which nothing more from the page was stored).
 */
function attributesOf(
  type: Y.AbstractType<unknown>,
  transaction: Y.Transaction,
): Record<string, unknown> {
  const attributes: Record<string, unknown> = {}
  for (const [key, item] of type._map) {
    if (item.deleted && !Y.isDeleted(transaction.deleteSet, item.id)) continue
    const values = item.content.getContent()
    const value = values[values.length - 1]
    if (value !== undefined) attributes[key] = value
  }
  return attributes
}

/**
 * Puts `rescues` back into the document, in the caller's transaction; returns where the last
 * letter this client typed went, if it was among them.
 */
export function putBack(rescues: readonly Rescue[]): CaretPlace | null {
  let caret: CaretPlace | null = null
  for (const { parent, after, blocks } of rescues) {
    const index = after ? parent.toArray().indexOf(after as Y.XmlElement) + 1 : 0
    const built = blocks.map(build)
    parent.insert(
      index,
      built.map(({ type }) => type),
    )
    const text = built.find((each) => each.caretText)?.caretText
    if (text) caret = { text, index: text.length }
  }
  return caret
}

/** A new Yjs type holding `branch`, and the text to put the caret after, if it holds one. */
function build(branch: Branch): { type: Y.XmlElement | Y.XmlText; caretText: Y.XmlText | null } {
  if (branch.kind === 'text') {
    const text = new Y.XmlText(branch.text)
    return { type: text, caretText: branch.holdsLast ? text : null }
  }
  const element = new Y.XmlElement(branch.name)
  for (const [key, value] of Object.entries(branch.attributes)) {
    element.setAttribute(key, value as string)
  }
  let caretText: Y.XmlText | null = null
  const children = branch.children.map((child) => {
    const built = build(child)
    caretText ??= built.caretText
    return built.type
  })
  // A list item starts with a paragraph (Tiptap's `paragraph block*`); one put back for a list
  // nested in it has none of its own.
  const first = branch.children[0]
  if (branch.name === 'listItem' && !(first?.kind === 'element' && first.name === 'paragraph')) {
    children.unshift(new Y.XmlElement('paragraph'))
  }
  element.insert(0, children)
  return { type: element, caretText }
}
