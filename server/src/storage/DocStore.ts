import type { Session } from '@tablenotes/shared'

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
   * durable. The server acknowledges edits to clients only after this resolves.
   */
  appendUpdates(updates: readonly RoomUpdate[]): Promise<void>
  /**
   * Replaces exactly the rows `seqs` of the room with one snapshot holding their merged content,
   * atomically. Rows appended meanwhile (by this or another process) are not in `seqs` and stay;
   * deleting by a seq range instead would lose a concurrent writer's row that committed late.
   */
  compactRoom(room: string, seqs: readonly number[], snapshot: Uint8Array): Promise<void>
  /** The names of all rooms that have stored updates. */
  listRooms(): Promise<string[]>
}

/** Session definitions, stored beside the documents so that one backend holds everything. */
export interface SessionStore {
  /** Creates the session or replaces its definition. */
  putSession(session: Session): Promise<void>
  getSession(id: string): Promise<Session | undefined>
  /** All sessions, ordered by id. */
  listSessions(): Promise<Session[]>
}

export interface Store extends DocStore, SessionStore {
  /** A short name for logs and health output, e.g. `sqlite:/path/tablenotes.sqlite`. */
  readonly description: string
  close(): Promise<void>
}
