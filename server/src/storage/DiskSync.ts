import type { WriteProgress } from './DocStore.js'

/**
 * Coalesces requests to make committed writes durable (design.md "relay on the OS, acknowledge
 * on the disk"): one flush covers every commit counted before it started, so while a flush runs,
 * every request that arrives waits for the single next one instead of queueing a flush each.
 * A slow disk therefore makes flushes cover more commits rather than fall behind.
 */
export class DiskSync implements WriteProgress {
  committed = 0
  onDisk = 0
  private running: Promise<void> | null = null
  /** The commits the running flush covers. */
  private runningCovers = 0
  private next: Promise<void> | null = null

  /** `flush` makes everything committed before it was called durable; it may reject (EIO...). */
  constructor(private readonly flush: () => Promise<void>) {}

  /** Counts one commit: the next flush that starts covers it. */
  noteCommit(): void {
    this.committed++
  }

  /**
   * Resolves once every commit counted before this call is on disk; rejects with the flush's
   * error, in which case nothing is known to be durable and the caller must not acknowledge.
   */
  sync(): Promise<void> {
    if (!this.running) {
      return this.onDisk === this.committed ? Promise.resolve() : this.start()
    }
    if (this.runningCovers === this.committed) return this.running
    // The running flush may have started before the caller's commit: wait for the next one.
    this.next ??= this.running.then(
      () => this.startNext(),
      () => this.startNext(),
    )
    return this.next
  }

  /** Resolves once no flush is running or queued (for closing the store). */
  async idle(): Promise<void> {
    while (this.running || this.next) {
      await (this.next ?? this.running)?.catch(() => undefined)
    }
  }

  private startNext(): Promise<void> {
    this.next = null
    return this.start()
  }

  private start(): Promise<void> {
    const covered = this.committed
    const run = this.flush().then(() => {
      this.onDisk = Math.max(this.onDisk, covered)
    })
    this.running = run
    this.runningCovers = covered
    const clear = () => {
      if (this.running === run) this.running = null
    }
    run.then(clear, clear)
    return run
  }
}
