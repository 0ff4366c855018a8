import * as Y from 'yjs'
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
  private timer: NodeJS.Timeout | null = null
  private writing: Promise<void> = Promise.resolve()

  constructor(
    private readonly store: HistoryStore,
    /** Told when storing spans fails; the spans are dropped, the edits are not affected. */
    private readonly onError: (error: unknown) => void,
  ) {}

  /**
   * Notes that `author` sent `update` to `room` and the room applied it. `before` holds the
   * room's clock of each client id just before it applied the update (`Y.getState`): only
   * items the update added count, so resending text the room already had (as after a crash lost
   * the spans of that text) never credits the sender with it. Without `before`, every item the
   * update carries counts (the server's own changes, benchmarks).
   */
  record(
    room: string,
    author: Author,
    update: Uint8Array,
    before?: ReadonlyMap<number, number>,
  ): void {
    const { from, to } = Y.parseUpdateMeta(update)
    const at = Date.now()
    const ranges = [...to].flatMap(([client, clockTo]) => {
      const clockFrom = Math.max(from.get(client) ?? 0, before?.get(client) ?? 0)
      return clockTo > clockFrom ? [{ client, clockFrom, clockTo }] : []
    })
    // A deletion needs a mark only if nothing else records that its author wrote meanwhile.
    const wroteMeanwhile = this.pending.some(
      (span) => span.room === room && span.linkId === author.linkId && span.name === author.name,
    )
    if (ranges.length === 0 && !wroteMeanwhile) {
      ranges.push({ client: DELETED_ONLY, clockFrom: 0, clockTo: 0 })
    }
    for (const { client, clockFrom, clockTo } of ranges) {
      const last = this.pending.findLast((span) => span.room === room && span.client === client)
      if (
        last &&
        (last.clockTo === clockFrom || client === DELETED_ONLY) &&
        last.linkId === author.linkId &&
        last.name === author.name
      ) {
        last.clockTo = clockTo
        last.at = at
      } else {
        this.pending.push({ room, client, clockFrom, clockTo, ...author, at })
      }
    }
    if (this.pending.length > 0 && !this.timer) {
      this.timer = setTimeout(() => void this.flush(), FLUSH_AFTER_MS)
      this.timer.unref()
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
