/** What instances tell each other about a room: a stored document update, or presence. */
export type FanoutKind = 'update' | 'awareness'

export type FanoutListener = (kind: FanoutKind, payload: Uint8Array) => void

/** How this instance hears the others; for `/healthz` and `/metrics`. */
export interface FanoutStatus {
  /** `single`: no other instance to hear (no REDIS_URL). */
  mode: 'single' | 'redis'
  connected: boolean
  /** Since when the connection is lost (ms since the epoch); null while connected. */
  lostSince: number | null
  /** How many times this instance caught up its rooms from storage after a gap. */
  catchUps: number
}

/**
 * Carries each room's changes between the server instances that have the room loaded. Updates
 * are published only once stored, so an instance that missed messages (while its link to the
 * others was down) loses nothing: it reads the rooms back from storage (`onCatchUp`).
 */
export interface Fanout {
  /** Starts hearing the room; resolves once messages published from now on will arrive. */
  join(room: string, listener: FanoutListener): Promise<void>
  leave(room: string): void
  publish(room: string, kind: FanoutKind, payload: Uint8Array): void
  /**
   * `catchUp` is called when this instance may have missed messages, or another instance says
   * its own messages may have gone missing: every loaded room must be read back from storage,
   * and the presence of this instance's clients told again.
   */
  onCatchUp(catchUp: () => Promise<void>): void
  /**
   * Runs `run` while no other instance runs one under the same name: for the server's own
   * edits that read a document and then write to it (compiling, reconciling), which two
   * instances doing at once would apply twice.
   */
  exclusive<T>(name: string, run: () => Promise<T>): Promise<T>
  /** Whether other instances may change rooms this one has loaded. */
  readonly shared: boolean
  status(): FanoutStatus
  close(): Promise<void>
}

/** One instance alone: nobody to tell, nothing to hear. */
export class SingleInstance implements Fanout {
  readonly shared = false
  async join(): Promise<void> {}
  leave(): void {}
  publish(): void {}
  onCatchUp(): void {}
  /** Within one process these edits run synchronously on the live document: nothing to do. */
  exclusive<T>(_name: string, run: () => Promise<T>): Promise<T> {
    return run()
  }
  status(): FanoutStatus {
    return { mode: 'single', connected: true, lostSince: null, catchUps: 0 }
  }
  async close(): Promise<void> {}
}
