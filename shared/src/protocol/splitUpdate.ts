import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'

/**
 * Bytes a y-websocket frame adds around an update: the message type, the sync type and the
 * update's varuint length (at most 5 bytes below 4 GiB), rounded up.
 */
export const SYNC_FRAME_OVERHEAD = 8

/** Bytes one client's run adds to an update: struct count, client id, first clock (varuints). */
const RUN_HEADER_BYTES = 15
/** The update's client count and its empty delete set. */
const UPDATE_HEADER_BYTES = 6

type Struct = Y.Item | Y.GC

interface Piece {
  struct: Struct
  client: number
  clock: number
  length: number
  /** The struct encoded alone: in Yjs's V1 format a struct's bytes do not depend on its neighbours. */
  bytes: Uint8Array
}

/**
 * Splits a Yjs update (V1 encoding) into updates of at most `maxBytes` each, which applied in the
 * order returned have the same effect as the whole: each holds whole runs of structs whose
 * history is either outside the update or in an earlier part, and the delete set comes last. So
 * a server that holds updates whose history it lacks (PROTOCOL.md P6) never has to hold one.
 *
 * Why: the server closes a socket that sends a frame over its `MAX_MESSAGE_BYTES` (4413), and the
 * stock y-websocket client sends a reconnection's whole sync step 2, or a big transaction, as one
 * frame, so a device with much offline work could never sync again. Yjs has no public API to
 * build an update from structs (yjs/yjs#454), so this writes the V1 layout that `writeStructs`
 * and `writeDeleteSet` in Yjs write. A long string is cut into several items the way Yjs's own
 * `splitItem` cuts one (same ids, each piece's origin the previous piece), never inside a
 * surrogate pair. A single struct that cannot be cut (an embed, a type) and is larger than
 * `maxBytes` stays whole in its own part: no split can make it smaller.
 *
 * @param update a V1 update, e.g. from `Y.encodeStateAsUpdate` or a `'update'` event
 * @param maxBytes the largest update to return, in bytes (at least 64)
 */
export function splitUpdate(update: Uint8Array, maxBytes: number): Uint8Array[] {
  if (update.byteLength <= maxBytes) return [update]
  const budget = Math.max(64, maxBytes)
  const { structs, ds } = Y.decodeUpdate(update)
  const queues = new Map<number, Piece[]>()
  for (const struct of structs) {
    if (struct instanceof Y.Skip) continue
    const pieceBudget = budget - RUN_HEADER_BYTES - UPDATE_HEADER_BYTES
    for (const piece of cutStruct(struct as Struct, pieceBudget)) {
      const queue = queues.get(piece.client) ?? []
      queue.push(piece)
      queues.set(piece.client, queue)
    }
  }
  const parts: PartBuilder[] = []
  for (const piece of orderPieces(queues)) {
    const current = parts.at(-1)
    if (current?.accepts(piece, budget)) current.add(piece)
    else parts.push(new PartBuilder(piece))
  }
  return [...parts.map((part) => part.encode()), ...encodeDeleteSet(ds.clients, budget)]
}

/**
 * The pieces in an order where each piece's origin, right origin and parent are either outside
 * the update or in an earlier piece. Yjs structs only refer to structs that existed when they
 * were made, so such an order always exists for an update Yjs wrote.
 */
function orderPieces(queues: Map<number, Piece[]>): Piece[] {
  const ranges = new Map<number, Array<[number, number]>>()
  for (const [client, queue] of queues) {
    ranges.set(
      client,
      queue.map((piece) => [piece.clock, piece.clock + piece.length]),
    )
  }
  const emittedUntil = new Map<number, number>()
  const inUpdate = (id: Y.ID) =>
    ranges.get(id.client)?.some(([start, end]) => id.clock >= start && id.clock < end) ?? false
  const ready = (piece: Piece) =>
    dependencies(piece.struct).every(
      (id) => !inUpdate(id) || id.clock < (emittedUntil.get(id.client) ?? 0),
    )
  const ordered: Piece[] = []
  let remaining = [...queues.values()].reduce((sum, queue) => sum + queue.length, 0)
  while (remaining > 0) {
    let progressed = false
    for (const queue of queues.values()) {
      while (queue[0] && ready(queue[0])) {
        const piece = queue.shift() as Piece
        ordered.push(piece)
        emittedUntil.set(piece.client, piece.clock + piece.length)
        remaining--
        progressed = true
      }
    }
    if (!progressed) {
      // Only an update Yjs did not write can get here; keep every piece rather than loop.
      const stuck = [...queues.values()].find((queue) => queue.length > 0) as Piece[]
      const piece = stuck.shift() as Piece
      ordered.push(piece)
      emittedUntil.set(piece.client, piece.clock + piece.length)
      remaining--
    }
  }
  return ordered
}

function dependencies(struct: Struct): Y.ID[] {
  if (!(struct instanceof Y.Item)) return []
  return [struct.origin, struct.rightOrigin, struct.parent].filter(
    (ref): ref is Y.ID => ref instanceof Y.ID,
  )
}

