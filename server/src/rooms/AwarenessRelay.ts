import {
  type AwarenessEntry,
  decodeAwarenessUpdate,
  encodeAwarenessUpdate,
} from '@tablenotes/shared'

interface KnownState {
  clock: number
  stateJson: string
  owner: object
}

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
      const known = this.states.get(entry.clientId)
      const isRemoval = entry.stateJson === 'null'
      if (known && (entry.clock < known.clock || (entry.clock === known.clock && !isRemoval)))
        continue
      this.states.set(entry.clientId, { clock: entry.clock, stateJson: entry.stateJson, owner })
      accepted.push(entry)
    }
    return accepted.length > 0 ? encodeAwarenessUpdate(accepted) : null
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
    const entries: AwarenessEntry[] = []
    for (const [clientId, { clock, stateJson }] of this.states) {
      if (stateJson !== 'null') entries.push({ clientId, clock, stateJson })
    }
    return entries.length > 0 ? encodeAwarenessUpdate(entries) : null
  }
}
