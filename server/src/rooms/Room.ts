import {
  CloseCode,
  type DecodedUpdate,
  decodeClientUpdate,
  encodeAccessMessage,
  encodeAwarenessMessage,
  encodeStoredMessage,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
  ProtocolError,
  type RoomSchema,
  SchemaViolation,
  updateReadiness,
  validateUpdate,
} from '@tablenotes/shared'
import * as Y from 'yjs'
import type { FanoutKind } from '../fanout/Fanout.js'
import { addedRanges, type ClockRange, clockRangesOf } from '../history/AuthorshipRecorder.js'
import { AwarenessRelay } from './AwarenessRelay.js'
import type { HeldBudget } from './HeldBudget.js'
import type { UpdateWriter } from './UpdateWriter.js'

/** One connection to a room, as the room sees it; only the socket adapter knows about sockets. */
export interface Peer {
  /** Short id for logs. */
  readonly id: string
  /** Whether the client asked for `stored` messages (our client does; a stock client does not). */
  readonly wantsStored: boolean
  /** Whether its link may write this room; a read-only peer's updates are dropped. */
  readonly writable: boolean
  /** The capability link it connected with, for authorship (issue 17); null if unknown. */
  readonly linkId?: string | null
  send(bytes: Uint8Array): void
  close(code: number, reason: string): void
}

/** A client's update, decoded once, waiting for the history it builds on. */
interface HeldUpdate {
  update: Uint8Array
  decoded: DecodedUpdate
}

interface PeerState {
  /** Sync step 2 and update messages applied so far: the count a `stored` message reports. */
  appliedMessages: number
  /** Updates waiting for history the room lacks, in arrival order (see checkUpdate). */
  held: HeldUpdate[]
  heldBytes: number
  /** Updates were dropped while the round was locked; the client must send them again. */
  droppedWhileLocked: boolean
}

/**
 * Every connection together already has HeldBudget's bytes waiting for history: this one is
 * asked to come back later (CloseCode.tryAgainLater), as one that falls behind in reading is.
 */
export class HeldBudgetSpentError extends Error {
  override readonly name = 'HeldBudgetSpentError'
}

/** The update made Yjs throw halfway: the in-memory document can no longer be trusted. */
export class RoomCorruptedError extends Error {
  override readonly name = 'RoomCorruptedError'
}

export interface RoomOptions {
  writer: UpdateWriter
  /** What clients may write into this room (PROTOCOL.md P13); the server's own writes are free. */
  schema: RoomSchema
  /** Bytes of updates one connection may have waiting for missing history. */
  maxHeldBytes: number
  /** Bytes of such updates all connections of every room may have waiting, together. */
  heldBudget: HeldBudget
  /** Called after each durable write, e.g. to decide on compaction. */
  onStored: (room: Room) => void
  /** Called when storing fails: nothing of the batch was acknowledged or relayed. */
  onWriteFailed: (room: Room, error: unknown) => void
  /** Tells the other server instances of a stored update or of presence (see Fanout). */
  publish: (kind: FanoutKind, payload: Uint8Array) => void
  /** Whether there are other instances to publish to: alone, merging each batch is wasted. */
  publishes: boolean
  /**
   * Told of every client update applied, with the connection that sent it, so the server can
   * vouch for who wrote what (issue 17); called before the update is stored.
   */
  onClientUpdate?: (room: Room, peer: Peer, ranges: readonly ClockRange[]) => void
  /**
   * Told once when a connection that wrote before announcing any name announces one, so its
   * earlier writing is credited to that name rather than to its link (issue 17).
   */
  onNameAnnounced?: (room: Room, peer: Peer, name: string) => void
}

/** The origin of updates another instance stored and relayed: durable already, never stored again. */
const FROM_OTHER_INSTANCE = Symbol('from another instance')
/** The origin of the stored document read back after a gap: relayed as what it adds, not stored. */
const READ_BACK = Symbol('read back from storage')

/**
 * Whether a transaction changed the document: integrated a struct or deleted an item (the test
 * Yjs makes before emitting an `update` event).
 */
