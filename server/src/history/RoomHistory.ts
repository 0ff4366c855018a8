import type * as Y from 'yjs'
import type { AuthorshipSpan, Store, VersionInfo, VersionKind } from '../storage/DocStore.js'
import { type Author, AuthorshipRecorder, type ClockRange } from './AuthorshipRecorder.js'
import { takeVersion } from './takeVersion.js'

export interface RoomHistoryOptions {
  store: Store
  /** A room's automatic version is taken once its writing paused this long (issue 17: ~1 min). */
  pauseMs: number
  /** …and at least this often while people keep writing (issue 17: every 10 min). */
  everyMs: number
  /** Told when taking a version or storing authorship fails; writing goes on. */
  onError: (room: string, error: unknown) => void
}

/** A room as history needs it: its name and its live document. */
export interface VersionedRoom {
  readonly key: string
  readonly doc: Y.Doc
}

interface Unversioned {
  /** When the first write not in any version was applied (ms). */
  since: number
  pause: NodeJS.Timeout
  room: VersionedRoom
}

/**
 * The history of the rooms one server holds (issue 17, design decision 8): records who wrote
 * each client update (AuthorshipRecorder) and takes a room's automatic versions, after a pause
 * of `pauseMs` in its writing, at least every `everyMs` while writing goes on, and when the
 * room unloads with writing not yet in a version. Versions of one room are taken one at a time.
 */
export class RoomHistory {
  readonly authorship: AuthorshipRecorder
  private readonly unversioned = new Map<string, Unversioned>()
  private readonly taking = new Map<string, Promise<unknown>>()

  constructor(private readonly options: RoomHistoryOptions) {
    this.authorship = new AuthorshipRecorder(options.store, (error) =>
      options.onError('authorship', error),
    )
  }

  /**
   * A client's update was applied to `room` from `connection`, of `author` (see
   * `AuthorshipRecorder.record`).
   */
  noteClientUpdate(
    room: VersionedRoom,
    author: Author,
    ranges: readonly ClockRange[],
    connection?: object,
  ): void {
    this.authorship.record(room.key, author, ranges, connection)
    const now = Date.now()
    const pending = this.unversioned.get(room.key)
    if (!pending) {
      const pause = setTimeout(() => void this.takeAuto(room), this.options.pauseMs)
      pause.unref()
      this.unversioned.set(room.key, { since: now, pause, room })
      return
    }
    if (now - pending.since >= this.options.everyMs) void this.takeAuto(room)
    else pending.pause.refresh()
  }

  /**
   * Takes a version of `room` now (a named one, or the one before a restore); resolves with it,
   * or null for an automatic version equal to the previous one. Authorship recorded so far is
   * stored first, so the version's authors include everyone who wrote until now.
   */
  take(
    room: VersionedRoom,
    kind: VersionKind,
    label: string | null = null,
  ): Promise<VersionInfo | null> {
    const pending = this.unversioned.get(room.key)
    if (pending?.room === room) {
      clearTimeout(pending.pause)
      this.unversioned.delete(room.key)
    }
    const previous = this.taking.get(room.key) ?? Promise.resolve()
    const taken = previous
      .catch(() => undefined)
      .then(async () => {
        await this.authorship.flush()
        return takeVersion(this.options.store, room.key, room.doc, kind, label)
      })
    this.taking.set(room.key, taken)
    void taken
      .finally(() => {
        if (this.taking.get(room.key) === taken) this.taking.delete(room.key)
      })
      .catch(() => undefined)
    return taken
  }

  /** Before `room` unloads: its writing since the last version goes into one now. */
  async settle(room: VersionedRoom): Promise<void> {
    const pending = this.unversioned.get(room.key)
    if (pending?.room === room) await this.takeAuto(room)
    else await this.authorship.flush()
  }

  /**
   * Forgets `room`'s pending automatic version without taking it: for a room evicted because
   * its document or storage failed, whose content is not to be trusted. Its writing since the
   * last version is in the stored updates and goes into the reloaded room's next version.
   */
  drop(room: VersionedRoom): void {
    const pending = this.unversioned.get(room.key)
    if (pending?.room !== room) return
    clearTimeout(pending.pause)
    this.unversioned.delete(room.key)
  }

  /** Every authorship span of `room` the server recorded, stored ones and pending ones. */
  async spansOf(room: string): Promise<AuthorshipSpan[]> {
    await this.authorship.flush()
    return this.options.store.loadAuthorship(room)
  }

  /** Stops every timer; for shutdown, after every room settled. */
  async close(): Promise<void> {
    for (const { pause } of this.unversioned.values()) clearTimeout(pause)
    this.unversioned.clear()
    await this.authorship.flush()
  }

  private async takeAuto(room: VersionedRoom): Promise<void> {
    try {
      await this.take(room, 'auto')
    } catch (error) {
      this.options.onError(room.key, error)
    }
  }
}
