/** The session rapporteur's synthesis (design §2). */
export const SYNTHESIS_ROOM = '_synthesis'
/** Session-wide live state: timer, announcements, round lock (design §2). */
export const CONTROL_ROOM = '_control'

const SESSION_ID = /^[a-z0-9][a-z0-9-]{0,63}$/
const TABLE_ID = /^[a-z0-9][a-z0-9-]{0,31}$/

/** A room of a session: one of its tables, or one of the rooms the server owns. */
export interface RoomName {
  sessionId: string
  roomId: string
  /** `<sessionId>/<roomId>`, the name used in URLs and in storage. */
  key: string
}

/** Parses the two path segments of `/collab/<sessionId>/<roomId>`; null if they cannot be ids. */
export function parseRoomName(sessionId: string, roomId: string): RoomName | null {
  if (!SESSION_ID.test(sessionId)) return null
  if (!TABLE_ID.test(roomId) && roomId !== SYNTHESIS_ROOM && roomId !== CONTROL_ROOM) return null
  return { sessionId, roomId, key: roomKey(sessionId, roomId) }
}

/**
 * The key of a session's room, `<sessionId>/<roomId>`: the name used in URLs, in storage, in
 * fan-out channels and in metrics. The one place that spells it, so nothing builds it by hand.
 */
export function roomKey(sessionId: string, roomId: string): string {
  return `${sessionId}/${roomId}`
}

export function isTableRoom(name: RoomName): boolean {
  return name.roomId !== SYNTHESIS_ROOM && name.roomId !== CONTROL_ROOM
}
