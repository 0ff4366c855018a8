import type { FastifyBaseLogger } from 'fastify'
import * as Y from 'yjs'
import type { Store } from '../storage/DocStore.js'
import type { Room } from './Room.js'
import type { RoomLifecycle } from './RoomLifecycle.js'

/**
 * Merges a room's stored log into one snapshot once it has grown past `afterRows` rows (in the
 * background, after the batch that crossed the line is stored) and when the room unloads with
 * more than one row. Named and automatic versions are kept apart from the log
 * (`room_versions`), so compaction never touches history (design: "history is never compacted
 * away").
 */
export class Compactor implements RoomLifecycle {
  private readonly compacting = new Set<string>()

  constructor(
    private readonly store: Store,
    private readonly afterRows: number,
    private readonly log: FastifyBaseLogger,
  ) {}

  loaded(room: Room): void {
    this.compactIfLong(room)
  }

  stored(room: Room): void {
    this.compactIfLong(room)
  }

  async unloading(room: Room): Promise<void> {
    if (room.rowsSinceCompaction > 1) await this.compact(room.key)
  }

  private compactIfLong(room: Room): void {
    if (room.rowsSinceCompaction < this.afterRows) return
    room.rowsSinceCompaction = 0
    setImmediate(() => {
      this.compact(room.key).catch((error: unknown) => {
        this.log.error({ room: room.key, err: error }, 'compaction failed')
      })
    })
  }

  /** Merges the room's stored rows into one snapshot, built from the rows themselves. */
  private async compact(key: string): Promise<void> {
    if (this.compacting.has(key)) return
    this.compacting.add(key)
    try {
      const rows = await this.store.loadRoom(key)
      if (rows.length <= 1) return
      const doc = new Y.Doc({ gc: true })
      Y.applyUpdate(doc, Y.mergeUpdates(rows.map((row) => row.update)))
      const snapshot = Y.encodeStateAsUpdate(doc)
      doc.destroy()
      await this.store.compactRoom(
        key,
        rows.map((row) => row.seq),
        snapshot,
      )
    } finally {
      this.compacting.delete(key)
    }
  }
}
