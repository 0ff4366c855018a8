import {
  CONTROL_ROOM,
  type ControlState,
  type Countdown,
  readControl,
  remainingMs,
} from '@tablenotes/shared'
import { useEffect, useState } from 'react'
import { openRoom, type RoomConnection } from '../sync/openRoom.js'
import { serverNow } from './serverClock.js'

/**
 * The session's `_control` room, kept on the device like a table, so a page opened offline still
 * shows the last clock and announcements, and one that was offline catches up on reconnection.
 */
export function useControl(sessionId: string): {
  control: ControlState
  room: RoomConnection | null
} {
  const [room, setRoom] = useState<RoomConnection | null>(null)
  const [control, setControl] = useState<ControlState>({
    countdown: null,
    locked: false,
    helpAnswered: {},
    announcements: [],
  })
  useEffect(() => {
    const opened = openRoom(sessionId, CONTROL_ROOM)
    setRoom(opened)
    const update = () => setControl(readControl(opened.doc))
    opened.doc.on('update', update)
    void opened.loadedLocally.then(update)
    return () => {
      opened.doc.off('update', update)
      opened.destroy()
    }
  }, [sessionId])
  return { control, room }
}

/** The current time by the server's clock, ticking every `everyMs`, for "5 min ago". */
export function useNow(everyMs = 1000): number {
  const [now, setNow] = useState(serverNow)
  useEffect(() => {
    const timer = setInterval(() => setNow(serverNow()), everyMs)
    return () => clearInterval(timer)
  }, [everyMs])
  return now
}

/**
 * Milliseconds left on the countdown by the server's clock, re-rendering the moment the shown
 * second changes rather than on a tick of the page's own: every page then turns to the next
 * second together, as one clock on the wall would.
 */
export function useRemaining(countdown: Countdown | null): number | null {
  const [, setTick] = useState(0)
  const left = remainingMs(countdown, serverNow())
  useEffect(() => {
    if (left === null || left === 0 || countdown?.endsAt === null) return
    // The shown value is ceil(left / 1 s): it changes when `left` crosses a whole second.
    const timer = setTimeout(() => setTick((tick) => tick + 1), (left % 1000 || 1000) + 1)
    return () => clearTimeout(timer)
  }, [left, countdown])
  return left
}
