import { type Stats, statSync } from 'node:fs'
import { type FileHandle, open } from 'node:fs/promises'
import path from 'node:path'

/**
 * A flush of a WAL-mode SQLite file that runs in libuv's thread pool, off the event loop. With
 * `synchronous = NORMAL` SQLite writes each commit to the `-wal` file without syncing it
 * (https://www.sqlite.org/pragma.html#pragma_synchronous): the bytes are in the kernel, safe from
 * a crash of this process but not from a power cut. `fdatasync(2)` on a descriptor of the same
 * file (fsync flushes the file, whichever descriptor names it) makes them durable.
 *
 * SQLite keeps one WAL file while any connection is open and rewrites it from the start after a
 * checkpoint (same inode), but a last connection closing elsewhere may delete it and the next
 * open create a new one; so before each flush the path's inode is compared with the one held and
 * the file reopened when it changed (with its folder synced once, so a new entry survives too).
 * No WAL at all means a checkpoint moved everything into the database file, which SQLite syncs
 * itself when it checkpoints; the database file is synced anyway, cheaply, to be sure.
 *
 * Returns the flush and a function that releases the descriptor.
 */
export function walFlush(databaseFile: string): {
  flush: () => Promise<void>
  close: () => Promise<void>
} {
  const walFile = `${databaseFile}-wal`
  let held: { handle: FileHandle; ino: number } | null = null

  const syncFile = async (file: string) => {
    const handle = await open(file, 'r')
    try {
      await handle.sync()
    } finally {
      await handle.close()
    }
  }

  const flush = async () => {
    // A stat is a few microseconds on the event loop; one thread-pool round trip fewer per flush.
    let current: Stats | null = null
    try {
      current = statSync(walFile)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    }
    if (!current) {
      await held?.handle.close()
      held = null
      await syncFile(databaseFile)
      return
    }
    if (!held || held.ino !== current.ino) {
      await held?.handle.close()
      held = null
      const handle = await open(walFile, 'r')
      // The descriptor's own inode: the file may have been replaced between stat and open.
      held = { handle, ino: (await handle.stat()).ino }
      await syncFile(path.dirname(walFile))
    }
    await held.handle.datasync()
  }

  return {
    flush,
    async close() {
      await held?.handle.close()
      held = null
    },
  }
}
