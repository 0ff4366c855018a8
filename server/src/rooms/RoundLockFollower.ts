import { CONTROL_MAP, CONTROL_ROOM, isTableRoom, type RoomName, roomKey } from '@tablenotes/shared'
import type { Room } from './Room.js'
import type { RoomLifecycle } from './RoomLifecycle.js'

/** The registry's lifecycle calls the follower needs to hold a session's `_control` room. */
export interface ControlRooms {
  acquire(name: RoomName): Promise<Room>
  release(room: Room): void
}

/**
 * Makes each loaded table room follow its session's "lock the round" (`locked` in the
 * `_control` room's CONTROL_MAP; P12): the control room stays loaded while any table of the
 * session is, and every change of the flag reaches the tables at once.
 */
export class RoundLockFollower implements RoomLifecycle {
  /** For each loaded table room, how to stop following its session's lock. */
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
    const apply = () => room.setWriteLock(settings.get('locked') === true)
    apply()
    settings.observe(apply)
    this.watches.set(room.key, () => {
      settings.unobserve(apply)
      this.rooms.release(control)
    })
  }

  dropped(room: Room): void {
    this.watches.get(room.key)?.()
    this.watches.delete(room.key)
  }
}
