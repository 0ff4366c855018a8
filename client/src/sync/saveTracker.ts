import type { StoredState } from '@tablenotes/shared'
import * as Y from 'yjs'
import type { UnsentRecord } from '../offline/unsentRecord.js'

export type Connection = 'connecting' | 'connected' | 'offline' | 'refused'

/** Why a link no longer opens the room; the page then stops taking edits. */
export type LinkEnd = 'expired' | 'refused'

/** Everything the save status is derived from; never a guess, only what was observed. */
export interface SaveState {
  connection: Connection
  /** The close code when the server refused the connection for good (44xx). */
  refusedCode: number | null
  /**
   * The link stopped working: the page's clock passed its expiry, or the server closed with a
   * code that no retry changes (4401, 4403, 4404, 4410), or refused a change of this page's
   * (4422), which every retry sends again. Edits are no longer taken.
   */
  linkEnded: LinkEnd | null
  /**
   * When the oldest change this device holds and the server has not confirmed was made (epoch
   * ms), or null: the server confirmed everything. Survives reloads (UnsentRecord).
   */
  unsentSince: number | null
  /** Every local change is in this device's IndexedDB. */
  savedOnDevice: boolean
  /** The server confirmed the document as it is on this device, deletions included. */
  savedOnServer: boolean
  /** Whether this page may edit: the link's role, the server's word, and the link still valid. */
  writable: boolean
  /**
   * The device's copy loaded without changes it held that the server had not confirmed (the
   * browser deleted the site's data): when the oldest of them was made (epoch ms), and whether
   * the server has since shown it lacks them too (`confirmed`: they are lost). Null: none.
   */
  deviceCopyLost: { since: number; confirmed: boolean } | null
}

/**
 * Close codes after which this page will not write this room again, whatever it does: the link
 * is refused, or a change the page holds is (4422, sent again on every reconnection).
 */
const ENDING_CODES = new Set([4401, 4403, 4404, 4410, 4422])

export interface SaveTrackerOptions {
  record: UnsentRecord
  /** The link's role lets it write the room, as far as the page can tell before the server says. */
  writable?: boolean
  /** How many sync step 2 and update messages the current connection has sent (P5). */
  sentMessages?: () => number
  now?: () => number
}

/**
 * Tracks what is saved where, from what was observed: the document on this device, what the
 * server said it stored, and what it relayed (PROTOCOL.md P4–P6). The server holds the document
 * as it is here only when (a) it reported storing at least every update message this connection
 * sent, which covers deletions, and (b) what it stored or relayed covers the document's state
 * vector, which covers changes that reached this page from elsewhere (another tab, the device's
 * copy) and were never sent by it.
 */
export class SaveTracker {
  private state: SaveState
  private readonly listeners = new Set<(state: SaveState) => void>()
  /** State vector of what the server has durably: stored messages and relayed updates. */
  private readonly server = new Map<number, number>()
  /** The `storedMessages` of the latest `stored` message on this connection; -1: none yet. */
  private storedMessages = -1
  private accessWritable: boolean
  private readonly record: UnsentRecord
  private readonly sentMessages: () => number
  private readonly now: () => number
  /** Per client, the clock the device's copy should have reached and did not. */
  private missing = new Map<number, number>()

  constructor(
    private readonly doc: Y.Doc,
    options: SaveTrackerOptions,
  ) {
    this.record = options.record
    this.sentMessages = options.sentMessages ?? (() => 0)
    this.now = options.now ?? Date.now
    this.accessWritable = options.writable ?? true
    this.state = {
      connection: 'connecting',
      refusedCode: null,
      linkEnded: null,
      unsentSince: this.record.since(),
      savedOnDevice: true,
      savedOnServer: false,
      writable: this.accessWritable,
      deviceCopyLost: null,
    }
  }

  get current(): SaveState {
    return this.state
  }

  /** The state vector of what the server holds durably, as far as this page has heard. */
  get serverState(): ReadonlyMap<number, number> {
    return this.server
  }

  subscribe(listener: (state: SaveState) => void): () => void {
    this.listeners.add(listener)
    listener(this.state)
    return () => this.listeners.delete(listener)
  }

