import { tableLanguage } from '@tablenotes/shared'
import { useEffect, useState } from 'react'
import { IndexeddbPersistence } from 'y-indexeddb'
import * as Y from 'yjs'
import { keptSession } from '../api.js'
import { t } from '../i18n/messages.js'
import { DeviceJournal } from '../offline/deviceJournal.js'
import { UnsentRecord } from '../offline/unsentRecord.js'
import { UnsentDownload } from './LinkEndedNote.js'

/**
 * On a table page the server no longer opens (the link was revoked or expired after the person
 * typed offline or closed the page), the device may still hold edits the server never stored:
 * offers them for download from the device's copy, read and never changed, so that closing the
 * page after the link ended drops nothing either.
 */
export function UnsentOnDevice({ sessionId, tableId }: { sessionId: string; tableId: string }) {
  const room = `${sessionId}/${tableId}`
  const [loaded, setLoaded] = useState<{ doc: Y.Doc; stored: Map<number, number> } | null>(null)
  useEffect(() => {
    const record = new UnsentRecord(room, localStorage)
    if (record.since() === null) return
    const doc = new Y.Doc()
    for (const update of new DeviceJournal(room, localStorage).recovered) {
      try {
        Y.applyUpdate(doc, update)
      } catch {
        // A damaged entry: the rest still opens.
      }
    }
    const local = new IndexeddbPersistence(`tablenotes:${room}`, doc)
    void local.whenSynced.then(() => {
      const state = Y.decodeStateVector(Y.encodeStateVector(doc))
      setLoaded({ doc, stored: record.storedPartOf(state) })
    })
    return () => {
      local.destroy().catch(() => undefined)
      doc.destroy()
    }
  }, [room])
  if (!loaded) return null
  const session = keptSession(sessionId)
  return (
    <p>
      {t('unsentNotice')}{' '}
      <UnsentDownload
        doc={loaded.doc}
        stored={loaded.stored}
        filename={`${sessionId}-${tableId}`}
        language={session ? tableLanguage(session, tableId) : 'en'}
      />
    </p>
  )
}
