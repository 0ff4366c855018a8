import { isVersionId, type Session } from '@tablenotes/shared'
import { DiskSync } from '../DiskSync.js'
import {
  type AuthorshipSpan,
  type CapabilityLink,
  editedRooms,
  type RoomUpdate,
  type Store,
  type StoredUpdate,
  type StoredVersion,
  type VersionInfo,
} from '../DocStore.js'

/**
 * What an in-memory store holds: the stand-in for a database file. Every store opened on the
 * same data sees the others' writes, as two processes on one SQLite file do, and a store opened
 * again on it after `close` finds everything still there.
 */
export class MemoryStoreData {
  /** The seq of the next row appended, across all rooms (as SQLite's rowid). */
  nextSeq = 1
  readonly rooms = new Map<string, StoredUpdate[]>()
  /** Milliseconds since the epoch of each room's last update from a client. */
  readonly lastEdits = new Map<string, number>()
  readonly sessions = new Map<string, Session>()
  readonly links = new Map<string, CapabilityLink>()
  /** Every version of every room, in the order taken; the id is the index + 1 (a row number). */
  readonly versions: StoredVersion[] = []
  readonly authorship: AuthorshipSpan[] = []
}

/** A store that keeps everything in memory, and can be told to fail its writes. */
export interface MemoryStore extends Store {
  /**
   * While `error` is set, every write (`commitUpdates`, `appendUpdates`, `compactRoom`) rejects
   * with it and changes nothing, as a full disk or a lost database would; null writes again.
   */
  refuseWrites(error: Error | null): void
}

/** A copy of `bytes` in a plain Uint8Array of its own: callers may reuse their buffer. */
function copyBytes(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes)
}

/**
 * An in-memory `DocStore` (with sessions and links, so a server can run on it) that keeps the
 * storage contract of the SQLite and PostgreSQL stores (tests/contract/docStoreContract.ts).
 * For unit tests of the rooms and for benchmarks without a disk: nothing survives the process,
 * so a "disk flush" only counts commits as on disk (through DiskSync, as the real stores do).
 */
export function openMemoryStore(data: MemoryStoreData = new MemoryStoreData()): MemoryStore {
  const sync = new DiskSync(async () => undefined)
  let refusal: Error | null = null
  let closed = false

  /** Throws if the store may not write now; every write checks before changing anything. */
  function checkWritable(): void {
    if (closed) throw new Error('the memory store is closed')
    if (refusal) throw refusal
  }

  function append(updates: readonly RoomUpdate[]): void {
    checkWritable()
    for (const { room, update } of updates) {
      const rows = data.rooms.get(room) ?? []
      rows.push({ seq: data.nextSeq++, update: copyBytes(update) })
      data.rooms.set(room, rows)
    }
    const now = Date.now()
    for (const room of editedRooms(updates)) data.lastEdits.set(room, now)
    sync.noteCommit()
  }

  return {
    description: 'memory',
    progress: sync,

    refuseWrites(error) {
      refusal = error
    },

    async loadRoom(room) {
      return (data.rooms.get(room) ?? []).map(({ seq, update }) => ({
        seq,
        update: copyBytes(update),
      }))
    },

    async appendUpdates(updates) {
      append(updates)
      await sync.sync()
    },

    async commitUpdates(updates) {
      append(updates)
    },

    syncToDisk() {
      return sync.sync()
    },

    async compactRoom(room, seqs, snapshot) {
      checkWritable()
      const rows = data.rooms.get(room)
      const compacted = new Set(seqs)
      // Only rows of this room named in `seqs`: a row appended after the caller loaded stays.
      if (!rows?.some((row) => compacted.has(row.seq))) return
      const kept = rows.filter((row) => !compacted.has(row.seq))
      kept.push({ seq: data.nextSeq++, update: copyBytes(snapshot) })
      data.rooms.set(room, kept)
      sync.noteCommit()
    },

    async listRooms() {
      return [...data.rooms.keys()].filter((room) => data.rooms.get(room)?.length).sort()
    },

    async lastEdits(rooms) {
      const edits = new Map<string, number>()
      for (const room of rooms) {
        const at = data.lastEdits.get(room)
        if (at !== undefined) edits.set(room, at)
      }
      return edits
    },

    async putLastEdits(edits) {
      checkWritable()
      for (const [room, at] of edits) {
        data.lastEdits.set(room, Math.max(at, data.lastEdits.get(room) ?? at))
      }
    },

    async putVersion(version) {
      checkWritable()
      const stored = {
        ...version,
        id: String(data.versions.length + 1),
        state: copyBytes(version.state),
      }
      data.versions.push(stored)
      const { state: _state, ...info } = stored
      return info
    },

    async listVersions(room) {
      return data.versions
        .filter((version) => version.room === room)
        .sort((a, b) => b.at - a.at || Number(b.id) - Number(a.id))
        .map(({ state: _state, ...info }): VersionInfo => ({ ...info, authors: [...info.authors] }))
    },

    async getVersion(room, id) {
      if (!isVersionId(id)) return undefined
      const version = data.versions.find(
        (candidate) => candidate.id === id && candidate.room === room,
      )
      return (
        version && { ...version, authors: [...version.authors], state: copyBytes(version.state) }
      )
    },

    async appendAuthorship(spans) {
      checkWritable()
      data.authorship.push(...spans.map((span) => ({ ...span })))
    },

    async loadAuthorship(room, since = 0) {
      return data.authorship
        .filter((span) => span.room === room && span.at >= since)
        .sort((a, b) => a.at - b.at)
        .map((span) => ({ ...span }))
    },

    async putSession(session) {
      data.sessions.set(session.id, structuredClone(session))
    },

    async getSession(id) {
      const session = data.sessions.get(id)
      return session && structuredClone(session)
    },

    async listSessions() {
      return [...data.sessions.values()]
        .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
        .map((session) => structuredClone(session))
    },

    async putLink(link) {
      data.links.set(link.id, { ...link })
    },

    async getLink(id) {
      const link = data.links.get(id)
      return link && { ...link }
    },

    async listLinks(sessionId) {
      return [...data.links.values()]
        .filter((link) => link.sessionId === sessionId)
        .sort((a, b) => a.createdAt - b.createdAt)
        .map((link) => ({ ...link }))
    },

    async revokeLink(id, at) {
      const link = data.links.get(id)
      if (!link) return undefined
      link.revokedAt ??= at
      return { ...link }
    },

    async revokedSince(since) {
      return [...data.links.values()]
        .filter((link): link is CapabilityLink & { revokedAt: number } => {
          return link.revokedAt !== null && link.revokedAt >= since
        })
        .sort((a, b) => a.revokedAt - b.revokedAt)
        .map(({ id, revokedAt }) => ({ id, revokedAt }))
    },

    async close() {
      await sync.idle()
      closed = true
    },
  }
}
