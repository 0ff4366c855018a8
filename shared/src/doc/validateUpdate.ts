import * as Y from 'yjs'
import { ProtocolError } from '../protocol/messages.js'
import { NOTES_FRAGMENT } from './tableDocument.js'
import { type NodeRule, type RoomSchema, TEXT } from './tableSchema.js'

/** A Yjs update as `Y.decodeUpdate` gives it: its structs and its delete set. */
export type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>

/** An update that does not fit its room's schema (PROTOCOL.md P13): refused with 4422. */
export class SchemaViolation extends ProtocolError {}

/** Where a type sits: the top-level type it lives in, its element depth, what it is. */
interface TypeInfo {
  /** The name of the top-level shared type it lives in. */
  root: string
  /** `element`, `text` (a Y.XmlText), `root` (a top-level type) or `other`. */
  kind: 'element' | 'text' | 'root' | 'other'
  /** The element's node name; null for others. */
  name: string | null
  /** Elements from the top-level type down to this one: a child of the fragment is 1. */
  depth: number
}

/** The parent a new item will have once Yjs integrates it, or `inert` if Yjs turns it into GC. */
type Place = { parent: TypeInfo; parentSub: string | null } | 'inert'

/** Depths of the room's existing types; types never move, so this never goes stale. */
const knownTypes = new WeakMap<Y.AbstractType<unknown>, TypeInfo>()

/**
 * Checks a client's update against its room's schema BEFORE it touches the room's document
 * (PROTOCOL.md P13): what each new item is (its parent, its attribute or map key, its content)
 * and what the delete set removes. `doc` is the room's document as it is now; the update must be
 * ready (every item it builds on known, see checkUpdate). Throws a SchemaViolation naming the
 * first problem: an unknown top-level type, node, mark or attribute, a node where it may not
 * stand, a link to a scheme other than http(s)/mailto, nesting deeper than the schema's limit,
 * a change to the seeded structure (creating, deleting or re-attributing a locked node), or a
 * priority issue beyond the limit. Costs a few lookups per new item, none per unchanged one.
 */
export function validateUpdate(schema: RoomSchema, doc: Y.Doc, update: DecodedUpdate): void {
  new UpdateCheck(schema, doc, update).run()
}

class UpdateCheck {
  /** The update's items by client, in clock order, for looking up references into it. */
  private readonly newItems = new Map<number, Y.Item[]>()
  private readonly newItemSet = new Set<Y.Item>()
  private readonly newStructs = new Map<number, Array<Y.Item | Y.GC>>()
  private readonly places = new Map<Y.Item, Place>()
  private readonly newTypes = new Map<Y.Item, TypeInfo | 'inert'>()
  /** Items holding an element whose children are counted (NodeRule.everyChild) that the update
   * creates or writes children into or deletes children of. */
  private readonly counted = new Set<Y.Item>()
  /** Each counted holder's new children (list items, not attributes). */
  private readonly newChildren = new Map<Y.Item, Y.Item[]>()
  /** The item holding each new item's parent element, once looked up (null: the fragment). */
  private readonly holders = new Map<Y.Item, Y.Item | null>()

  constructor(
    private readonly schema: RoomSchema,
    private readonly doc: Y.Doc,
    private readonly update: DecodedUpdate,
  ) {
    for (const struct of update.structs) {
      if (struct instanceof Y.Skip) continue
      const { client } = struct.id
      const list = this.newStructs.get(client) ?? []
      list.push(struct)
      this.newStructs.set(client, list)
      if (struct instanceof Y.Item && this.isNew(struct)) {
        const items = this.newItems.get(client) ?? []
        items.push(struct)
        this.newItems.set(client, items)
        this.newItemSet.add(struct)
      }
    }
    for (const structs of this.newStructs.values()) structs.sort((a, b) => a.id.clock - b.id.clock)
  }

  run(): void {
    for (const items of this.newItems.values()) for (const item of items) this.checkItem(item)
    this.checkDeletions()
    this.checkArrayLimits()
    this.checkCountedChildren()
  }

  /** Whether some of the item's clocks are not in the room yet (Yjs skips the known part). */
  private isNew(item: Y.Item): boolean {
    return item.id.clock + item.length > Y.getState(this.doc.store, item.id.client)
  }

  private refuse(reason: string): never {
    throw new SchemaViolation(`${this.schema.kind}: ${reason}`)
  }