function changedIn(transaction: Y.Transaction): boolean {
  if (transaction.deleteSet.clients.size > 0) return true
  for (const [client, clock] of transaction.afterState) {
    if (transaction.beforeState.get(client) !== clock) return true
  }
  return false
}

/** Clients renew their presence every 15 s; a remote one silent for longer has gone. */
const REMOTE_PRESENCE_TIMEOUT_MS = 30_000

interface PendingUpdate {
  update: Uint8Array
  origin: unknown
}

/**
 * One loaded document and its connections. Every change is committed to storage before it is
 * relayed, and every answer that carries document content waits for the commit of that content,
 * so nothing a client ever received from the server can be lost by a crash of the server
 * process; `stored` acknowledgements wait for the disk flush that follows, so nothing a client
 * was told is stored can be lost by a power cut (PROTOCOL.md P4, P5). Frames from a connection
 * the room has already dropped (and closed) are ignored.
 */
export class Room {
  readonly doc = new Y.Doc({ gc: true })
  private readonly peers = new Map<Peer, PeerState>()
  private readonly awareness = new AwarenessRelay()
  /** Connections that wrote while announcing no name (see `onNameAnnounced`). */
  private readonly wroteUnnamed = new WeakSet<Peer>()
  private batch: PendingUpdate[] = []
  /** Callbacks for when the batch being gathered is committed, and when it is on disk. */
  private afterCommit: Array<() => void> = []
  private afterDisk: Array<() => void> = []
  private flushQueued = false
  private lastCommit: Promise<void> = Promise.resolve()
  private lastOnDisk: Promise<void> = Promise.resolve()
  /** Updates appended since the room was loaded or last compacted. */
  rowsSinceCompaction = 0
  /** The session's round is locked: every write to this room is refused (see setWriteLock). */
  private writeLocked = false
  /** What the document holds, read from Yjs's struct store without encoding a state vector. */
  private readonly known = { get: (client: number) => Y.getState(this.doc.store, client) }
  /**
   * The origin of the received update being applied now, whose own bytes are stored and
   * relayed (a peer, or FROM_OTHER_INSTANCE), and whether its transaction changed anything.
   */
  private applyingReceived: unknown = undefined
  private receivedChanged = false

  constructor(
    readonly key: string,
    storedUpdates: readonly Uint8Array[],
    private readonly options: RoomOptions,
  ) {
    if (storedUpdates.length > 0) Y.applyUpdate(this.doc, Y.mergeUpdates([...storedUpdates]))
    this.rowsSinceCompaction = storedUpdates.length
    // No `update` listener: with one, Yjs encodes every transaction again, and a received update
    // is stored and relayed as the bytes that arrived (applyReceived). Only the server's own
    // changes (a seed, a reconciliation, a compile, a read-back) are encoded here.
    this.doc.on('afterTransaction', (transaction: Y.Transaction) => {
      if (transaction.origin !== undefined && transaction.origin === this.applyingReceived) {
        this.receivedChanged = changedIn(transaction)
        return
      }
      if (!changedIn(transaction)) return
      // Everything after the state before, and the whole delete set: rare, and always complete.
      const update = Y.encodeStateAsUpdate(this.doc, Y.encodeStateVector(transaction.beforeState))
      if (transaction.origin === READ_BACK) {
        // Stored already; our clients' next `stored` message must cover it (scheduleFlush).
        this.broadcast(encodeSyncUpdate(update), null)
      } else {
        this.batch.push({ update, origin: null })
      }
      this.scheduleFlush()
    })
  }

  addPeer(peer: Peer): void {
    this.peers.set(peer, { appliedMessages: 0, held: [], heldBytes: 0, droppedWhileLocked: false })
    if (peer.wantsStored) peer.send(encodeAccessMessage(peer.writable && !this.writeLocked))
    peer.send(encodeSyncStep1(Y.encodeStateVector(this.doc)))
    const present = this.awareness.encodeAll()
    if (present) peer.send(encodeAwarenessMessage(present))
    if (peer.wantsStored) {
      const stored = encodeStoredMessage({
        stateVector: Y.encodeStateVector(this.doc),
        storedMessages: 0,
      })
      this.whenOnDisk(() => {
        if (this.peers.has(peer)) peer.send(stored)
      })
    }
  }

