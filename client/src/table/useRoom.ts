import { NOTES_FRAGMENT } from '@tablenotes/shared'
import { useEffect, useState } from 'react'
import { openRoom, type RoomConnection } from '../sync/openRoom.js'

/**
 * Opens the room for as long as the component lives. `ready` turns true once there is something
 * to edit: the device's copy, or the server's seed. Typing into an empty placeholder before then
 * would put a stray paragraph above the questions.
 */
export function useRoom(
  sessionId: string,
  roomId: string,
): { room: RoomConnection | null; ready: boolean } {
  const [room, setRoom] = useState<RoomConnection | null>(null)
  const [ready, setReady] = useState(false)
  useEffect(() => {
    const opened = openRoom(sessionId, roomId)
    setRoom(opened)
    setReady(false)
    const fragment = opened.doc.getXmlFragment(NOTES_FRAGMENT)
    const check = () => {
      if (fragment.length > 0) setReady(true)
    }
    fragment.observe(check)
    void opened.loadedLocally.then(check)
    return () => {
      fragment.unobserve(check)
      opened.destroy()
    }
  }, [sessionId, roomId])
  return { room, ready }
}
