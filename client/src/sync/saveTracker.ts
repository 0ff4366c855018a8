import type { StoredState } from '@tablenotes/shared'
import * as Y from 'yjs'

export type Connection = 'connecting' | 'connected' | 'offline' | 'refused'

/** Everything the save status is derived from; never a guess, only what was observed. */
export interface SaveState {
  connection: Connection
  /** The close code when the server refused the connection for good (44xx). */
  refusedCode: number | null
  /** Local changes not yet covered by a `stored` message; survives reloads. */
  pendingChanges: number
  /** Every local change is in this device's IndexedDB. */
  savedOnDevice: boolean
  /** The last `stored` message covers every local change. */
  savedOnServer: boolean
  /** Whether this page's link may write the room: guessed from the token, then told by the server. */
  writable: boolean
}

export interface PendingStore {
  read(): number
  write(count: number): void
}

/**
 * Tracks what is saved where. A change is "on the server" only when a `stored` message reports
 * (a) at least every update message this connection sent and (b) a state vector covering the
 * document's: (a) covers deletions and offline edits, (b) guards against a server that lost data.
 */
export class SaveTracker {
  private state: SaveState
  private readonly listeners = new Set<(state: SaveState) => void>()

  constructor(
    private readonly doc: Y.Doc,
    private readonly pending: PendingStore,
    writable = true,
  ) {
    const pendingChanges = pending.read()
    this.state = {
      connection: 'connecting',
      refusedCode: null,
      pendingChanges,
      savedOnDevice: true,
      savedOnServer: false,
      writable,
    }
  }

  get current(): SaveState {
    return this.state
  }

  subscribe(listener: (state: SaveState) => void): () => void {
    this.listeners.add(listener)
    listener(this.state)
    return () => this.listeners.delete(listener)
  }

  /** A change made on this device (typing, undo, priority issues). */
  localChange(): void {
    this.update({
      pendingChanges: this.state.pendingChanges + 1,
      savedOnDevice: false,
      savedOnServer: false,
    })
  }

  /** IndexedDB has written everything up to now. */
  savedLocally(): void {
    this.update({ savedOnDevice: true })
  }

  /** The server said whether this connection may write. */
  access(writable: boolean): void {
    if (writable !== this.state.writable) this.update({ writable })
  }

  connection(connection: Connection, refusedCode: number | null = null): void {
    this.update({
      connection,
      refusedCode,
      ...(connection === 'connected' ? {} : { savedOnServer: false }),
    })
  }

  /** A `stored` message arrived; `sentUpdates` is what this connection has sent so far. */
  stored(stored: StoredState, sentUpdates: number): void {
    if (stored.storedMessages < sentUpdates || !covers(stored.stateVector, this.doc)) return
    this.update({ pendingChanges: 0, savedOnServer: true })
  }

  private update(change: Partial<SaveState>): void {
    this.state = { ...this.state, ...change }
    this.pending.write(this.state.pendingChanges)
    for (const listener of this.listeners) listener(this.state)
  }
}

function covers(storedStateVector: Uint8Array, doc: Y.Doc): boolean {
  const stored = Y.decodeStateVector(storedStateVector)
  for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(doc))) {
    if ((stored.get(client) ?? 0) < clock) return false
  }
  return true
}
