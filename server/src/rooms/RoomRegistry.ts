import {
  CloseCode,
  createTableSeed,
  isTableRoom,
  type RoomName,
  schemaForRoom,
} from '@tablenotes/shared'
import type { FastifyBaseLogger } from 'fastify'
import * as Y from 'yjs'
import type { Fanout, FanoutKind } from '../fanout/Fanout.js'
import { RoomHistory } from '../history/RoomHistory.js'
import type { Store } from '../storage/DocStore.js'
import { loadDocToRead } from '../storage/loadDoc.js'
import { HeldBudget } from './HeldBudget.js'
import { Room, RoomCorruptedError } from './Room.js'
import type { RoomLifecycle } from './RoomLifecycle.js'
import { UpdateWriter } from './UpdateWriter.js'

/** The session or room of a connection does not exist. */
export class RoomNotFoundError extends Error {
  override readonly name = 'RoomNotFoundError'
}

/** The instance is draining for shutdown: the client should reconnect, to another instance. */
export class ShuttingDownError extends Error {
  override readonly name = 'ShuttingDownError'
}

/** How often presence of vanished remote clients is forgotten. */
const FORGET_PRESENCE_EVERY_MS = 10_000

export interface RoomRegistryOptions {
  store: Store
  /** The other server instances, or SingleInstance. */
  fanout: Fanout
  log: FastifyBaseLogger
  /** How long a room with no connection stays in memory. */
  idleUnloadMs: number
  /** Bytes of updates one connection may have waiting for missing history (Room). */
  maxHeldBytes: number
  /** Bytes of such updates every connection together may have waiting (HeldBudget). */
  maxHeldBytesInAll: number
  /** History timing (RoomHistory): defaults are issue 17's minute of pause and ten minutes. */
  versionAfterPauseMs?: number
  versionEveryMs?: number
  /** Told of every batch stored, for /metrics. */
  onStored?: (seconds: number, updates: number) => void
  /**
   * Told when a room loads (error null) and when loading it fails, for /healthz; a missing
   * session or table, or a load refused during shutdown, is no failure of the room.
   */
  onLoad?: (room: string, error: unknown) => void
}

type Entry =
  | { state: 'loading'; loaded: Promise<Room>; holders: number }
  | { state: 'ready'; room: Room; holders: number; idleTimer: NodeJS.Timeout | null }
  | { state: 'unloading'; unloaded: Promise<void> }

/**
 * Loads each room once however many sockets ask for it, keeps it while it has holders, and
 * unloads it when it has been idle long enough and its last write is stored. A connection that
 * arrives during an unload waits for it and then loads the room afresh.
 */
export class RoomRegistry {
  readonly writer: UpdateWriter
  /** Versions and authorship of the rooms this server holds (issue 17). */
  readonly history: RoomHistory
  private readonly entries = new Map<string, Entry>()
  private readonly watchers: RoomLifecycle[] = []
  private readonly heldBudget: HeldBudget
  private readonly forgetPresence: NodeJS.Timeout
  private closing = false

  constructor(private readonly options: RoomRegistryOptions) {
    this.heldBudget = new HeldBudget(options.maxHeldBytesInAll)
    this.writer = new UpdateWriter(options.store, options.onStored)
    this.history = new RoomHistory({
      store: options.store,
      pauseMs: options.versionAfterPauseMs ?? 60_000,
      everyMs: options.versionEveryMs ?? 600_000,
      onError: (room, error) => options.log.error({ room, err: error }, 'keeping history failed'),
    })
    options.fanout.onCatchUp(() => this.catchUp())
    this.forgetPresence = setInterval(() => {
      const now = Date.now()
      for (const room of this.rooms()) room.forgetSilentPresence(now)
    }, FORGET_PRESENCE_EVERY_MS)
    this.forgetPresence.unref()
  }

  /** Tells `watcher` of every room's lifecycle from now on (see RoomLifecycle). */
  watch(watcher: RoomLifecycle): void {
    this.watchers.push(watcher)
  }

  get loadedRooms(): number {
    return this.entries.size
  }

