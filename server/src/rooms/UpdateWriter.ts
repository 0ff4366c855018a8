import type { DocStore, RoomUpdate } from '../storage/DocStore.js'

interface QueuedBatch {
  updates: RoomUpdate[]
  waiters: Array<{ resolve: () => void; reject: (error: unknown) => void }>
}

/**
 * Gathers the updates of every room during one turn of the event loop and appends them in one
 * transaction; while a batch is being written, everything that arrives meanwhile gathers into the
 * next one (group commit), so a slow disk makes batches larger rather than a queue longer.
 * Batches are written one after the other, so a promise that resolves means that everything
 * written before it is durable too: rooms rely on that order when they acknowledge.
 */
export class UpdateWriter {
  private queued: QueuedBatch | null = null
  private inFlight: Promise<void> = Promise.resolve()
  /** A batch is being written: the next one is flushed when it is done, not on a timer. */
  private writing = false

  constructor(
    private readonly store: DocStore,
    /** Told how long each batch took to store, and how many updates it held. */
    private readonly onStored: (seconds: number, updates: number) => void = () => undefined,
  ) {}

  /**
   * Resolves once `updates` (possibly none) and everything written before are durable.
   * `fromClient` marks the updates clients sent, whose time becomes the room's last edit.
   */
  write(
    room: string,
    updates: readonly { update: Uint8Array; fromClient: boolean }[],
  ): Promise<void> {
    if (!this.queued) {
      this.queued = { updates: [], waiters: [] }
      if (!this.writing) setImmediate(() => this.flush())
    }
    const batch = this.queued
    for (const { update, fromClient } of updates) batch.updates.push({ room, update, fromClient })
    return new Promise((resolve, reject) => batch.waiters.push({ resolve, reject }))
  }

  /** Resolves once everything written so far is durable (or failed). */
  async drain(): Promise<void> {
    while (this.queued) await this.write('', [])
    await this.inFlight.catch(() => undefined)
  }

  private flush(): void {
    const batch = this.queued
    this.queued = null
    if (!batch) return
    this.writing = true
    this.inFlight = this.inFlight
      .catch(() => undefined)
      .then(async () => {
        const started = performance.now()
        await this.store.appendUpdates(batch.updates)
        if (batch.updates.length > 0) {
          this.onStored((performance.now() - started) / 1000, batch.updates.length)
        }
      })
      .then(
        () => {
          for (const waiter of batch.waiters) waiter.resolve()
        },
        (error: unknown) => {
          for (const waiter of batch.waiters) waiter.reject(error)
        },
      )
      .then(() => {
        this.writing = false
        if (this.queued) this.flush()
      })
  }
}