  removePeer(peer: Peer): void {
    const state = this.peers.get(peer)
    if (!state) return
    this.peers.delete(peer)
    this.options.heldBudget.give(state.heldBytes)
    const removal = this.awareness.remove(peer)
    if (removal) this.relayAwareness(removal, peer)
  }

  /** Answers a client's sync step 1 with what it lacks, once that is committed. */
  answerSyncStep1(peer: Peer, stateVector: Uint8Array): void {
    if (!this.peers.has(peer)) return
    let missing: Uint8Array
    try {
      missing = Y.encodeStateAsUpdate(this.doc, stateVector)
    } catch {
      throw new ProtocolError('malformed state vector')
    }
    const reply = encodeSyncStep2(missing)
    this.whenCommitted(() => {
      if (this.peers.has(peer)) peer.send(reply)
    })
  }

  /**
   * Applies a client's update (sync step 2 or update message). Throws a ProtocolError for an
   * update that does not decode, a SchemaViolation (a ProtocolError) for one that does not fit
   * the room's schema, checked before anything of it is applied, stored or relayed, and a
   * RoomCorruptedError if Yjs fails while applying it.
   */
  receiveUpdate(peer: Peer, update: Uint8Array): void {
    const state = this.peers.get(peer)
    if (!state) return
    if (this.writeLocked) {
      state.droppedWhileLocked = true
      return
    }
    const decoded = decodeClientUpdate(update)
    // Updates commute, so a ready one never waits behind held ones: it may be the very message
    // (typically the client's sync step 2) that carries the history they are waiting for.
    if (updateReadiness(decoded, this.known) === 'ready') {
      validateUpdate(this.options.schema, this.doc, decoded)
      this.apply(peer, state, update, decoded)
      this.releaseHeld()
      return
    }
    // Its schema is checked once its history is here: where it goes depends on that history.
    if (state.heldBytes + update.byteLength > this.options.maxHeldBytes) {
      throw new ProtocolError('too many updates waiting for history the server does not have')
    }
    if (!this.options.heldBudget.take(update.byteLength)) {
      throw new HeldBudgetSpentError('the server holds too many updates waiting for history')
    }
    state.held.push({ update, decoded })
    state.heldBytes += update.byteLength
  }

  /**
   * Locks or unlocks the room for the moderators' "lock the round". Our clients are told their
   * access at once. A client whose updates were dropped meanwhile is asked to reconnect on
   * unlock (CloseCode.serverRestart): it then sends everything the server lacks, and its acknowledgement count
   * starts afresh, so no dropped change is ever reported as stored.
   */
  setWriteLock(locked: boolean): void {
    if (locked === this.writeLocked) return
    this.writeLocked = locked
    for (const [peer, state] of [...this.peers]) {
      if (!locked && state.droppedWhileLocked) {
        this.removePeer(peer)
        peer.close(CloseCode.serverRestart, 'round unlocked: send your changes again')
      } else if (peer.wantsStored) {
        peer.send(encodeAccessMessage(peer.writable && !locked))
      }
    }
  }

  /** Applies an update made by the server itself (a seed, an organizer's change). */
  applyServerUpdate(update: Uint8Array): void {
    Y.applyUpdate(this.doc, update, null)
  }

  receiveAwareness(peer: Peer, update: Uint8Array): void {
    if (!this.peers.has(peer)) return
    const { relay, reply } = this.awareness.receive(peer, update)
    if (relay) this.relayAwareness(relay, peer)
    if (reply) peer.send(encodeAwarenessMessage(reply))
    // Only a connection that wrote unnamed is looked at, so presence stays cheap otherwise.
    const name = this.wroteUnnamed.has(peer) ? this.announcedName(peer) : null
    if (name !== null) {
      this.wroteUnnamed.delete(peer)
      this.options.onNameAnnounced?.(this, peer, name)
    }
  }

