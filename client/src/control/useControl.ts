import { CONTROL_ROOM, type ControlState, readControl } from '@tablenotes/shared'
import { useEffect, useState } from 'react'
import { openRoom, type RoomConnection } from '../sync/openRoom.js'

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

/** The current time, ticking every `everyMs`, for countdowns and "5 min ago". */
export function useNow(everyMs = 1000): number {
  const [now, setNow] = useState(Date.now)
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs)
    return () => clearInterval(timer)
  }, [everyMs])
  return now
}