  /** The room, loaded if needed; the caller must `release` it when its connection ends. */
  async acquire(name: RoomName): Promise<Room> {
    for (;;) {
      if (this.closing) throw new ShuttingDownError('this server is shutting down')
      const entry = this.entries.get(name.key)
      if (!entry) {
        const loaded = this.load(name)
        this.entries.set(name.key, { state: 'loading', loaded, holders: 1 })
        return this.settleLoad(name.key, loaded)
      }
      if (entry.state === 'loading') {
        entry.holders++
        return entry.loaded
      }
      if (entry.state === 'ready') {
        entry.holders++
        if (entry.idleTimer) clearTimeout(entry.idleTimer)
        entry.idleTimer = null
        return entry.room
      }
      await entry.unloaded
    }
  }

  release(room: Room): void {
    const entry = this.entries.get(room.key)
    if (entry?.state !== 'ready' || entry.room !== room) return
    entry.holders--
    if (entry.holders === 0) {
      entry.idleTimer = setTimeout(() => this.unload(room), this.options.idleUnloadMs)
      entry.idleTimer.unref()
    }
  }

  /** Whether the room is in memory, or loading or unloading. */
  has(key: string): boolean {
    return this.entries.has(key)
  }

  /**
   * A room's document as it is now, for reading without joining it: the live one if the room is
   * loaded, else the stored one (for a table nobody has opened yet, its seed: loadDocToRead).
   */
  async readDoc(key: string): Promise<Y.Doc> {
    const entry = this.entries.get(key)
    return entry?.state === 'ready' ? entry.room.doc : loadDocToRead(this.options.store, key)
  }

  /** The rooms in memory now. */
  rooms(): Room[] {
    return [...this.entries.values()].flatMap((entry) =>
      entry.state === 'ready' ? [entry.room] : [],
    )
  }

  /**
   * Drops a room whose document or storage failed, after telling its clients to reconnect; they
   * still hold every unacknowledged edit and send it again to the room loaded afresh.
   */
  evict(room: Room, code: number, reason: string): void {
    const entry = this.entries.get(room.key)
    if (entry?.state === 'ready' && entry.room === room) {
      if (entry.idleTimer) clearTimeout(entry.idleTimer)
      this.entries.delete(room.key)
    }
    this.options.fanout.leave(room.key)
    this.history.drop(room)
    room.closeAll(code, reason)
    this.dropped(room)
  }

  /** Runs `run` while no other instance runs one of the same name (see Fanout.exclusive). */
  exclusive<T>(name: string, run: () => Promise<T>): Promise<T> {
    return this.options.fanout.exclusive(name, run)
  }

  /**
   * Reads every loaded room back from storage and tells the other instances who is here again,
   * after messages between instances may have been lost. Stored rows only add what is missing.
   */
  async catchUp(): Promise<void> {
    for (const room of this.rooms()) {
      await this.readBack(room)
      if (this.isLoaded(room)) room.republishPresence()
    }
  }

  /**
   * Before the server edits a room from what it holds, makes sure it holds everything other
   * instances stored; run under `fanout.exclusive` so that none of them edits it meanwhile.
   */
  async catchUpRoom(room: Room): Promise<void> {
    if (this.options.fanout.shared) await this.readBack(room)
  }

  private async readBack(room: Room): Promise<void> {
    const rows = await this.options.store.loadRoom(room.key)
    if (rows.length === 0 || !this.isLoaded(room)) return
    this.receiveFromOtherInstance(room, 'stored', Y.mergeUpdates(rows.map((row) => row.update)))
  }

  /** Refuses new connections, stores everything and unloads every room; for shutdown. */
  async close(): Promise<void> {
    this.closing = true
    clearInterval(this.forgetPresence)
    await Promise.all(this.rooms().map((room) => this.unload(room)))
    await this.writer.drain()
    await this.history.close()
  }

  private isLoaded(room: Room): boolean {
    const entry = this.entries.get(room.key)
    return entry?.state === 'ready' && entry.room === room
  }

  /** `stored`: the room's stored document, read back (readBack) rather than heard. */
  private receiveFromOtherInstance(
    room: Room,
    kind: FanoutKind | 'stored',
    payload: Uint8Array,
  ): void {
    try {
      if (kind === 'update') room.receiveRemoteUpdate(payload)
      else if (kind === 'stored') room.receiveStoredDocument(payload)
      else room.receiveRemoteAwareness(payload)
    } catch (error) {
      if (!(error instanceof RoomCorruptedError)) {
        this.options.log.warn(
          { room: room.key, err: error },
          'ignoring a malformed fan-out message',
        )
        return
      }
      this.options.log.error({ room: room.key, err: error }, 'reloading a room from storage')
      this.evict(room, CloseCode.serverRestart, 'room reloading')
    }
  }

