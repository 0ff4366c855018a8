import { CONTROL_ROOM, type RoomName, SYNTHESIS_ROOM } from '../doc/roomNames.js'

/** The roles a capability link can carry, from the most to the least powerful. */
export const ROLES = ['organizer', 'moderator', 'rapporteur', 'editor', 'viewer'] as const
export type Role = (typeof ROLES)[number]

/** What a connection may do in a room. */
export type Access = 'write' | 'read' | 'none'

/** What a link grants: a role in one session and, for the table roles, one table. */
export interface Grant {
  sessionId: string
  role: Role
  /** The table of an editor or viewer link; absent for the session-wide roles. */
  tableId?: string
}

/** Editors and viewers belong to one table; the other roles span the session. */
export function isTableRole(role: Role): role is 'editor' | 'viewer' {
  return role === 'editor' || role === 'viewer'
}

/**
 * The one source of truth for rights: the README's role × room table is this function, and the
 * relay and the HTTP API both ask it. A grant opens nothing outside its own session.
 */
export function roomAccess(grant: Grant, room: Pick<RoomName, 'sessionId' | 'roomId'>): Access {
  if (grant.sessionId !== room.sessionId) return 'none'
  const { roomId } = room
  const isTable = roomId !== CONTROL_ROOM && roomId !== SYNTHESIS_ROOM
  switch (grant.role) {
    case 'organizer':
      return 'write'
    case 'moderator':
      return isTable ? 'read' : 'write'
    case 'rapporteur':
      if (roomId === SYNTHESIS_ROOM) return 'write'
      return 'read'
    case 'editor':
      if (roomId === CONTROL_ROOM) return 'read'
      return roomId === grant.tableId ? 'write' : 'none'
    case 'viewer':
      if (roomId === CONTROL_ROOM) return 'read'
      return roomId === grant.tableId ? 'read' : 'none'
  }
}

/**
 * Whether a link may comment on a table (issue 20, item 1): moderators and the organizer on any
 * table of their session, a table's editors on their own table; every other link, read links
 * among them, only reads the comments of the tables it reads. `_control` and `_synthesis` take
 * no comments.
 */
export function mayComment(grant: Grant, room: Pick<RoomName, 'sessionId' | 'roomId'>): boolean {
  if (grant.sessionId !== room.sessionId) return false
  if (room.roomId === CONTROL_ROOM || room.roomId === SYNTHESIS_ROOM) return false
  switch (grant.role) {
    case 'organizer':
    case 'moderator':
      return true
    case 'editor':
      return room.roomId === grant.tableId
    default:
      return false
  }
}

/** A link as people receive it: what the command line prints and the organizer's page lists. */
export interface SessionLink {
  id: string
  role: Role
  /** The table of an editor or viewer link; null for the session-wide roles. */
  table: string | null
  /** The room the link is mainly for, `<sessionId>/<roomId>`, or the session id for organizers. */
  room: string
  url: string
  token: string
}
