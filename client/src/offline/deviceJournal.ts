import { fromBase64, toBase64 } from 'lib0/buffer'

type Entry = [sequence: number, update: string]

/**
 * A synchronous copy of the local changes that IndexedDB has not yet confirmed.
 *
 * IndexedDB commits asynchronously, and a page that unloads first aborts the write: a reload the
 * moment after a keystroke, or one whose "leave this page?" prompt held the page while its
 * transaction waited to commit, lost the last words. localStorage writes are synchronous and
 * survive a reload, so each change is kept here until IndexedDB holds it. Each page keeps its own
 * key, so two tabs of one room never overwrite each other's entries.
 */
export class DeviceJournal {
  /** Changes that earlier pages of this room left behind; apply them before anything else. */
  readonly recovered: Uint8Array[]
  private readonly key: string
  private readonly recoveredKeys = new Map<string, string>()
  private entries: Entry[] = []
  private sequence = 0

  constructor(
    room: string,
    private readonly storage: Storage,
    pageId: string = crypto.randomUUID(),
  ) {
    const prefix = journalPrefix(room)
    this.key = prefix + pageId
    this.recovered = []
    for (const key of keysStartingWith(storage, prefix)) {
      const value = storage.getItem(key)
      if (value === null) continue
      this.recoveredKeys.set(key, value)
      for (const [, update] of parseEntries(value)) {
        const bytes = decodeUpdate(update)
        if (bytes) this.recovered.push(bytes)
      }
    }
  }

  /** Removes every page's journal of `room` from `storage`. */
  static forget(room: string, storage: Storage): void {
    for (const key of keysStartingWith(storage, journalPrefix(room))) storage.removeItem(key)
  }

  /** The sequence number of the latest change recorded, for `confirm`. */
  get latest(): number {
    return this.sequence
  }

  /** Keeps a local change until IndexedDB confirms it. */
  record(update: Uint8Array): void {
    this.sequence += 1
    this.entries.push([this.sequence, toBase64(update)])
    this.save()
  }

  /**
   * IndexedDB holds every change up to `sequence`, and everything that was recovered at start
   * (it was applied to the document before IndexedDB first stored it).
   */
  confirm(sequence: number): void {
    this.entries = this.entries.filter(([recorded]) => recorded > sequence)
    this.save()
    for (const [key, value] of this.recoveredKeys) {
      // Another tab that is still open may have written more since; its entries stay.
      if (this.storage.getItem(key) === value) this.storage.removeItem(key)
    }
    this.recoveredKeys.clear()
  }

  private save(): void {
    try {
      if (this.entries.length === 0) this.storage.removeItem(this.key)
      else this.storage.setItem(this.key, JSON.stringify(this.entries))
    } catch {
      // A full localStorage leaves IndexedDB as the only copy on the device, as before the
      // journal existed; typing must go on either way.
    }
  }
}

const journalPrefix = (room: string) => `tablenotes:journal:${room}:`

function keysStartingWith(storage: Storage, prefix: string): string[] {
  const keys: string[] = []
  for (let index = 0; index < storage.length; index++) {
    const key = storage.key(index)
    if (key?.startsWith(prefix)) keys.push(key)
  }
  return keys
}

function decodeUpdate(base64: string): Uint8Array | null {
  try {
    return fromBase64(base64)
  } catch {
    return null
  }
}

function parseEntries(value: string): Entry[] {
  try {
    const parsed: unknown = JSON.parse(value)
    if (!Array.isArray(parsed)) return []
    return parsed.filter(
      (entry): entry is Entry =>
        Array.isArray(entry) && typeof entry[0] === 'number' && typeof entry[1] === 'string',
    )
  } catch {
    return []
  }
}
