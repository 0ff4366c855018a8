import { useEffect, useState } from 'react'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { tokenFor } from '../auth/links.js'

/** One table as the wall sees it: live, read-only, nothing kept on the device. */
export interface WatchedTable {
  doc: Y.Doc
  provider: WebsocketProvider
  /** When the wall last saw a change arrive; null until the first one after opening. */
  lastEditAt: number | null
  /** Bumped on every change and presence update, so cards re-render. */
  version: number
}

function collabUrl(): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/collab`
}

/**
 * Follows one table room with the stock provider and the page's (moderator) token. The wall
 * has no presence of its own, so tables do not see an anonymous watcher.
 */
export function useWatchedTable(sessionId: string, tableId: string): WatchedTable | null {
  const [watched, setWatched] = useState<WatchedTable | null>(null)
  useEffect(() => {
    const doc = new Y.Doc()
    const token = tokenFor(sessionId)
    const provider = new WebsocketProvider(collabUrl(), `${sessionId}/${tableId}`, doc, {
      params: token ? { token } : {},
    })
    provider.awareness.setLocalState(null)
    let lastEditAt: number | null = null
    let version = 0
    const publish = () => setWatched({ doc, provider, lastEditAt, version: ++version })
    const onUpdate = () => {
      if (provider.synced) lastEditAt = Date.now()
      publish()
    }
    doc.on('update', onUpdate)
    provider.awareness.on('change', publish)
    publish()
    return () => {
      doc.off('update', onUpdate)
      provider.awareness.off('change', publish)
      provider.destroy()
      doc.destroy()
    }
  }, [sessionId, tableId])
  return watched
}
