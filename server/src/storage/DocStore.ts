import type { Role, Session } from '@tablenotes/shared'

/** One stored Yjs update (a logged edit or a compacted snapshot) and its position in the store. */
export interface StoredUpdate {
  /** Increases with every append within a store; it names the row for compaction. */
  seq: number
  update: Uint8Array
}

/** An update to append to a room's log. */
export interface RoomUpdate {
  room: string
  update: Uint8Array
  /**
   * A client sent it (a person's edit), rather than the server seeding or reconciling the room:
   * the store keeps the time of the append as the room's last edit (see `lastEdits`).
   */
  fromClient?: boolean
}

/** The rooms a client edited among `updates`, each once: those whose last edit an append moves. */
export function editedRooms(updates: readonly RoomUpdate[]): string[] {
  return [...new Set(updates.filter((update) => update.fromClient).map(({ room }) => room))]
}

/** Counts of a store's commits since it opened (`commitUpdates`, `appendUpdates`). */
export interface WriteProgress {
  /** Commits made. */
  readonly committed: number
  /** Of those, how many a completed flush has put on disk. */
  readonly onDisk: number
}

/**
 * Durable storage of room documents. A room's document is the merge of all its stored updates;
 * Yjs updates commute, so their order only matters for compaction, never for content.
 */
export interface DocStore {
  /** Every stored update of the room (snapshots and log), in seq order; empty for a new room. */
  loadRoom(room: string): Promise<StoredUpdate[]>
  /**
   * Appends updates of any number of rooms in one transaction and resolves once they are
   * durable: `commitUpdates` then `syncToDisk`. For writers that do not relay (the command line).
   */
  appendUpdates(updates: readonly RoomUpdate[]): Promise<void>
  /**
   * Appends updates of any number of rooms in one transaction and resolves once it is committed:
   * a crash of this process can no longer lose them (the bytes are in the operating system, or
   * in the database server), a power cut still can. The server relays edits after this resolves
   * (PROTOCOL.md P4).
   */
  commitUpdates(updates: readonly RoomUpdate[]): Promise<void>
  /**
   * Resolves once every commit that resolved before this call is on disk, so that a power cut
   * cannot lose it; one flush covers every commit made before it started (DiskSync). The server
   * sends `stored` acknowledgements only after this resolves (PROTOCOL.md P5).
   */
  syncToDisk(): Promise<void>
  /** How many commits this store has made since it opened, and how many of them are on disk. */
  readonly progress: WriteProgress
  /**
   * Replaces exactly the rows `seqs` of the room with one snapshot holding their merged content,
   * atomically. Rows appended meanwhile (by this or another process) are not in `seqs` and stay;
   * deleting by a seq range instead would lose a concurrent writer's row that committed late.
   */
  compactRoom(room: string, seqs: readonly number[], snapshot: Uint8Array): Promise<void>
  /** The names of all rooms that have stored updates. */
  listRooms(): Promise<string[]>
  /**
   * When each of `rooms` last stored an update from a client, in milliseconds since the epoch by
   * the clock of the process that appended it; rooms never edited by a client are absent. The
   * moderator wall shows it, so a table's last edit is known however long ago the wall opened.
   */
  lastEdits(rooms: readonly string[]): Promise<Map<string, number>>
  /**
   * Records each room's last edit at the given time (milliseconds since the epoch), keeping the
   * later one where the store already has a time for that room. `copyStore` carries the times
   * over with it, so a copied store's wall still knows when each table was last edited.
   */
  putLastEdits(edits: ReadonlyMap<string, number>): Promise<void>
}

/** Why a version was taken (design decision 8). */
export type VersionKind = 'auto' | 'named' | 'restore'

/** A version as listed: everything but its content. */
export interface VersionInfo {
  /** Unique within the store (a row number); opaque to clients. */
  id: string
  room: string
  /** Milliseconds since the epoch, by the clock of the process that took it. */
  at: number
  /** The name people gave it; null for automatic and before-restore versions. */
  label: string | null
  kind: VersionKind
  /** The names that wrote in the room since the room's previous version, sorted. */
  authors: string[]
}

/** A version with its content: the room's whole document then, as one Yjs update. */
export interface StoredVersion extends VersionInfo {
  state: Uint8Array
}

/**
 * Which connection wrote a run of Yjs items: a client id's clocks `[clockFrom, clockTo)` were
 * written by a connection of link `linkId` that announced `name` in its presence (null: none).
 * Yjs names every item by (client, clock), so these spans say who wrote each character however
 * the rows holding the items were compacted since. Client -1 with an empty range marks an
 * update that only deleted (AuthorshipRecorder's DELETED_ONLY): its author wrote, adding nothing.
 */
export interface AuthorshipSpan {
  room: string
  client: number
  clockFrom: number
  clockTo: number
  linkId: string | null
  name: string | null
  /** When the server stored it, milliseconds since the epoch. */
  at: number
}

/**
 * Versions and authorship of rooms (issue 17), in tables of their own: compacting a room's
 * updates never touches them, so history is never compacted away (design decision 8).
 */
export interface HistoryStore {
  /** Stores a version; resolves with it as listed, its id assigned. */
  putVersion(version: Omit<StoredVersion, 'id'>): Promise<VersionInfo>
  /** The room's versions, newest first (by time, then by id). */
  listVersions(room: string): Promise<VersionInfo[]>
  /** One version of the room with its content, or undefined (no such id in that room). */
  getVersion(room: string, id: string): Promise<StoredVersion | undefined>
  /** Appends authorship spans of any rooms in one transaction. */
  appendAuthorship(spans: readonly AuthorshipSpan[]): Promise<void>
  /** The room's spans stored at or after `since` (ms), oldest first. */
  loadAuthorship(room: string, since?: number): Promise<AuthorshipSpan[]>
}

/** Session definitions, stored beside the documents so that one backend holds everything. */
export interface SessionStore {
  /** Creates the session or replaces its definition. */
  putSession(session: Session): Promise<void>
  getSession(id: string): Promise<Session | undefined>
  /** All sessions, ordered by id. */
  listSessions(): Promise<Session[]>
}

/** A capability link as stored: its token is signed from these fields, never stored itself. */
export interface CapabilityLink {
  id: string
  sessionId: string
  role: Role
  /** The table of an editor or viewer link; null for the session-wide roles. */
  tableId: string | null
  /** Milliseconds since the epoch. */
  createdAt: number
  /** Seconds since the epoch, as in the token; null: never expires. */
  expiresAt: number | null
  /** Milliseconds since the epoch; null while the link works. */
  revokedAt: number | null
}

/** Links and their revocation, shared by every server instance and the command line. */
export interface LinkStore {
  putLink(link: CapabilityLink): Promise<void>
  getLink(id: string): Promise<CapabilityLink | undefined>
  /** Every link of the session, revoked ones included, oldest first. */
  listLinks(sessionId: string): Promise<CapabilityLink[]>
  /** Marks the link revoked now; resolves with it, or undefined if there is no such link. */
  revokeLink(id: string, at: number): Promise<CapabilityLink | undefined>
  /**
   * Links revoked at or after `since` (ms), oldest first: servers poll this to close the
   * sockets of a link revoked by another process.
   */
  revokedSince(since: number): Promise<Array<{ id: string; revokedAt: number }>>
}

export interface Store extends DocStore, SessionStore, LinkStore, HistoryStore {
  /** A short name for logs and health output, e.g. `sqlite:/path/tablenotes.sqlite`. */
  readonly description: string
  close(): Promise<void>
}
