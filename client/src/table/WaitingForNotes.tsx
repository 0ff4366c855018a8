import { useEffect, useState } from 'react'
import { t } from '../i18n/messages.js'
import { Loading } from '../Loading.js'
import type { RoomConnection } from '../sync/openRoom.js'
import { useSaveState } from './SaveStatus.js'

/**
 * How long the page tries to reach the server, with no copy on the device, before it says so
 * (ms): a first visit online gets the notes well within it, and is not told of a problem.
 */
const SAY_UNREACHABLE_AFTER_MS = 3_000

/**
 * What the page shows until a room's notes are there: "Loading…" while the server's copy is on
 * its way. Once the device has been read and holds no copy (never opened here, or its site data
 * cleared) and the server cannot be reached (offline, or still trying after a few seconds),
 * nothing will come until the connection returns, and the page says so instead of loading for
 * ever. It opens the notes by itself once they arrive.
 */
export function WaitingForNotes({
  room,
  readHere,
}: {
  room: RoomConnection
  /** The device's copy has been read (and was empty, or the notes would be there). */
  readHere: boolean
}) {
  const { connection } = useSaveState(room.tracker)
  const [triedLong, setTriedLong] = useState(false)
  useEffect(() => {
    const timer = setTimeout(() => setTriedLong(true), SAY_UNREACHABLE_AFTER_MS)
    return () => clearTimeout(timer)
  }, [])
  const unreachable = connection === 'offline' || (connection === 'connecting' && triedLong)
  if (!readHere || !unreachable) return <Loading />
  return (
    <p className="narrow">
      <output>{t('notesNotOnDevice')}</output>
    </p>
  )
}
