import type * as Y from 'yjs'

/**
 * The shape of a session's `_control` room, which every page of the session watches and only
 * moderators (and the organizer) write:
 *
 * ```
 * Map "control"
 *   countdown     { endsAt, remainingMs }   a running countdown ends at endsAt (ms since the
 *                                           epoch); a paused one keeps remainingMs
 *   locked        boolean                   the round is locked: the server refuses table writes
 *   helpAnswered  { [tableId]: ms }         when a moderator last answered a table's call
 * Array "announcements"  { id, text, at }   newest last
 * Map "session"  (the server's alone)
 *   tableIds      string[]                  the session's tables, set by the server at each change
 *                                           of the session: a table not in it was removed, and
 *                                           every instance closes its room (P10)
 * ```
 * A table asks for help in its own document (`SIGNALS_MAP`), since its people cannot write here.
 */
export const CONTROL_MAP = 'control'
export const ANNOUNCEMENTS_ARRAY = 'announcements'
export const SESSION_MAP = 'session'

/**
 * The session's table ids as the server last wrote them into `doc` (a `_control` room), or null
 * before any change of the session wrote them.
 */
export function sessionTableIds(doc: Y.Doc): readonly string[] | null {
  const ids = doc.getMap<unknown>(SESSION_MAP).get('tableIds')
  return Array.isArray(ids) ? (ids as string[]) : null
}

/** Writes the session's table ids into `doc` (a `_control` room); the server's alone. */
export function setSessionTableIds(doc: Y.Doc, ids: readonly string[]): void {
  doc.getMap(SESSION_MAP).set('tableIds', [...ids])
}

export interface Countdown {
  /** When a running countdown reaches zero; null while paused or never started. */
  endsAt: number | null
  /** What is left of a paused countdown. */
  remainingMs: number
}

export interface Announcement {
  id: string
  text: string
  /** Milliseconds since the epoch. */
  at: number
}

export interface ControlState {
  countdown: Countdown | null
  locked: boolean
  helpAnswered: Record<string, number>
  announcements: Announcement[]
}

export function readControl(doc: Y.Doc): ControlState {
  const control = doc.getMap<unknown>(CONTROL_MAP)
  return {
    countdown: (control.get('countdown') as Countdown | undefined) ?? null,
    locked: control.get('locked') === true,
    helpAnswered: (control.get('helpAnswered') as Record<string, number> | undefined) ?? {},
    announcements: doc.getArray<Announcement>(ANNOUNCEMENTS_ARRAY).toArray(),
  }
}

/** Milliseconds left on the countdown at `now`, never below zero; null without a countdown. */
export function remainingMs(countdown: Countdown | null, now: number): number | null {
  if (!countdown) return null
  if (countdown.endsAt === null) return Math.max(0, countdown.remainingMs)
  return Math.max(0, countdown.endsAt - now)
}

export function startCountdown(doc: Y.Doc, minutes: number, now: number): void {
  const countdown: Countdown = { endsAt: now + minutes * 60_000, remainingMs: minutes * 60_000 }
  doc.getMap(CONTROL_MAP).set('countdown', countdown)
}

export function pauseCountdown(doc: Y.Doc, now: number): void {
  const countdown = readControl(doc).countdown
  if (!countdown || countdown.endsAt === null) return
  const paused: Countdown = { endsAt: null, remainingMs: Math.max(0, countdown.endsAt - now) }
  doc.getMap(CONTROL_MAP).set('countdown', paused)
}

export function resumeCountdown(doc: Y.Doc, now: number): void {
  const countdown = readControl(doc).countdown
  if (!countdown || countdown.endsAt !== null) return
  const running: Countdown = {
    endsAt: now + countdown.remainingMs,
    remainingMs: countdown.remainingMs,
  }
  doc.getMap(CONTROL_MAP).set('countdown', running)
}

/** Adds (or with a negative number takes away) minutes, running or paused. */
export function addMinutes(doc: Y.Doc, minutes: number, now: number): void {
  const countdown = readControl(doc).countdown
  if (!countdown) {
    startCountdown(doc, Math.max(0, minutes), now)
    return
  }
  const delta = minutes * 60_000
  const changed: Countdown =
    countdown.endsAt === null
      ? { endsAt: null, remainingMs: Math.max(0, countdown.remainingMs + delta) }
      : { endsAt: Math.max(now, countdown.endsAt + delta), remainingMs: countdown.remainingMs }
  doc.getMap(CONTROL_MAP).set('countdown', changed)
}

export function announce(doc: Y.Doc, text: string, now: number, id: string): void {
  doc.getArray<Announcement>(ANNOUNCEMENTS_ARRAY).push([{ id, text, at: now }])
}

export function setLocked(doc: Y.Doc, locked: boolean): void {
  doc.getMap(CONTROL_MAP).set('locked', locked)
}

export function answerHelp(doc: Y.Doc, tableId: string, now: number): void {
  const control = doc.getMap(CONTROL_MAP)
  const answered = (control.get('helpAnswered') as Record<string, number> | undefined) ?? {}
  control.set('helpAnswered', { ...answered, [tableId]: now })
}

/** Whether a table's call for help (from its own document) still waits for an answer. */
export function isAskingForHelp(tableDoc: Y.Doc, control: ControlState, tableId: string): boolean {
  const askedAt = tableDoc.getMap<unknown>(SIGNALS_MAP).get('helpAskedAt')
  return typeof askedAt === 'number' && askedAt > (control.helpAnswered[tableId] ?? 0)
}

/** A table's own signals to the moderators, in its document: `helpAskedAt` (ms). */
export const SIGNALS_MAP = 'signals'

export function askForHelp(tableDoc: Y.Doc, now: number): void {
  tableDoc.getMap(SIGNALS_MAP).set('helpAskedAt', now)
}
