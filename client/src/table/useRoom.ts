import { NOTES_FRAGMENT } from '@tablenotes/shared'
import { useEffect, useState } from 'react'
import { openRoom, type RoomConnection } from '../sync/openRoom.js'

/**
 * Opens the room for as long as the component lives. `ready` turns true once there is something
 * to edit: the device's copy, or the server's seed. Typing into an empty placeholder before then
 * would put a stray paragraph above the questions. `readHere` turns true once the device's
 * copy has been read, whatever it held.
 */
export function useRoom(
  sessionId: string,
  roomId: string,
): { room: RoomConnection | null; ready: boolean; readHere: boolean } {
  const [room, setRoom] = useState<RoomConnection | null>(null)
  const [ready, setReady] = useState(false)
  const [readHere, setReadHere] = useState(false)
  useEffect(() => {
    const opened = openRoom(sessionId, roomId)
    setRoom(opened)
    setReady(false)
    setReadHere(false)
    const fragment = opened.doc.getXmlFragment(NOTES_FRAGMENT)
    const check = () => {
      if (fragment.length > 0) setReady(true)
    }
    fragment.observe(check)
    void opened.loadedLocally.then(() => {
      check()
      setReadHere(true)
    })
    return () => {
      fragment.unobserve(check)
      opened.destroy()
    }
  }, [sessionId, roomId])
  return { room, ready, readHere }
}
