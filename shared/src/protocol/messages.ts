/**
 * Message types of the y-websocket protocol (the first varuint of every frame), plus the one
 * Tablenotes adds. The numbers of the first four are fixed by y-websocket and y-protocols.
 */
export const MessageType = {
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3,
  /**
   * Server → client only, and only to clients that asked with `?stored=1`: what the server has
   * durably stored. A stock client logs an error for unknown types, so it never receives this.
   */
  stored: 100,
  /**
   * Server → client only, to the same clients: whether this connection may write. Sent once,
   * before anything else; a read-only connection's updates are dropped, so its page must not
   * offer editing.
   */
  access: 101,
} as const

/** Sub-types of a sync message, fixed by y-protocols/sync. */
export const SyncType = { step1: 0, step2: 1, update: 2 } as const

/** A message a client may send, decoded. */
export type ClientMessage =
  | { type: 'syncStep1'; stateVector: Uint8Array }
  | { type: 'syncStep2'; update: Uint8Array }
  | { type: 'syncUpdate'; update: Uint8Array }
  | { type: 'awareness'; update: Uint8Array }
  | { type: 'queryAwareness' }

/** What the server has durably stored, as carried by a `stored` message. */
export interface StoredState {
  /** The state vector of the room's durably stored document. */
  stateVector: Uint8Array
  /**
   * How many of this connection's sync step 2 and update messages have been applied and stored.
   * Deletions do not advance a state vector, so a client compares this count with the number of
   * such messages it sent to know that a delete-only change is stored too.
   */
  storedMessages: number
}

/** Thrown for bytes that are not one well-formed message. */
export class ProtocolError extends Error {
  override readonly name: string = 'ProtocolError'
}

/**
 * Thrown for a well-formed message that carries more than the protocol allows in one part
 * (e.g. an awareness state over MAX_AWARENESS_STATE_BYTES); the relay closes with 4413.
 */
export class MessageTooLargeError extends ProtocolError {
  override readonly name = 'MessageTooLargeError'
}
