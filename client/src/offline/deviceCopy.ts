import { IndexeddbPersistence } from 'y-indexeddb'
import type * as Y from 'yjs'

/** How soon a copy that failed to open is tried again, doubling up to the last. */
const FIRST_RETRY_MS = 100
const LAST_RETRY_MS = 5000
/** Failed opens in a row after which the copy is given up on (about 20 s of trying). */
const MAX_FAILED_OPENS = 8

/**
 * The room's copy in this browser's IndexedDB (y-indexeddb), kept even when the browser deletes
 * it under the open page. Clearing a site's data (or the browser evicting it) closes the open
 * database; y-indexeddb then throws on every later write from inside the document's update
 * event, which stopped the handlers after it (the journal, the sync) and left the page saying
 * "kept on this device" about nothing. Here the copy is opened again at once, and y-indexeddb
 * first writes the whole document into the new database, so the page's content is on the
 * device again.
 */
export class DeviceCopy {
  private persistence: IndexeddbPersistence
  private storeUpdate: (update: Uint8Array, origin: unknown) => void = () => undefined
  private destroyed = false
  private retryMs = FIRST_RETRY_MS
  private failedOpens = 0
  /** Every persistence this copy used: their loads are not local changes. */
  private readonly origins = new Set<unknown>()
  /** Resolves once the device's copy as it was is loaded into the document (by any attempt). */
  readonly loaded: Promise<void>
  private markLoaded: () => void = () => undefined

  constructor(
    private readonly name: string,
    private readonly doc: Y.Doc,
    /**
     * `rewriting`: the browser deleted the copy and it is being written again from the
     * document; `rewritten`: the new copy holds everything the document held then.
     */
    private readonly events: { rewriting(): void; rewritten(): void },
  ) {
    this.loaded = new Promise((resolve) => {
      this.markLoaded = resolve
    })
    this.persistence = this.open()
  }

  /** Whether a change with this transaction origin is the device's copy loading. */
  isOrigin(origin: unknown): boolean {
    return this.origins.has(origin)
  }

  /**
   * Calls `onWritten` once IndexedDB holds every change made so far. y-indexeddb writes each
   * update in its own transaction and exposes no promise for it; IndexedDB runs transactions on
   * one store in the order they were created, so a read transaction created now completes only
   * after those writes.
   */
  confirmWrite(onWritten: () => void): void {
    const persistence = this.persistence
    queueMicrotask(() => {
      const db = persistence.db
      if (!db || persistence !== this.persistence) return
      try {
        db.transaction('updates', 'readonly').oncomplete = onWritten
      } catch {
        // The database is closing: its replacement confirms once it has written everything.
      }
    })
  }

  destroy(): void {
    this.destroyed = true
    this.doc.off('update', this.storeUpdate)
    this.persistence.destroy().catch(() => undefined)
  }

  private open(): IndexeddbPersistence {
    const persistence = new IndexeddbPersistence(this.name, this.doc)
    this.origins.add(persistence)
    // y-indexeddb's own handler throws once the database is closed; it must neither stop the
    // handlers after it nor lose the change, so it is wrapped and a failure opens the copy anew.
    this.doc.off('update', persistence._storeUpdate)
    const storeUpdate = (update: Uint8Array, origin: unknown) => {
      try {
        persistence._storeUpdate(update, origin)
      } catch {
        this.reopen(persistence)
      }
    }
    this.storeUpdate = storeUpdate
    this.doc.on('update', storeUpdate)
    void persistence.whenSynced.then(() => this.markLoaded())
    persistence._db.then(
      (db) => {
        this.retryMs = FIRST_RETRY_MS
        this.failedOpens = 0
        db.addEventListener('close', () => this.reopen(persistence))
      },
      // Opening fails while the browser is still deleting the old database: try again shortly.
      // A browser without IndexedDB fails every time; the journal then keeps the changes.
      () => {
        if (++this.failedOpens > MAX_FAILED_OPENS) return
        setTimeout(() => this.reopen(persistence), this.retryMs)
        this.retryMs = Math.min(this.retryMs * 2, LAST_RETRY_MS)
      },
    )
    return persistence
  }

  /** The browser closed (deleted) `closed`; write the document into a new copy. */
  private reopen(closed: IndexeddbPersistence): void {
    if (this.destroyed || closed !== this.persistence) return
    this.doc.off('update', this.storeUpdate)
    closed.destroy().catch(() => undefined)
    this.events.rewriting()
    this.persistence = this.open()
    // y-indexeddb stores the whole document first thing on open; this confirms it afterwards.
    void this.persistence.whenSynced.then(() => this.confirmWrite(() => this.events.rewritten()))
  }
}
