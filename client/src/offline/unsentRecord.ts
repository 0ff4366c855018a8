/** One writer's (one Yjs client id's) changes that the server has not confirmed. */
interface Entry {
  /** The writer's clock the server had when the first of these changes was made. */
  from: number
  /** The writer's clock after its latest change: the device's copy holds everything below. */
  clock: number
  /** When its oldest unconfirmed change was made, in epoch milliseconds. */
  since: number
  /** It deleted something; deletions do not advance a clock, so only a full save clears this. */
  deletes: boolean
}

type Entries = Record<string, Entry>

/**
 * What this device holds that the server has not confirmed, per room, in localStorage: every tab
 * of the room shares it. It outlives the page and IndexedDB, so a page can tell two things it
 * could not otherwise: since when edits wait (after a reload offline), and whether the device's
 * copy lost them (the browser deleted the site's IndexedDB while they waited). A lost copy is
 * one that loads without content the record says it held.
 */
export class UnsentRecord {
  private readonly key: string

  constructor(
    room: string,
    private readonly storage: Storage,
  ) {
    this.key = `tablenotes:unsent:${room}`
  }

  /** Forgets every change noted for the room. */
  clear(): void {
    this.storage.removeItem(this.key)
  }

  /**
   * A change by `client` up to `clock`, made at `now` (epoch ms), when the server held that
   * writer's changes up to `from`.
   */
  note(client: number, clock: number, deletes: boolean, now: number, from = 0): void {
    const entries = this.read()
    const entry = entries[client]
    entries[client] = {
      from: Math.min(from, entry?.from ?? from),
      clock: Math.max(clock, entry?.clock ?? 0),
      since: entry?.since ?? now,
      deletes: deletes || (entry?.deletes ?? false),
    }
    this.write(entries)
  }

  /**
   * The server holds everything up to `stored` (a state vector as a map). With
   * `everythingSaved` (it confirmed this page's whole document, deletions included), entries it
   * covers go even if they deleted something.
   */
  acknowledge(stored: ReadonlyMap<number, number>, everythingSaved: boolean): void {
    const entries = this.read()
    let changed = false
    for (const [client, entry] of Object.entries(entries)) {
      const covered = (stored.get(Number(client)) ?? 0) >= entry.clock
      if (covered && (everythingSaved || !entry.deletes)) {
        delete entries[client]
        changed = true
      }
    }
    if (changed) this.write(entries)
  }

  /** When the oldest unconfirmed change on this device was made (epoch ms), or null: none. */
  since(): number | null {
    const times = Object.values(this.read()).map((entry) => entry.since)
    return times.length === 0 ? null : Math.min(...times)
  }

  /**
   * Compares the record with the device's copy as it loaded (its state vector as a map): the
   * changes the record holds and the copy lacks, per client up to the clock the record holds,
   * and when the oldest of them was made; null if the copy lacks nothing. The server may still
   * have them (the page closed before its confirmation arrived): only it can tell.
   */
  missingFrom(
    loaded: ReadonlyMap<number, number>,
  ): { clocks: Map<number, number>; since: number } | null {
    const clocks = new Map<number, number>()
    let since = Number.POSITIVE_INFINITY
    for (const [client, entry] of Object.entries(this.read())) {
      if ((loaded.get(Number(client)) ?? 0) >= entry.clock) continue
      clocks.set(Number(client), entry.clock)
      since = Math.min(since, entry.since)
    }
    return clocks.size === 0 ? null : { clocks, since }
  }

  /**
   * What the server held of a document whose state vector is `state`, as far as this record
   * knows: each writer it records up to where the server had it, every other writer entirely.
   * For `unstoredNotes`, when the page cannot ask the server (its link no longer works).
   */
  storedPartOf(state: ReadonlyMap<number, number>): Map<number, number> {
    const entries = this.read()
    const stored = new Map(state)
    for (const [client, entry] of Object.entries(entries)) {
      stored.set(Number(client), Math.min(entry.from ?? 0, state.get(Number(client)) ?? 0))
    }
    return stored
  }

  /** Forgets these clients' entries: what they held is lost, and nothing can send it any more. */
  forget(clients: Iterable<number>): void {
    const entries = this.read()
    for (const client of clients) delete entries[client]
    this.write(entries)
  }

  private read(): Entries {
    try {
      const parsed: unknown = JSON.parse(this.storage.getItem(this.key) ?? '{}')
      return typeof parsed === 'object' && parsed !== null ? (parsed as Entries) : {}
    } catch {
      return {}
    }
  }

  private write(entries: Entries): void {
    try {
      if (Object.keys(entries).length === 0) this.storage.removeItem(this.key)
      else this.storage.setItem(this.key, JSON.stringify(entries))
    } catch {
      // A full localStorage: the page loses only its memory of what waits, never the changes.
    }
  }
}
