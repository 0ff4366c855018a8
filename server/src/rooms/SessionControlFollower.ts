import {
  CloseCode,
  CONTROL_MAP,
  CONTROL_ROOM,
  isTableRoom,
  type RoomName,
  roomKey,
  SESSION_MAP,
  sessionTableIds,
} from '@tablenotes/shared'
import type { Room } from './Room.js'
import type { RoomLifecycle } from './RoomLifecycle.js'

/** The registry's lifecycle calls the follower needs to hold a session's `_control` room. */
export interface ControlRooms {
  acquire(name: RoomName): Promise<Room>
  release(room: Room): void
  /** Unloads `room` after closing its connections with `code` (a CloseCode). */
  evict(room: Room, code: number, reason: string): void
}

/**
 * Makes each loaded table room follow what its session's `_control` room says of it, on every
 * instance alike (the control room reaches them all): the moderators' "lock the round"
 * (`locked` in CONTROL_MAP; P12), and the session's tables (`tableIds` in SESSION_MAP, written
 * by the server when the organizer changes the session): a table no longer among them was
 * removed, and its room is unloaded with its connections closed (CloseCode.notFound, P10), so
 * that its links, which open no room any more, cannot write over a socket opened before. The
 * control room stays loaded while any table of the session is.
 */
export class SessionControlFollower implements RoomLifecycle {
  /** For each loaded table room, how to stop following its session's control room. */
  private readonly watches = new Map<string, () => void>()

  constructor(private readonly rooms: ControlRooms) {}

  async loaded(room: Room, name: RoomName): Promise<void> {
    if (!isTableRoom(name)) return
    const control = await this.rooms.acquire({
      sessionId: name.sessionId,
      roomId: CONTROL_ROOM,
      key: roomKey(name.sessionId, CONTROL_ROOM),
    })
    const settings = control.doc.getMap<unknown>(CONTROL_MAP)
    const session = control.doc.getMap<unknown>(SESSION_MAP)
    const applyLock = () => room.setWriteLock(settings.get('locked') === true)
    const applyTables = () => {
      const ids = sessionTableIds(control.doc)
      if (ids && !ids.includes(name.roomId) && this.watches.has(room.key)) {
        this.rooms.evict(room, CloseCode.notFound, 'table removed from the session')
      }
    }
    applyLock()
    settings.observe(applyLock)
    session.observe(applyTables)
    this.watches.set(room.key, () => {
      settings.unobserve(applyLock)
      session.unobserve(applyTables)
      this.rooms.release(control)
    })
    // The registry is still loading the room: it can be unloaded once it is in place. (It was
    // in the session when loading began; this catches a removal that came meanwhile.)
    setImmediate(applyTables)
  }

  dropped(room: Room): void {
    this.watches.get(room.key)?.()
    this.watches.delete(room.key)
  }
}