/** One part being filled: per client, one run of consecutive pieces. */
class PartBuilder {
  private readonly runs = new Map<number, Piece[]>()
  private bytes = UPDATE_HEADER_BYTES

  constructor(first: Piece) {
    this.add(first)
  }

  accepts(piece: Piece, budget: number): boolean {
    const run = this.runs.get(piece.client)
    const last = run?.at(-1)
    if (last && last.clock + last.length !== piece.clock) return false
    return this.bytes + piece.bytes.byteLength + (run ? 0 : RUN_HEADER_BYTES) <= budget
  }

  add(piece: Piece): void {
    const run = this.runs.get(piece.client)
    if (run) run.push(piece)
    else this.runs.set(piece.client, [piece])
    this.bytes += piece.bytes.byteLength + (run ? 0 : RUN_HEADER_BYTES)
  }

  encode(): Uint8Array {
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, this.runs.size)
    for (const [client, run] of this.runs) {
      encoding.writeVarUint(encoder, run.length)
      encoding.writeVarUint(encoder, client)
      encoding.writeVarUint(encoder, run[0]?.clock ?? 0)
      for (const piece of run) encoding.writeUint8Array(encoder, piece.bytes)
    }
    encoding.writeVarUint(encoder, 0) // no deletions: they follow once every struct is sent
    return encoding.toUint8Array(encoder)
  }
}

/** The struct as pieces of at most `budget` bytes each, where it can be cut. */
function cutStruct(struct: Struct, budget: number): Piece[] {
  const piece = toPiece(struct)
  if (piece.bytes.byteLength <= budget || !(struct instanceof Y.Item) || !canCut(struct)) {
    return [piece]
  }
  const middle = cutPoint(struct, Math.floor(struct.length / 2))
  if (middle <= 0 || middle >= struct.length) return [piece]
  return [
    ...cutStruct(sliceItem(struct, 0, middle), budget),
    ...cutStruct(sliceItem(struct, middle, struct.length), budget),
  ]
}

function toPiece(struct: Struct): Piece {
  const encoder = new Y.UpdateEncoderV1()
  struct.write(encoder, 0)
  return {
    struct,
    client: struct.id.client,
    clock: struct.id.clock,
    length: struct.length,
    bytes: encoder.toUint8Array(),
  }
}

/** Content Yjs itself splits (`splice`): text, JSON values, and deleted content. */
function canCut(item: Y.Item): boolean {
  const { content } = item
  return (
    item.length > 1 &&
    (content instanceof Y.ContentString ||
      content instanceof Y.ContentAny ||
      content instanceof Y.ContentJSON ||
      content instanceof Y.ContentDeleted)
  )
}

/** `at`, moved off the middle of a surrogate pair, which Yjs would turn into two U+FFFD. */
function cutPoint(item: Y.Item, at: number): number {
  if (!(item.content instanceof Y.ContentString)) return at
  const code = item.content.str.charCodeAt(at - 1)
  return code >= 0xd800 && code <= 0xdbff ? at - 1 : at
}

/** The item's units [start, end) as an item of their own, as Yjs's `splitItem` makes them. */
function sliceItem(item: Y.Item, start: number, end: number): Y.Item {
  const content = item.content.copy()
  content.splice(end)
  const sliced = start === 0 ? content : content.splice(start)
  const { client, clock } = item.id
  return new Y.Item(
    Y.createID(client, clock + start),
    null,
    start === 0 ? item.origin : Y.createID(client, clock + start - 1),
    null,
    item.rightOrigin,
    item.parent,
    item.parentSub,
    sliced,
  )
}

/** Deleted ranges of one writer's clocks, as a Yjs delete set lists them. */
type DeleteRanges = Array<{ clock: number; len: number }>

/** Updates with no structs carrying the delete set, each at most `budget` bytes. */
function encodeDeleteSet(deleted: Map<number, DeleteRanges>, budget: number): Uint8Array[] {
  const parts: Array<Array<[number, DeleteRanges]>> = []
  let current: Array<[number, DeleteRanges]> = []
  let bytes = UPDATE_HEADER_BYTES
  const flush = () => {
    if (current.length > 0) parts.push(current)
    current = []
    bytes = UPDATE_HEADER_BYTES
  }
  for (const [client, ranges] of deleted) {
    let run: DeleteRanges = []
    for (const range of ranges) {
      // A range is two varuints: at most 10 bytes.
      if (bytes + RUN_HEADER_BYTES + 10 > budget) {
        if (run.length > 0) current.push([client, run])
        run = []
        flush()
      }
      if (run.length === 0) bytes += RUN_HEADER_BYTES
      run.push(range)
      bytes += 10
    }
    if (run.length > 0) current.push([client, run])
  }
  flush()
  return parts.map((clients) => {
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, 0) // no structs
    encoding.writeVarUint(encoder, clients.length)
    for (const [client, ranges] of clients) {
      encoding.writeVarUint(encoder, client)
      encoding.writeVarUint(encoder, ranges.length)
      for (const { clock, len } of ranges) {
        encoding.writeVarUint(encoder, clock)
        encoding.writeVarUint(encoder, len)
      }
    }
    return encoding.toUint8Array(encoder)
  })
}
