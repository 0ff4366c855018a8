import type { Store } from './DocStore.js'

/** A failure as /healthz reports it: since when (ms since the epoch) and the error's message. */
export interface Failure {
  since: number
  error: string
}

/** The Store methods that write: a failure of any of them means edits are not being kept. */
const WRITES = new Set<PropertyKey>([
  'appendUpdates',
  'commitUpdates',
  'syncToDisk',
  'compactRoom',
  'putSession',
  'putLink',
  'revokeLink',
  'putVersion',
  'appendAuthorship',
])

/** How many rooms that cannot load /healthz names; past that it counts them. */
const ROOMS_NAMED = 10

/**
 * What the process has seen go wrong with its storage, for /healthz: writes that fail (a full
 * disk, a read-only file, a lost database) until a write succeeds again, and rooms that could not
 * load (a damaged row, a corrupt page) until they load. Nothing here probes: it records what the
 * real traffic met, so it costs nothing and never reports a problem no one had.
 */
export class StorageHealth {
  private writeFailure: Failure | null = null
  private readonly roomFailures = new Map<string, Failure>()

  /**
   * `store`, with every write and its outcome recorded here. The methods are the store's own;
   * their results and errors pass through unchanged.
   */
  watch(store: Store): Store {
    return new Proxy(store, {
      get: (target, key, receiver) => {
        const value = Reflect.get(target, key, receiver)
        if (typeof value !== 'function') return value
        if (!WRITES.has(key)) return value.bind(target)
        return async (...args: unknown[]) => {
          try {
            const result = await value.apply(target, args)
            this.writeFailure = null
            return result
          } catch (error) {
            this.writeFailure ??= { since: Date.now(), error: publicErrorText(error) }
            throw error
          }
        }
      },
    })
  }

  /** A room was loaded: whatever kept it from loading before is over. */
  roomLoaded(room: string): void {
    this.roomFailures.delete(room)
  }

  /** A room could not be loaded from storage (not a missing session or table: a failure). */
  roomFailed(room: string, error: unknown): void {
    if (!this.roomFailures.has(room)) {
      this.roomFailures.set(room, { since: Date.now(), error: publicErrorText(error) })
    }
  }

  /** Every current problem, one sentence each; empty while storage works. */
  problems(): string[] {
    const problems: string[] = []
    if (this.writeFailure) {
      problems.push(
        `storage writes fail since ${new Date(this.writeFailure.since).toISOString()}: ${this.writeFailure.error}`,
      )
    }
    const rooms = [...this.roomFailures]
    for (const [room, failure] of rooms.slice(0, ROOMS_NAMED)) {
      problems.push(
        `room ${room} cannot load since ${new Date(failure.since).toISOString()}: ${failure.error}`,
      )
    }
    if (rooms.length > ROOMS_NAMED) {
      problems.push(`and ${rooms.length - ROOMS_NAMED} more rooms cannot load`)
    }
    return problems
  }
}

/** What in an error's message says where things are: URLs, addresses with ports. */
const ADDRESSES = [
  /\b[a-z][a-z0-9+.-]*:\/\/\S+/gi,
  /\[[0-9a-f:]+\](:\d+)?/gi,
  /\b\d{1,3}(\.\d{1,3}){3}(:\d+)?\b/g,
  /\b[a-z0-9-]+(\.[a-z0-9-]+)+:\d+\b/gi,
]

/** A host name a lookup did not find, as Node.js names it after the error code. */
const LOOKED_UP = /\b(ENOTFOUND|EAI_AGAIN)\s+\S+/g

/** An absolute file path, after a space, a quote, a parenthesis or the start. */
const FILE_PATH = /(^|[\s'"(=])\/[^\s'"),]+/g

/**
 * An error as /healthz and /readyz tell it to anyone who asks: its code (`SQLITE_FULL`,
 * `ECONNREFUSED`) and its message with URLs, addresses, ports and file paths replaced by "…",
 * since where the data lives is the operator's to know (the logs have the whole error). Says
 * enough to tell a full disk from a database that does not answer.
 */
export function publicErrorText(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code
  let message = error instanceof Error ? error.message : String(error)
  for (const address of ADDRESSES) message = message.replace(address, '…')
  message = message.replace(FILE_PATH, '$1…').replace(LOOKED_UP, '$1 …')
  return typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message
}
