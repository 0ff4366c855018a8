import {
  type AwarenessEntry,
  decodeAwarenessUpdate,
  encodeAwarenessUpdate,
  MAX_AWARENESS_STATE_BYTES,
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

/** The owner of a local client's removal, kept so a return after it can be put past its clock. */
const GONE = Object.freeze({})

/** What a client's awareness update leads to. */
export interface AwarenessReceipt {
  /** The update to relay to the others, or null when nothing changed. */
  relay: Uint8Array | null
  /**
   * The update to send back to the sender, or null: the removals, already relayed, of states it
   * now announces again with a clock the others have passed (below).
   */
  reply: Uint8Array | null
}

/**
 * The room's presence: the latest awareness state of each client, and which connection owns it
 * (PROTOCOL.md P7). A connection may only speak for the client id it used first, and a client id
 * belongs to the first connection that used it for as long as that connection lives, so one
 * socket can neither rename, silence nor remove another person; its own state disappears when
 * it closes.
 */
export class AwarenessRelay {
  private readonly states = new Map<number, KnownState>()
  private readonly owned = new Map<object, number>()

  /**
   * Applies the entries of `owner`'s update that it may send and that are newer than what is
   * known, to relay to the others.
   *
   * A client that comes back after its removal was relayed (a dropped connection: the others
   * were told it left, with its clock plus one) announces its state with its old clock, which
   * every y-protocols peer ignores, so it stayed missing from their lists until its second
   * renewal, up to 30 s later. Such a state is answered with that removal: a y-protocols client
   * told its own state was removed announces it again with a clock past the removal's
   * (`applyAwarenessUpdate`), which is then relayed. Stock clients come back at once too.
   *
   * Throws a MessageTooLargeError for a state over MAX_AWARENESS_STATE_BYTES (nothing of the
   * update is applied) and a ProtocolError for a malformed update.
   */
  receive(owner: object, update: Uint8Array): AwarenessReceipt {
    const accepted: AwarenessEntry[] = []
    const removals: AwarenessEntry[] = []
    for (const entry of decodeAwarenessUpdate(update, MAX_AWARENESS_STATE_BYTES)) {
      if (!this.claim(owner, entry.clientId)) continue
      const known = this.states.get(entry.clientId)
      if (this.isNewer(entry, known)) {
        this.remember(entry, owner)
        accepted.push(entry)
      } else if (known?.stateJson === 'null' && entry.stateJson !== 'null') {
        removals.push({ clientId: entry.clientId, clock: known.clock, stateJson: 'null' })
      }
    }
    return {
      relay: accepted.length > 0 ? encodeAwarenessUpdate(accepted) : null,
      reply: removals.length > 0 ? encodeAwarenessUpdate(removals) : null,
    }
  }

  /**
   * Applies presence relayed by another instance, which checked ownership when its client sent
   * it. Entries for a client id a live connection of this instance holds are dropped, as a local
   * impostor's would be: the client of a socket here that moved to another instance appears
   * there at once and here when this socket closes. Returns what to relay, or null.
   */
  receiveRemote(update: Uint8Array): Uint8Array | null {
    const accepted = decodeAwarenessUpdate(update).filter((entry) => {
      const known = this.states.get(entry.clientId)
      return !this.isHeldByAnother(known, REMOTE) && this.isNewer(entry, known)
    })
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
   * Binds `owner` to the first client id it speaks for, and says whether it may speak for
   * `clientId` now: not while another live connection holds that id. That also holds back a
   * client that reconnected while its old socket here is still open (half-open after a network
   * drop): when the old socket closes, its removal is relayed to the new connection too, and a
   * y-protocols client answers the removal of its own state by sending it again with a higher
   * clock, which is then accepted.
   */
  private claim(owner: object, clientId: number): boolean {
    const ownId = this.owned.get(owner)
    if (ownId === undefined) this.owned.set(owner, clientId)
    else if (ownId !== clientId) return false
    return !this.isHeldByAnother(this.states.get(clientId), owner)
  }

  /**
   * Whether a live connection other than `owner` holds the state: one that left (null state)
   * holds nothing, and REMOTE states stop being held when their instance relays the removal or
   * falls silent (forgetSilentRemote).
   */
  private isHeldByAnother(known: KnownState | undefined, owner: object): boolean {
    return known !== undefined && known.owner !== owner && known.stateJson !== 'null'
  }

  /**
   * Forgets the state of `owner`'s client; returns the removal to relay, or null. The removal's
   * clock is kept (a few dozen bytes per client, for the room's life), so that the client's
   * return can be put past it (receive).
   */
  remove(owner: object): Uint8Array | null {
    const clientId = this.owned.get(owner)
    this.owned.delete(owner)
    if (clientId === undefined) return null
    const known = this.states.get(clientId)
    if (!known || known.owner !== owner) return null
    if (known.stateJson === 'null') {
      this.states.set(clientId, { ...known, owner: GONE })
      return null
    }
    const removal = { clientId, clock: known.clock + 1, stateJson: 'null' }
    this.remember(removal, GONE)
    return encodeAwarenessUpdate([removal])
  }

  /**
   * The `user.name` string in the state `owner`'s client announces now, trimmed and at most
   * 100 characters; null when it announces none (or no string).
   */
  nameOf(owner: object): string | null {
    const clientId = this.owned.get(owner)
    const known = clientId === undefined ? undefined : this.states.get(clientId)
    if (!known || known.owner !== owner) return null
    try {
      const state = JSON.parse(known.stateJson) as { user?: { name?: unknown } } | null
      const name = state?.user?.name
      return typeof name === 'string' && name.trim() !== '' ? name.trim().slice(0, 100) : null
    } catch {
      return null
    }
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
