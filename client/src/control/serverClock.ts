import { ServerTimeSchema } from '@tablenotes/shared'
import { answerOf } from '../api.js'

/**
 * The server's clock, as this page estimates it. Device clocks at an event are often minutes
 * off; a countdown computed from each one would show a different time at every table. The page
 * measures its offset from the server (`GET /api/time`) the way NTP does: the server's time is
 * taken to be the one at the midpoint of the request's round trip, and of a few tries the one
 * with the shortest round trip is kept, since its midpoint is the least uncertain. Every time the
 * session shares (the countdown's deadline, announcements, calls for help) is written and read in
 * server time.
 */

const STORAGE_KEY = 'tablenotes.serverClockOffset'
/** Tries per measurement; the fastest round trip wins. */
const SAMPLES = 4
/** Device clocks drift and get corrected; measure again now and then. */
const REMEASURE_EVERY_MS = 10 * 60_000

/** Milliseconds to add to this device's clock to get the server's. */
let offsetMs = readKeptOffset()
let measured: Promise<void> | null = null

/** Now by the server's clock, in milliseconds since the epoch. */
export function serverNow(): number {
  return Date.now() + offsetMs
}

/**
 * Resolves once the page has tried to measure its offset (at once if it already has): moderators'
 * controls wait for it before they write a deadline. Offline, the last offset this device
 * measured stands (kept in localStorage), else the device's own clock.
 */
export function serverClockReady(): Promise<void> {
  measured ??= measureServerClock()
  return measured
}

/** Starts measuring, and measures again every few minutes and whenever the network returns. */
export function startServerClock(): void {
  void serverClockReady()
  setInterval(() => void measureServerClock(), REMEASURE_EVERY_MS)
  window.addEventListener('online', () => void measureServerClock())
}

async function measureServerClock(): Promise<void> {
  let best: { roundTrip: number; offset: number } | null = null
  for (let sample = 0; sample < SAMPLES; sample++) {
    const sent = Date.now()
    let now: unknown
    try {
      const response = await fetch('/api/time', { cache: 'no-store' })
      if (!response.ok) return
      // Another server (an older one, a proxy's page) may answer otherwise: checked below.
      now = (await answerOf(response, ServerTimeSchema)).now as unknown
    } catch {
      return
    }
    const received = Date.now()
    if (typeof now !== 'number') return
    const roundTrip = received - sent
    if (!best || roundTrip < best.roundTrip) {
      best = { roundTrip, offset: now - (sent + received) / 2 }
    }
  }
  if (!best) return
  offsetMs = Math.round(best.offset)
  try {
    localStorage.setItem(STORAGE_KEY, String(offsetMs))
  } catch {
    // Storage refused (private mode): the offset holds for this page only.
  }
}

function readKeptOffset(): number {
  try {
    const kept = Number(localStorage.getItem(STORAGE_KEY))
    return Number.isFinite(kept) ? kept : 0
  } catch {
    return 0
  }
}