  /** The struct holding `id`: a new one from the update, or one of the room's. */
  private structAt(id: Y.ID): Y.Item | Y.GC {
    if (id.clock < Y.getState(this.doc.store, id.client)) {
      return Y.getItem(this.doc.store, id) as Y.Item | Y.GC
    }
    const structs = this.newStructs.get(id.client) ?? []
    let low = 0
    let high = structs.length - 1
    while (low <= high) {
      const middle = (low + high) >> 1
      const struct = structs[middle]!
      if (id.clock < struct.id.clock) high = middle - 1
      else if (id.clock >= struct.id.clock + struct.length) low = middle + 1
      else return struct
    }
    // checkUpdate found every reference known or in the update before this runs.
    return this.refuse('refers to an item it does not carry')
  }

  /**
   * Where Yjs will put a new item, by the rules of Item.getMissing. An item's place can depend
   * on another new item's (its left or right origin, or its parent); those are resolved first
   * with an explicit stack, so a crafted update of 20,000 nested elements, listed innermost
   * first, costs a loop, not the call stack.
   */
  private placeOf(item: Y.Item): Place {
    const cached = this.places.get(item)
    if (cached) return cached
    const stack: Y.Item[] = [item]
    const waiting = new Set<Y.Item>(stack)
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!
      const dependency = this.dependencyOf(top)
      if (dependency && !this.places.has(dependency)) {
        if (waiting.has(dependency))
          return this.refuse('items that refer to each other in a circle')
        stack.push(dependency)
        waiting.add(dependency)
        continue
      }
      // A parent created by this update is checked before anything is put in it.
      if (dependency && dependency === this.holderOf(top)) this.checkItem(dependency)
      this.places.set(top, this.findPlace(top))
      stack.pop()
      waiting.delete(top)
    }
    return this.places.get(item)!
  }

  /** The new item whose place this one's depends on, if any. */
  private dependencyOf(item: Y.Item): Y.Item | null {
    const left = item.origin ? this.structAt(item.origin) : null
    const right = item.rightOrigin ? this.structAt(item.rightOrigin) : null
    if (left instanceof Y.GC || right instanceof Y.GC) return null
    if (typeof item.parent === 'string') return null
    if (item.parent instanceof Y.ID) return this.holderOf(item)
    const neighbour = left ?? right
    return neighbour && this.newItemSet.has(neighbour) ? neighbour : null
  }

  /** The new item whose type is this item's parent, if the parent is created by the update. */
  private holderOf(item: Y.Item): Y.Item | null {
    if (!(item.parent instanceof Y.ID)) return null
    const holder = this.structAt(item.parent)
    return holder instanceof Y.Item && this.newItemSet.has(holder) ? holder : null
  }

  /** An item's place, once every new item it depends on has its own. */
  private findPlace(item: Y.Item): Place {
    const left = item.origin ? this.structAt(item.origin) : null
    const right = item.rightOrigin ? this.structAt(item.rightOrigin) : null
    if (left instanceof Y.GC || right instanceof Y.GC) return 'inert'
    const parent = item.parent as Y.AbstractType<unknown> | Y.ID | string | null
    if (typeof parent === 'string') {
      return {
        parent: { root: parent, kind: 'root', name: null, depth: 0 },
        parentSub: item.parentSub,
      }
    }
    if (parent instanceof Y.ID) {
      const holder = this.structAt(parent)
      if (!(holder instanceof Y.Item) || !(holder.content instanceof Y.ContentType)) return 'inert'
      const info = this.newItemSet.has(holder)
        ? (this.newTypes.get(holder) ?? 'inert')
        : typeInfo(holder.content.type)
      return info === 'inert' ? 'inert' : { parent: info, parentSub: item.parentSub }
    }
    const neighbour = left ?? right
    if (!neighbour) return this.refuse('an item without a parent')
    if (this.newItemSet.has(neighbour)) return this.places.get(neighbour) ?? 'inert'
    const docParent = neighbour.parent as Y.AbstractType<unknown> | null
    if (!docParent) return 'inert'
    return { parent: typeInfo(docParent), parentSub: neighbour.parentSub }
  }

  private checkItem(item: Y.Item): void {
    if (this.newTypes.has(item)) return
    this.newTypes.set(item, 'inert')
    const place = this.placeOf(item)
    if (place === 'inert') return
    const { parent, parentSub } = place
    const content = item.content
    if (this.schema.serverOwned.has(parent.root)) this.refuse(`writes ${parent.root}, the server's`)
    if (parent.kind === 'root') {
      this.checkTopLevel(item, parent.root, parentSub)
      return
    }
    const notes = this.schema.notes
    if (!notes || parent.root !== NOTES_FRAGMENT) this.refuse(`writes inside ${parent.root}`)
    if (parent.kind === 'text') {
      this.checkText(item, parentSub)
      return
    }
    if (parent.kind !== 'element' || parent.name === null) {
      this.refuse(`writes inside a ${parent.kind} type`)
    }
    const rule = notes.nodes[parent.name]
    if (!rule) this.refuse(`writes inside the unknown node ${parent.name}`)
    if (parentSub !== null) {
      this.checkAttribute(item, parent.name, rule, parentSub)
      return
    }
    if (content instanceof Y.ContentDeleted) return
    this.checkChild(item, parent, rule.children)
    if (rule.everyChild !== undefined) this.countChild(item)
  }

  /** A new element or text under `parent` (the fragment or an element). */
  private checkChild(item: Y.Item, parent: TypeInfo, allowed: ReadonlySet<string>): void {
    const notes = this.schema.notes!
    const content = item.content
    if (!(content instanceof Y.ContentType)) {
      this.refuse(`puts ${content.constructor.name} in ${parent.name ?? parent.root}`)
    }
    const type = content.type
    if (type instanceof Y.XmlText) {
      if (!allowed.has(TEXT)) this.refuse(`puts text in ${parent.name ?? parent.root}`)
      this.newTypes.set(item, { root: parent.root, kind: 'text', name: null, depth: parent.depth })
      return
    }
    if (!(type instanceof Y.XmlElement)) {
      this.refuse(`puts a ${type.constructor.name} in ${parent.name ?? parent.root}`)
    }
    const name = type.nodeName
    const rule = notes.nodes[name]
    if (!rule) this.refuse(`unknown node ${name}`)
    if (!allowed.has(name)) this.refuse(`${name} may not stand in ${parent.name ?? parent.root}`)
    if (rule.locked) this.refuse(`creates the structure node ${name}, which only the server writes`)
    const depth = parent.depth + 1
    if (depth > notes.maxDepth) this.refuse(`nests elements deeper than ${notes.maxDepth}`)
    this.newTypes.set(item, { root: parent.root, kind: 'element', name, depth })
    if (rule.everyChild !== undefined) this.counted.add(item)
  }

  /** Notes a new child of an element whose children are counted, under its holder. */
  private countChild(item: Y.Item): void {
    const holder = this.holderItemOf(item)
    if (!holder) return
    this.counted.add(holder)
    const children = this.newChildren.get(holder) ?? []
    children.push(item)
    this.newChildren.set(holder, children)
  }

  /**
   * The item holding a new item's parent element (new or the room's), by the rules of placeOf:
   * its parent's id, or else its neighbours' parent. A run of new siblings is walked once with a
   * loop and remembered, so thousands of them cost a pass, not a pass each.
   */
  private holderItemOf(item: Y.Item): Y.Item | null {
    const walked: Y.Item[] = []
    let holder: Y.Item | null = null
    for (let current: Y.Item | null = item; current; ) {
      const known = this.holders.get(current)
      if (known !== undefined) {
        holder = known
        break
      }
      walked.push(current)
      const parent = current.parent as Y.AbstractType<unknown> | Y.ID | string | null
      if (parent instanceof Y.ID) {
        const struct = this.structAt(parent)
        holder = struct instanceof Y.Item ? struct : null
        break
      }
      if (typeof parent === 'string') break
      const origin: Y.ID | null = current.origin ?? current.rightOrigin
      const neighbour: Y.Item | Y.GC | null = origin ? this.structAt(origin) : null
      if (!(neighbour instanceof Y.Item)) break
      if (!this.newItemSet.has(neighbour)) {
        holder = (neighbour.parent as Y.AbstractType<unknown> | null)?._item ?? null
        break
      }
      current = neighbour
    }
    for (const walkedItem of walked) this.holders.set(walkedItem, holder)
    return holder
  }

  /**
   * Every element whose children are counted (NodeRule.everyChild) that the update creates or
   * changes the children of holds one or more children, all of its one kind, once the update
   * is applied: a callToAction keeps a paragraph, never none, never anything else. Two are fine:
   * concurrent replacements of the one paragraph merge into two (see NodeRule.everyChild).
   */
  private checkCountedChildren(): void {
    const rules = this.schema.notes?.nodes ?? {}
    for (const holder of this.counted) {
      if (this.liveUnits(holder) === 0) continue
      const content = holder.content
      if (!(content instanceof Y.ContentType) || !(content.type instanceof Y.XmlElement)) continue
      const name = content.type.nodeName
      const every = rules[name]?.everyChild
      if (every === undefined) continue
      const live: string[] = []
      const note = (child: Y.Item) => {
        if (this.liveUnits(child) === 0) return
        const type = child.content instanceof Y.ContentType ? child.content.type : null
        live.push(type instanceof Y.XmlElement ? type.nodeName : '#other')
      }
      if (!this.newItemSet.has(holder)) {
        for (let child = content.type._start; child; child = child.right) note(child)
      }
      for (const child of this.newChildren.get(holder) ?? []) {
        const place = this.places.get(child)
        if (place !== undefined && place !== 'inert') note(child)
      }
      if (live.length === 0 || live.some((child) => child !== every)) {
        this.refuse(
          `leaves ${name} holding other than one or more ${every} (${live.length} children)`,
        )
      }
    }
  }

  private checkAttribute(item: Y.Item, node: string, rule: NodeRule, key: string): void {
    const check = rule.attributes[key]
    const content = item.content
    if (content instanceof Y.ContentDeleted) {
      // A deleted value that wins the key removes the attribute: the structure keeps its own.
      if (rule.locked || !check) this.refuse(`removes the attribute ${key} of ${node}`)
      return
    }
    if (!check) this.refuse(`sets the attribute ${key} of ${node}`)
    if (!(content instanceof Y.ContentAny) || content.arr.length !== 1 || !check(content.arr[0])) {
      this.refuse(`sets the attribute ${key} of ${node} to a value it may not have`)
    }
  }

  /** Text and formatting inside a Y.XmlText. */
  private checkText(item: Y.Item, parentSub: string | null): void {
    const content = item.content
    if (parentSub !== null) this.refuse('sets an attribute on text')
    if (content instanceof Y.ContentString || content instanceof Y.ContentDeleted) return
    if (!(content instanceof Y.ContentFormat)) {
      this.refuse(`puts ${content.constructor.name} in text`)
    }
    const rule = this.schema.notes!.marks[content.key]
    if (!rule) this.refuse(`unknown mark ${content.key}`)
    if (content.value !== null && !rule(content.value)) {
      this.refuse(`the mark ${content.key} has attributes it may not have`)
    }
  }

  /** An item directly in a top-level type: the notes fragment, an array or a map. */
  private checkTopLevel(item: Y.Item, root: string, parentSub: string | null): void {
    const { notes, arrays, maps } = this.schema
    const content = item.content
    if (root === NOTES_FRAGMENT && notes) {
      if (parentSub !== null) this.refuse(`sets the key ${parentSub} on ${root}`)
      if (content instanceof Y.ContentDeleted) return
      this.checkChild(item, { root, kind: 'root', name: null, depth: 0 }, notes.topLevel)
      return
    }
    const array = Object.hasOwn(arrays, root) ? arrays[root] : undefined
    if (array) {
      if (parentSub !== null) this.refuse(`sets the key ${parentSub} on ${root}`)
      if (content instanceof Y.ContentDeleted) return
      if (!(content instanceof Y.ContentAny) || !content.arr.every(array.entry)) {
        this.refuse(`puts an entry in ${root} that is not one`)
      }
      return
    }
    const map = Object.hasOwn(maps, root) ? maps[root] : undefined
    if (map) {
      const check = parentSub === null ? undefined : map.keys[parentSub]
      if (!check)
        this.refuse(`writes ${root} ${parentSub === null ? 'as a list' : `key ${parentSub}`}`)
      if (content instanceof Y.ContentDeleted) return
      if (
        !(content instanceof Y.ContentAny) ||
        content.arr.length !== 1 ||
        !check(content.arr[0])
      ) {
        this.refuse(`sets ${root} key ${parentSub} to a value it may not have`)
      }
      return
    }
    this.refuse(`unknown top-level type ${root}`)
  }

  /** The room's items the update deletes: never the seeded structure, its attributes or the server's types. */
  private checkDeletions(): void {
    const { notes, serverOwned } = this.schema
    if (!notes && serverOwned.size === 0) return
    for (const [client, ranges] of this.update.ds.clients) {
      const structs = this.doc.store.clients.get(client)
      if (!structs) continue
      for (const { clock, len } of ranges) {
        const end = Math.min(clock + len, Y.getState(this.doc.store, client))
        if (clock >= end) continue
        for (let index = Y.findIndexSS(structs, clock); index < structs.length; index++) {
          const struct = structs[index]!
          if (struct.id.clock >= end) break
          if (struct instanceof Y.Item && !struct.deleted) this.checkDeletion(struct)
        }
      }
    }
  }

  private checkDeletion(item: Y.Item): void {
    const parentType = item.parent as Y.AbstractType<unknown> | null
    const root = parentType ? typeInfo(parentType).root : ''
    if (this.schema.serverOwned.has(root)) this.refuse(`deletes from ${root}, the server's`)
    if (!this.schema.notes) return
    const rules = this.schema.notes.nodes
    const holder = item.parent
    if (
      item.parentSub === null &&
      holder instanceof Y.XmlElement &&
      rules[holder.nodeName]?.everyChild !== undefined &&
      holder._item
    ) {
      this.counted.add(holder._item)
    }
    const content = item.content
    if (content instanceof Y.ContentType && content.type instanceof Y.XmlElement) {
      const name = content.type.nodeName
      if (rules[name]?.locked) this.refuse(`deletes the structure node ${name}`)
    }
    const parent = item.parent
    if (
      item.parentSub !== null &&
      parent instanceof Y.XmlElement &&
      rules[parent.nodeName]?.locked
    ) {
      this.refuse(`removes the attribute ${item.parentSub} of ${parent.nodeName}`)
    }
  }

  /**
   * The live-entry limit of arrays such as `priorities`. A writer that saw the limit reached
   * (the live entries before the new one's left origin, which it must have held) is refused;
   * two writers adding at once can pass it, up to the ceiling, and the page trims the extra.
   */
  private checkArrayLimits(): void {
    for (const [name, rules] of Object.entries(this.schema.arrays)) {
      const limit = rules.limit
      if (!limit) continue
      const added = [...this.newItems.values()]
        .flat()
        .filter((item) => this.isIn(item, name) && item.content instanceof Y.ContentAny)
      const addedLive = added.reduce((sum, item) => sum + this.liveUnits(item), 0)
      if (addedLive === 0) continue
      if (addedLive > limit.live) this.refuse(`adds ${addedLive} entries to ${name} at once`)
      let live = addedLive
      const existing = this.doc.share.get(name)
      for (let item = existing?._start ?? null; item; item = item.right)
        live += this.liveUnits(item)
      if (live > limit.ceiling) this.refuse(`leaves ${live} entries in ${name}`)
      for (const item of added) {
        if (
          this.liveUnits(item) > 0 &&
          this.liveSeenBefore(item) + this.liveUnits(item) > limit.live
        ) {
          this.refuse(`adds an entry to ${name} after its writer saw ${limit.live}`)
        }
      }
    }
  }

  private isIn(item: Y.Item, root: string): boolean {
    const place = this.placeOf(item)
    return place !== 'inert' && place.parent.kind === 'root' && place.parent.root === root
  }

  /**
   * Live entries at and before the item's left origin: its writer held them when it added the
   * item (Yjs integrates an item only after its origin, and the origin after its own).
   */
  private liveSeenBefore(item: Y.Item): number {
    let seen = 0
    let origin = item.origin
    while (origin) {
      const struct = this.structAt(origin)
      if (!(struct instanceof Y.Item)) break
      seen += this.liveUnits(struct, origin.clock + 1)
      origin = struct.origin
    }
    return seen
  }

  /** How many of an item's units are live once this update is applied. */
  private liveUnits(item: Y.Item, endClock = item.id.clock + item.length): number {
    if (item.deleted || !item.countable) return 0
    const ranges = this.update.ds.clients.get(item.id.client) ?? []
    let deleted = 0
    for (const { clock, len } of ranges) {
      const from = Math.max(clock, item.id.clock)
      const to = Math.min(clock + len, endClock)
      if (to > from) deleted += to - from
    }
    return endClock - item.id.clock - deleted
  }
}