  /**
   * Applies an update that another instance stored and relayed, and relays it to this room's
   * clients. Throws a RoomCorruptedError if Yjs fails while applying it.
   */
  receiveRemoteUpdate(update: Uint8Array): void {
    let changed: boolean
    try {
      changed = this.applyReceived(update, FROM_OTHER_INSTANCE)
    } catch (error) {
      throw new RoomCorruptedError(`an update from another instance failed: ${String(error)}`)
    }
    if (changed) {
      this.broadcast(encodeSyncUpdate(update), null)
      // Stored already; our clients' next `stored` message must cover it.
      this.scheduleFlush()
    }
    this.releaseHeld()
  }

  /**
   * Applies the room's stored document, read back after messages between instances may have
   * been lost, and relays what it added. Throws a RoomCorruptedError if Yjs fails.
   */
  receiveStoredDocument(update: Uint8Array): void {
    try {
      Y.applyUpdate(this.doc, update, READ_BACK)
    } catch (error) {
      throw new RoomCorruptedError(`the stored document failed to apply: ${String(error)}`)
    }
    this.releaseHeld()
  }

  /** Presence of another instance's clients. Throws a ProtocolError if it does not decode. */
  receiveRemoteAwareness(update: Uint8Array): void {
    const relay = this.awareness.receiveRemote(update)
    if (relay) this.broadcast(encodeAwarenessMessage(relay), null)
  }

  /** Tells the other instances again who is here, after they may have missed it. */
  republishPresence(): void {
    const local = this.awareness.encodeLocal()
    if (local) this.options.publish('awareness', local)
  }

  forgetSilentPresence(now: number): void {
    this.awareness.forgetSilentRemote(now, REMOTE_PRESENCE_TIMEOUT_MS)
  }

  /**
   * The name `peer` announces in its presence now (`user.name`, as Tiptap's collaboration
   * caret sets it), or null: the server's own record of who a connection says it is.
   */
  announcedName(peer: Peer): string | null {
    return this.awareness.nameOf(peer)
  }

  sendAwareness(peer: Peer): void {
    const present = this.awareness.encodeAll()
    if (present) peer.send(encodeAwarenessMessage(present))
  }

  sendToAll(bytes: Uint8Array): void {
    for (const peer of this.peers.keys()) peer.send(bytes)
  }

  closeAll(code: number, reason: string): void {
    for (const peer of [...this.peers.keys()]) {
      this.removePeer(peer)
      peer.close(code, reason)
    }
  }

  /** Resolves once everything applied so far is on disk. */
  flushed(): Promise<void> {
    return new Promise((resolve) => this.whenOnDisk(resolve))
  }

  destroy(): void {
    this.doc.destroy()
  }

  /**
   * Applies a received update with `origin`; whether it changed the document. Yjs decodes it
   * again, but nothing re-encodes it: the caller stores and relays these very bytes.
   */
  private applyReceived(update: Uint8Array, origin: unknown): boolean {
    this.applyingReceived = origin
    this.receivedChanged = false
    try {
      Y.applyUpdate(this.doc, update, origin)
      return this.receivedChanged
    } finally {
      this.applyingReceived = undefined
    }
  }

  private apply(peer: Peer, state: PeerState, update: Uint8Array, decoded: DecodedUpdate): void {
    // Authorship counts only what the update adds: its clock ranges (read from the decoding
    // the schema check already made), and the room's clock of each of its clients before it
    // applies.
    const meta = this.options.onClientUpdate ? clockRangesOf(decoded) : null
    const before =
      meta &&
      new Map([...meta.to.keys()].map((client) => [client, Y.getState(this.doc.store, client)]))
    let changed: boolean
    try {
      // An update that adds nothing (a client resending what the room has) is neither stored
      // nor relayed; it still counts as applied.
      changed = this.applyReceived(update, peer)
      if (changed) this.batch.push({ update, origin: peer })
    } catch (error) {
      // Nothing of it is in the batch, so none of it is stored or relayed.
      throw new RoomCorruptedError(`update from ${peer.id} failed to apply: ${String(error)}`)
    }
    state.appliedMessages++
    if (changed && meta && before) {
      this.options.onClientUpdate?.(this, peer, addedRanges(meta, before))
      if (this.announcedName(peer) === null) this.wroteUnnamed.add(peer)
    }
    // The batch takes it from here (the role the document's `update` event had before the
    // write path relayed on commit): flush() commits it through the UpdateWriter, relays it to
    // the other peers and the other instances once committed, and counts it in this peer's
    // next `stored` message once the disk flush covers it (PROTOCOL.md P4, P5).
    this.scheduleFlush()
  }

