import type * as Y from 'yjs'
import type { AuthorshipSpan, HistoryStore } from '../storage/DocStore.js'

/** Who a connection is, as the server knows it: its link, and the name in its presence. */
export interface Author {
  linkId: string | null
  name: string | null
}

/**
 * The client id of a span that marks an update which only deleted: it brought no items, yet
 * its author wrote in the room (emptied an answer). Yjs client ids are unsigned, so no item
 * has it.
 */
export const DELETED_ONLY = -1

/**
 * How long spans gather in memory before they are stored together: a typist's keystrokes of
 * that time merge into one span (row). A crash loses at most this much authorship, never text;
 * versions and unloads store the spans at once. Measured in bench/HISTORY.md.
 */
const FLUSH_AFTER_MS = 30_000

/** The items of one Yjs client an update brought: clocks `[clockFrom, clockTo)`. */
export interface ClockRange {
  client: number
  clockFrom: number
  clockTo: number
}

/**
 * The clock range of each client id in a decoded update (`Y.decodeUpdate`): from its first
 * struct's clock to its last struct's end, as `Y.parseUpdateMeta` reads them, without decoding
 * the update a second time on the relay path. Structs of one client are in clock order.
 */
export function clockRangesOf({
  structs,
}: {
  structs: ReadonlyArray<{ id: Y.ID; length: number }>
}): {
  from: Map<number, number>
  to: Map<number, number>
} {
  const from = new Map<number, number>()
  const to = new Map<number, number>()
  for (const struct of structs) {
    const { client, clock } = struct.id
    if (!from.has(client)) from.set(client, clock)
    to.set(client, clock + struct.length)
  }
  return { from, to }
}

/**
 * The clock ranges an update brings, per client id, from its `Y.parseUpdateMeta`. With
 * `before`, the room's clock of each client just before it applied the update (`Y.getState`),
 * only items the update added count: resending text the room already had (as after a crash lost
 * the spans of that text) never credits the sender with it.
 */
export function addedRanges(
  { from, to }: { from: Map<number, number>; to: Map<number, number> },
  before?: ReadonlyMap<number, number>,
): ClockRange[] {
  return [...to].flatMap(([client, clockTo]) => {
    const clockFrom = Math.max(from.get(client) ?? 0, before?.get(client) ?? 0)
    return clockTo > clockFrom ? [{ client, clockFrom, clockTo }] : []
  })
}

/**
 * Records, for every client update a room applies, which Yjs items it brought (the clock range
 * of each client id in it, from `Y.parseUpdateMeta`) and the connection that sent it. Adjacent
 * ranges of one author merge, so a person typing a paragraph is one span, not one per key.
 * Spans are stored a moment later, apart from the update rows, or at once with `flush`
 * (before a version is taken and when a room unloads). A connection that announces another
 * person's name is recorded under its own link id, and only for items it sent itself, so it
 * can never take another connection's text.
 */
export class AuthorshipRecorder {
  private pending: AuthorshipSpan[] = []
  /** The connection of each pending span written before its connection announced a name. */
  private readonly unnamed = new WeakMap<AuthorshipSpan, object>()
  private timer: NodeJS.Timeout | null = null
  private writing: Promise<void> = Promise.resolve()

  constructor(
    private readonly store: HistoryStore,
    /** Told when storing spans fails; the spans are dropped, the edits are not affected. */
    private readonly onError: (error: unknown) => void,
  ) {}

  /**
   * Notes that `author` sent an update to `room` that the room applied, bringing the Yjs items
   * `ranges` (see `addedRanges`; empty for an update that only deleted). `connection`, the
   * sending socket's object, lets `nameConnection` credit a connection's unnamed writing to the
   * name it announces later.
   */
  record(room: string, author: Author, ranges: readonly ClockRange[], connection?: object): void {
    const at = Date.now()
    const spans = [...ranges]
    // A deletion needs a mark only if nothing else records that its author wrote meanwhile.
    const wroteMeanwhile = this.pending.some(
      (span) => span.room === room && span.linkId === author.linkId && span.name === author.name,
    )
    if (spans.length === 0 && !wroteMeanwhile) {
      spans.push({ client: DELETED_ONLY, clockFrom: 0, clockTo: 0 })
    }
    for (const { client, clockFrom, clockTo } of spans) {
      const last = this.pending.findLast((span) => span.room === room && span.client === client)
      if (
        last &&
        (last.clockTo === clockFrom || client === DELETED_ONLY) &&
        last.linkId === author.linkId &&
        last.name === author.name &&
        // Unnamed writing of two connections of one link stays apart: each may name itself.
        this.unnamed.get(last) === (author.name === null ? connection : undefined)
      ) {
        last.clockTo = clockTo
        last.at = at
      } else {
        const span = { room, client, clockFrom, clockTo, ...author, at }
        this.pending.push(span)
        if (author.name === null && connection) this.unnamed.set(span, connection)
      }
    }
    if (this.pending.length > 0 && !this.timer) {
      this.timer = setTimeout(() => void this.flush(), FLUSH_AFTER_MS)
      this.timer.unref()
    }
  }

  /**
   * `connection` announced `name` after writing with none: its writing not yet stored is
   * credited to that name (a person types before the page has sent their name). Spans already
   * stored (after `FLUSH_AFTER_MS`, or a version) keep their link, shown as `link <id>`.
   */
  nameConnection(connection: object, name: string): void {
    for (const span of this.pending) {
      if (span.name === null && this.unnamed.get(span) === connection) {
        span.name = name
        this.unnamed.delete(span)
      }
    }
  }

  /** Stores every span recorded so far; resolves once they are (or failed, reported). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    const spans = this.pending
    this.pending = []
    this.writing = this.writing.then(async () => {
      if (spans.length === 0) return
      try {
        await this.store.appendAuthorship(spans)
      } catch (error) {
        this.onError(error)
      }
    })
    return this.writing
  }
}