/**
 * Where an existing type of the room sits. Walks up without recursion, so a document stored
 * before these checks existed (20,000 elements deep) costs a loop, not the stack.
 */
function typeInfo(type: Y.AbstractType<unknown>): TypeInfo {
  const chain: Y.AbstractType<unknown>[] = []
  let current: Y.AbstractType<unknown> | null = type
  let base: TypeInfo | undefined
  while (current) {
    base = knownTypes.get(current)
    if (base) break
    chain.push(current)
    const item: Y.Item | null = current._item
    if (!item) {
      base = { root: Y.findRootTypeKey(current), kind: 'root', name: null, depth: 0 }
      knownTypes.set(current, base)
      chain.pop()
      break
    }
    current = item.parent as Y.AbstractType<unknown> | null
  }
  let info = base ?? { root: '', kind: 'other', name: null, depth: 0 }
  for (let index = chain.length - 1; index >= 0; index--) {
    const node = chain[index]!
    info =
      node instanceof Y.XmlElement
        ? { root: info.root, kind: 'element', name: node.nodeName, depth: info.depth + 1 }
        : {
            root: info.root,
            kind: node instanceof Y.XmlText ? 'text' : 'other',
            name: null,
            depth: info.depth,
          }
    knownTypes.set(node, info)
  }
  return info
}