  /**
   * Applies held updates whose history has arrived meanwhile, from any connection. A held
   * update that does not fit the schema closes its own connection (CloseCode.invalidUpdate), not the one whose
   * message brought the history.
   */
  private releaseHeld(): void {
    let progressed = true
    while (progressed) {
      progressed = false
      for (const [peer, state] of this.peers) {
        for (const held of [...state.held]) {
          if (updateReadiness(held.decoded, this.known) !== 'ready') continue
          state.held.splice(state.held.indexOf(held), 1)
          state.heldBytes -= held.update.byteLength
          this.options.heldBudget.give(held.update.byteLength)
          try {
            validateUpdate(this.options.schema, this.doc, held.decoded)
          } catch (error) {
            if (!(error instanceof SchemaViolation)) throw error
            this.removePeer(peer)
            peer.close(CloseCode.invalidUpdate, error.message)
            break
          }
          this.apply(peer, state, held.update, held.decoded)
          progressed = true
        }
      }
    }
  }

  private scheduleFlush(): void {
    if (this.flushQueued) return
    this.flushQueued = true
    queueMicrotask(() => this.flush())
  }

  /** Runs `callback` once everything applied so far is committed (safe from a process crash). */
  private whenCommitted(callback: () => void): void {
    if (this.flushQueued) this.afterCommit.push(callback)
    else void this.lastCommit.then(callback, () => undefined)
  }

  /** Runs `callback` once everything applied so far is on disk (safe from a power cut). */
  private whenOnDisk(callback: () => void): void {
    if (this.flushQueued) this.afterDisk.push(callback)
    else void this.lastOnDisk.then(callback, () => undefined)
  }

  private flush(): void {
    this.flushQueued = false
    const batch = this.batch
    const committedCallbacks = this.afterCommit
    const onDiskCallbacks = this.afterDisk
    this.batch = []
    this.afterCommit = []
    this.afterDisk = []
    const stateVector = Y.encodeStateVector(this.doc)
    const acknowledged = [...this.peers]
      .filter(([peer]) => peer.wantsStored)
      .map(([peer, state]) => [peer, state.appliedMessages] as const)
    this.rowsSinceCompaction += batch.length
    // A peer is the origin of a client's update; the server's own (seed, reconciliation) have none.
    const { committed, onDisk } = this.options.writer.write(
      this.key,
      batch.map(({ update, origin }) => ({ update, fromClient: origin !== null })),
    )
    this.lastCommit = committed
    this.lastOnDisk = onDisk
    // A failed commit fails its flush too; the chain below reports the commit's error once.
    onDisk.catch(() => undefined)
    committed
      .then(() => {
        // Relay at once: the bytes are in the kernel (or the database server), so a crash of
        // this process cannot take back what anyone received.
        for (const { update, origin } of batch) this.broadcast(encodeSyncUpdate(update), origin)
        if (batch.length > 0 && this.options.publishes) {
          this.options.publish('update', mergeBatch(batch))
        }
        for (const callback of committedCallbacks) callback()
        return onDisk
      })
      .then(
        () => {
          for (const [peer, storedMessages] of acknowledged) {
            if (this.peers.has(peer))
              peer.send(encodeStoredMessage({ stateVector, storedMessages }))
          }
          for (const callback of onDiskCallbacks) callback()
          this.options.onStored(this)
        },
        (error: unknown) => this.options.onWriteFailed(this, error),
      )
  }

  private relayAwareness(update: Uint8Array, from: Peer): void {
    this.broadcast(encodeAwarenessMessage(update), from)
    this.options.publish('awareness', update)
  }

  private broadcast(bytes: Uint8Array, except: unknown): void {
    for (const peer of this.peers.keys()) if (peer !== except) peer.send(bytes)
  }
}

function mergeBatch(batch: readonly PendingUpdate[]): Uint8Array {
  return batch.length === 1 ? batch[0]!.update : Y.mergeUpdates(batch.map(({ update }) => update))
}
