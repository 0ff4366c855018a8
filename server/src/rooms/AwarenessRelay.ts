import {
  type AwarenessEntry,
  decodeAwarenessUpdate,
  encodeAwarenessUpdate,
} from '@tablenotes/shared'

interface KnownState {
  clock: number
  stateJson: string
  /** The connection that speaks for the client, or REMOTE. */
  owner: object
  /** When it was last heard of (ms), to forget clients of an instance that died. */
  heardAt: number
}

/** The owner of states heard from other server instances, which vouched for them already. */
const REMOTE = Object.freeze({})

/**
 * The room's presence: the latest awareness state of each client, and which connection owns it.
 * A connection may only speak for the client id it used first, so one socket cannot erase or
 * impersonate another person's cursor, and its state disappears when the socket closes.
 */
export class AwarenessRelay {
  private readonly states = new Map<number, KnownState>()
  private readonly owned = new Map<object, number>()

  /**
   * Applies the entries of `owner`'s update that it may send and that are newer than what is
   * known. Returns the update to relay to the others, or null when nothing changed.
   * Throws a ProtocolError for a malformed update.
   */
  receive(owner: object, update: Uint8Array): Uint8Array | null {
    const accepted: AwarenessEntry[] = []
    for (const entry of decodeAwarenessUpdate(update)) {
      if (!this.claim(owner, entry.clientId)) continue
      if (!this.isNewer(entry, this.states.get(entry.clientId))) continue
      this.remember(entry, owner)
      accepted.push(entry)
    }
    return accepted.length > 0 ? encodeAwarenessUpdate(accepted) : null
  }

  /**
   * Applies presence relayed by another instance, which checked ownership when its client sent
   * it. A newer remote state takes the client over from a local socket that has not noticed its
   * client moved, as a reconnection does (see claim). Returns what to relay, or null.
   */
  receiveRemote(update: Uint8Array): Uint8Array | null {
    const accepted = decodeAwarenessUpdate(update).filter((entry) =>
      this.isNewer(entry, this.states.get(entry.clientId)),
    )
    for (const entry of accepted) this.remember(entry, REMOTE)
    return accepted.length > 0 ? encodeAwarenessUpdate(accepted) : null
  }

  /** The states of this instance's own connections, to tell other instances again. */
  encodeLocal(): Uint8Array | null {
    return this.encode((known) => known.owner !== REMOTE)
  }

  /**
   * Forgets remote states not renewed for `maxAgeMs`: clients renew theirs every 15 s, so these
   * belonged to an instance that died without relaying their removal.
   */
  forgetSilentRemote(now: number, maxAgeMs: number): void {
    for (const [clientId, known] of this.states) {
      if (known.owner === REMOTE && now - known.heardAt > maxAgeMs) this.states.delete(clientId)
    }
  }

  private isNewer(entry: AwarenessEntry, known: KnownState | undefined): boolean {
    if (!known) return true
    const isRemoval = entry.stateJson === 'null'
    return entry.clock > known.clock || (entry.clock === known.clock && isRemoval)
  }

  private remember(entry: AwarenessEntry, owner: object): void {
    this.states.set(entry.clientId, {
      clock: entry.clock,
      stateJson: entry.stateJson,
      owner,
      heardAt: Date.now(),
    })
  }

  /**
   * Binds `owner` to the first client id it speaks for. A client that reconnects keeps its id,
   * and its old socket may not have noticed the drop yet, so the newest connection takes the
   * state over; the old one can then no longer remove it when it finally closes.
   */
  private claim(owner: object, clientId: number): boolean {
    const ownId = this.owned.get(owner)
    if (ownId !== undefined) return ownId === clientId
    this.owned.set(owner, clientId)
    const known = this.states.get(clientId)
    if (known) known.owner = owner
    return true
  }

  /** Forgets the state of `owner`'s client; returns the removal to relay, or null. */
  remove(owner: object): Uint8Array | null {
    const clientId = this.owned.get(owner)
    this.owned.delete(owner)
    if (clientId === undefined) return null
    const known = this.states.get(clientId)
    if (!known || known.owner !== owner) return null
    this.states.delete(clientId)
    if (known.stateJson === 'null') return null
    return encodeAwarenessUpdate([{ clientId, clock: known.clock + 1, stateJson: 'null' }])
  }

  /** Every present client's state, for a newcomer; null when nobody is present. */
  encodeAll(): Uint8Array | null {
    return this.encode(() => true)
  }

  private encode(include: (known: KnownState) => boolean): Uint8Array | null {
    const entries: AwarenessEntry[] = []
    for (const [clientId, known] of this.states) {
      if (known.stateJson !== 'null' && include(known)) {
        entries.push({ clientId, clock: known.clock, stateJson: known.stateJson })
      }
    }
    return entries.length > 0 ? encodeAwarenessUpdate(entries) : null
  }
}
