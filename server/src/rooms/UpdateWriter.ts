import type { DocStore, RoomUpdate } from '../storage/DocStore.js'

interface Waiter {
  resolve: () => void
  reject: (error: unknown) => void
}

interface QueuedBatch {
  updates: RoomUpdate[]
  committed: Waiter[]
  onDisk: Waiter[]
}

/** The two moments of one write (design.md "relay on the OS, acknowledge on the disk"). */
export interface WriteStages {
  /** Resolves once committed: a crash of this process no longer loses it; relay then. */
  committed: Promise<void>
  /** Resolves once on disk: a power cut no longer loses it; acknowledge then. */
  onDisk: Promise<void>
}

/** Settles `waiters` as `stage` did. */
function settleAs(stage: Promise<void>, waiters: readonly Waiter[]): void {
  stage.then(
    () => {
      for (const waiter of waiters) waiter.resolve()
    },
    (error: unknown) => {
      for (const waiter of waiters) waiter.reject(error)
    },
  )
}

function waitOn(list: Waiter[]): Promise<void> {
  return new Promise((resolve, reject) => list.push({ resolve, reject }))
}

/**
 * Gathers the updates of every room during one turn of the event loop and commits them in one
 * transaction; while a batch is being committed, everything that arrives meanwhile gathers into
 * the next one (group commit), so a slow store makes batches larger rather than a queue longer.
 * After each commit it asks the store for a disk flush, which the store coalesces (DiskSync):
 * the next batch commits while the flush runs. Batches commit in order and each flush covers
 * every commit before it, so a stage that resolves means that the same stage of everything
 * written before it has too: rooms rely on that order when they relay and acknowledge.
 */
export class UpdateWriter {
  private queued: QueuedBatch | null = null
  private inFlight: Promise<void> = Promise.resolve()
  private lastOnDisk: Promise<void> = Promise.resolve()
  /** A batch is being committed: the next one is committed when it is done, not on a timer. */
  private writing = false

  constructor(
    private readonly store: DocStore,
    /** Told how long each batch took to commit, and how many updates it held. */
    private readonly onStored: (seconds: number, updates: number) => void = () => undefined,
  ) {}

  /**
   * Writes `updates` (possibly none) of `room`; each stage resolves once it is reached by these
   * updates and by everything written before, and rejects if the store failed.
   * `fromClient` marks the updates clients sent, whose time becomes the room's last edit.
   */
  write(
    room: string,
    updates: readonly { update: Uint8Array; fromClient: boolean }[],
  ): WriteStages {
    if (!this.queued) {
      this.queued = { updates: [], committed: [], onDisk: [] }
      if (!this.writing) setImmediate(() => this.flush())
    }
    const batch = this.queued
    for (const { update, fromClient } of updates) batch.updates.push({ room, update, fromClient })
    return { committed: waitOn(batch.committed), onDisk: waitOn(batch.onDisk) }
  }

  /** Resolves once everything written so far is on disk (or failed). */
  async drain(): Promise<void> {
    while (this.queued) await this.write('', []).onDisk.catch(() => undefined)
    await this.inFlight.catch(() => undefined)
    await this.lastOnDisk.catch(() => undefined)
  }

  private flush(): void {
    const batch = this.queued
    this.queued = null
    if (!batch) return
    this.writing = true
    const committed = this.inFlight
      .catch(() => undefined)
      .then(async () => {
        if (batch.updates.length === 0) return
        const started = performance.now()
        await this.store.commitUpdates(batch.updates)
        this.onStored((performance.now() - started) / 1000, batch.updates.length)
      })
    this.inFlight = committed
    // Started as soon as the commit is done; a batch without updates still waits for the flush
    // that covers every batch before it.
    const onDisk = committed.then(() => this.store.syncToDisk())
    this.lastOnDisk = onDisk
    settleAs(committed, batch.committed)
    settleAs(onDisk, batch.onDisk)
    void committed
      .catch(() => undefined)
      .then(() => {
        this.writing = false
        if (this.queued) this.flush()
      })
  }
}
