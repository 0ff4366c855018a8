import type { RoomName } from '@tablenotes/shared'
import type { Room } from './Room.js'

/**
 * What a module that looks after loaded rooms is told by the RoomRegistry (`registry.watch`):
 * compaction, the round lock and the like live beside the registry rather than inside it.
 * Every method is optional; the awaited ones hold the room's loading or unloading until they end.
 */
export interface RoomLifecycle {
  /** A room was loaded (and seeded if new); awaited before any connection gets it. */
  loaded?(room: Room, name: RoomName): Promise<void> | void
  /** A batch of the room's updates was stored. */
  stored?(room: Room): void
  /**
   * The room is unloading: its last write is stored and its clients were told to go. Awaited
   * before the room is dropped; a rejection is logged and the unload goes on.
   */
  unloading?(room: Room): Promise<void>
  /** The room left memory, unloaded or evicted; nothing more happens to it. */
  dropped?(room: Room): void
}