  /**
   * The document changed. `local`: typed on this page (or its priorities, undo), recorded as
   * waiting for the server; otherwise it came from another tab or the device's copy, and waits
   * only if the server lacks it.
   */
  documentChanged(local: boolean, deleted = false): void {
    if (local) {
      const client = this.doc.clientID
      const clock = Y.getState(this.doc.store, client)
      this.record.note(client, clock, deleted, this.now(), this.server.get(client) ?? 0)
      this.update({ unsentSince: this.state.unsentSince ?? this.now(), savedOnDevice: false })
    } else if (!this.serverCovers()) {
      // Whoever made it (another tab, an earlier page) recorded since when it waits; the
      // device's copy of things the server confirmed long ago is in no record.
      this.update({ unsentSince: this.state.unsentSince ?? this.record.since() })
    } else this.refresh()
  }

  /** IndexedDB has written everything up to now. */
  savedLocally(): void {
    this.update({ savedOnDevice: true })
  }

  /** The device's copy has to be written again (the browser deleted it); until then it is not. */
  rewritingLocally(): void {
    this.update({ savedOnDevice: false })
  }

  /** The server said whether this connection may write. */
  access(writable: boolean): void {
    this.accessWritable = writable
    this.update({})
  }

  connection(connection: Connection, refusedCode: number | null = null): void {
    // A new connection counts its own messages (P5).
    if (connection !== this.state.connection) this.storedMessages = -1
    const ends = connection === 'refused' && refusedCode !== null && ENDING_CODES.has(refusedCode)
    this.update({
      connection,
      refusedCode,
      ...(ends && this.state.linkEnded === null ? { linkEnded: 'refused' as const } : {}),
    })
  }

  /** The page's clock passed the link's expiry: the server will refuse it from now on. */
  linkExpired(): void {
    if (this.state.linkEnded === null) this.update({ linkEnded: 'expired' })
  }

  /** A `stored` message arrived on the current connection. */
  stored(stored: StoredState): void {
    mergeInto(this.server, Y.decodeStateVector(stored.stateVector))
    this.storedMessages = stored.storedMessages
    this.record.acknowledge(this.server, false)
    this.update({ deviceCopyLost: this.checkMissing() })
  }

  /** The server relayed or answered with `update`: it has it durably (P4). */
  receivedFromServer(update: Uint8Array): void {
    mergeInto(this.server, Y.parseUpdateMeta(update).to)
  }

  /**
   * The device's copy loaded without changes it held (see UnsentRecord.missingFrom). Lost,
   * unless the server's next `stored` message shows it has them.
   */
  deviceCopyMissing(clocks: Map<number, number>, since: number): void {
    this.missing = clocks
    this.update({ deviceCopyLost: { since, confirmed: false } })
    if (this.storedMessages >= 0) this.update({ deviceCopyLost: this.checkMissing() })
  }

  /** The person read that their device lost changes. */
  dismissDeviceCopyLost(): void {
    this.update({ deviceCopyLost: null })
  }

  /** What the server's word says of the missing changes: none missing, or lost for good. */
  private checkMissing(): SaveState['deviceCopyLost'] {
    const lost = this.state.deviceCopyLost
    if (lost === null || lost.confirmed) return lost
    for (const [client, clock] of this.missing) {
      if ((this.server.get(client) ?? 0) >= clock) this.missing.delete(client)
    }
    if (this.missing.size === 0) return null
    this.record.forget(this.missing.keys())
    return { since: lost.since, confirmed: true }
  }

  /** Whether the server holds every item of the document (not deletions: see the counts). */
  serverCovers(): boolean {
    for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(this.doc))) {
      if ((this.server.get(client) ?? 0) < clock) return false
    }
    return true
  }

  /** The latest `stored` message counts every message this connection sent. */
  everySentMessageStored(): boolean {
    return this.storedMessages >= 0 && this.storedMessages >= this.sentMessages()
  }

  /** Re-derives the state after the document or the server's word changed. */
  refresh(): void {
    this.update({})
  }

  private update(change: Partial<SaveState>): void {
    const next = { ...this.state, ...change }
    next.writable = this.accessWritable && next.linkEnded === null
    next.savedOnServer =
      next.connection === 'connected' && this.everySentMessageStored() && this.serverCovers()
    if (next.savedOnServer) {
      next.unsentSince = null
      if (!this.state.savedOnServer) this.record.acknowledge(this.server, true)
    }
    const changed = (Object.keys(next) as Array<keyof SaveState>).some(
      (key) => next[key] !== this.state[key],
    )
    this.state = next
    if (changed) for (const listener of this.listeners) listener(this.state)
  }
}

function mergeInto(target: Map<number, number>, source: Map<number, number>): void {
  for (const [client, clock] of source) {
    if ((target.get(client) ?? 0) < clock) target.set(client, clock)
  }
}
