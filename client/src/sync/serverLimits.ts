import { ServerLimitsSchema, SYNC_FRAME_OVERHEAD } from '@tablenotes/shared'
import { answerOf } from '../api.js'

const STORAGE_KEY = 'tablenotes:limits'

/** The server's own default for `MAX_MESSAGE_BYTES` (README, Configuration). */
const DEFAULT_MAX_MESSAGE_BYTES = 8 * 1024 * 1024

let known: number | null = null

/**
 * The largest frame the server accepts, in bytes: as `GET /api/limits` last said, remembered on
 * the device so a page reopened offline still knows it; the server's default until then.
 */
export function maxMessageBytes(): number {
  if (known !== null) return known
  const remembered = Number(safeStorage()?.getItem(STORAGE_KEY))
  return Number.isInteger(remembered) && remembered > 0 ? remembered : DEFAULT_MAX_MESSAGE_BYTES
}

/** The largest Yjs update that fits in one sync frame, in bytes. */
export function maxUpdateBytes(): number {
  return maxMessageBytes() - SYNC_FRAME_OVERHEAD
}

/**
 * Asks the server for its limits (`GET /api/limits`, README) and remembers them. Offline, or on
 * an older server, the remembered value stays: the answer only ever refines it.
 */
export async function loadServerLimits(): Promise<void> {
  try {
    const response = await fetch('/api/limits', { headers: { accept: 'application/json' } })
    if (!response.ok) return
    // An older server has no such route, or answers otherwise: checked below.
    const bytes: unknown = (await answerOf(response, ServerLimitsSchema)).maxMessageBytes
    if (typeof bytes !== 'number' || !Number.isInteger(bytes) || bytes <= 0) return
    known = bytes
    safeStorage()?.setItem(STORAGE_KEY, String(bytes))
  } catch {
    // Offline: the remembered limit stands.
  }
}

function safeStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null
  } catch {
    return null
  }
}