  private async settleLoad(key: string, loaded: Promise<Room>): Promise<Room> {
    try {
      const room = await loaded
      const entry = this.entries.get(key)
      const holders = entry?.state === 'loading' ? entry.holders : 0
      this.entries.set(key, { state: 'ready', room, holders, idleTimer: null })
      if (holders === 0) this.release(room)
      this.options.onLoad?.(key, null)
      return room
    } catch (error) {
      this.entries.delete(key)
      if (!(error instanceof RoomNotFoundError || error instanceof ShuttingDownError)) {
        this.options.onLoad?.(key, error)
      }
      throw error
    }
  }

  private async load(name: RoomName): Promise<Room> {
    const { store, log } = this.options
    const session = await store.getSession(name.sessionId)
    if (!session) throw new RoomNotFoundError(`no session ${name.sessionId}`)
    const isTable = isTableRoom(name)
    if (isTable && !session.tables.some((table) => table.id === name.roomId)) {
      throw new RoomNotFoundError(`session ${name.sessionId} has no table ${name.roomId}`)
    }
    // Listening starts before reading, so every update stored from here on is heard or read;
    // what arrives before the room exists is applied once it does.
    let room: Room | null = null
    const early: Array<[FanoutKind, Uint8Array]> = []
    await this.options.fanout.join(name.key, (kind, payload) => {
      if (room) this.receiveFromOtherInstance(room, kind, payload)
      else early.push([kind, payload])
    })
    let rows: Awaited<ReturnType<Store['loadRoom']>>
    try {
      rows = await store.loadRoom(name.key)
    } catch (error) {
      this.options.fanout.leave(name.key)
      throw error
    }
    room = new Room(
      name.key,
      rows.map((row) => row.update),
      {
        writer: this.writer,
        schema: schemaForRoom(name.roomId),
        publish: (kind, payload) => this.options.fanout.publish(name.key, kind, payload),
        publishes: this.options.fanout.shared,
        maxHeldBytes: this.options.maxHeldBytes,
        heldBudget: this.heldBudget,
        onStored: (stored) => {
          for (const watcher of this.watchers) watcher.stored?.(stored)
        },
        onClientUpdate: (written, peer, ranges) =>
          this.history.noteClientUpdate(
            written,
            { linkId: peer.linkId ?? null, name: written.announcedName(peer) },
            ranges,
            peer,
          ),
        onNameAnnounced: (_room, peer, name) => this.history.authorship.nameConnection(peer, name),
        onWriteFailed: (failed, error) => {
          log.error({ room: failed.key, err: error }, 'storing updates failed; clients will resend')
          this.evict(failed, CloseCode.serverError, 'storage failed')
        },
      },
    )
    // Seed only a room that was never stored: a seed made from a later, edited definition would
    // reuse the same ids for different content. Instances racing here write identical bytes.
    if (rows.length === 0 && isTable) room.applyServerUpdate(createTableSeed(session, name.roomId))
    for (const [kind, payload] of early.splice(0))
      this.receiveFromOtherInstance(room, kind, payload)
    for (const watcher of this.watchers) await watcher.loaded?.(room, name)
    return room
  }

  private unload(room: Room): Promise<void> {
    const entry = this.entries.get(room.key)
    if (entry?.state !== 'ready' || entry.room !== room) return Promise.resolve()
    if (entry.idleTimer) clearTimeout(entry.idleTimer)
    const unloaded = (async () => {
      try {
        await room.flushed()
        room.closeAll(CloseCode.serverRestart, 'server restarting')
        await this.history.settle(room)
        for (const watcher of this.watchers) await watcher.unloading?.(room)
      } catch (error) {
        this.options.log.error({ room: room.key, err: error }, 'unloading room failed')
      } finally {
        this.options.fanout.leave(room.key)
        this.dropped(room)
        this.entries.delete(room.key)
      }
    })()
    this.entries.set(room.key, { state: 'unloading', unloaded })
    return unloaded
  }

  private dropped(room: Room): void {
    for (const watcher of this.watchers) watcher.dropped?.(room)
    room.destroy()
  }
}
