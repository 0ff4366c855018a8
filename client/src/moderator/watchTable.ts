import { commentsOf } from '@tablenotes/shared'
import { useEffect, useState } from 'react'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { tokenFor } from '../auth/links.js'
import { serverNow } from '../control/serverClock.js'
import { forgetDroppedPresence, isOwnDisconnection } from '../sync/forgetDroppedPresence.js'
import { collabUrl } from '../sync/openRoom.js'

/** Whether a shared type is `root` or lives inside it. */
function isWithin(type: { _item: Y.Item | null }, root: object): boolean {
  let current: { _item: Y.Item | null } = type
  for (;;) {
    if (current === root) return true
    const parent = current._item?.parent
    if (!(parent instanceof Y.AbstractType)) return false
    current = parent
  }
}

/** One table as the wall sees it: live, read-only, nothing kept on the device. */
export interface WatchedTable {
  doc: Y.Doc
  provider: WebsocketProvider
  /** When the wall last saw a change arrive; null until the first one after opening. */
  lastEditAt: number | null
  /** People whose presence vanished while their client reported changes waiting. */
  offlineWithChanges: Array<{ name: string; waiting: number }>
  /** Bumped on every change and presence update, so cards re-render. */
  version: number
}

interface PresenceState {
  user?: { name?: string }
  waiting?: number
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
    // The last state each person reported, to know what they left with when they vanish.
    const lastStates = new Map<number, PresenceState>()
    const offline = new Map<number, { name: string; waiting: number }>()
    // A busy table changes many times a second; its card renders at most every 50 ms. (Not
    // requestAnimationFrame: the bench showed it holding updates back by seconds under load.)
    let frame: ReturnType<typeof setTimeout> | null = null
    const publish = () => {
      frame ??= setTimeout(() => {
        frame = null
        setWatched({
          doc,
          provider,
          lastEditAt,
          offlineWithChanges: [...offline.values()],
          version: ++version,
        })
      }, 50)
    }
    const onPresence = ({ added, updated, removed }: Record<string, number[]>, origin: unknown) => {
      // The wall's own connection dropped: nobody at the table went anywhere.
      if (isOwnDisconnection(provider, origin)) return publish()
      const states = provider.awareness.getStates()
      for (const id of [...(added ?? []), ...(updated ?? [])]) {
        lastStates.set(id, states.get(id) as PresenceState)
        offline.delete(id)
      }
      for (const id of removed ?? []) {
        const last = lastStates.get(id)
        if (last?.user?.name && (last.waiting ?? 0) > 0) {
          offline.set(id, { name: last.user.name, waiting: last.waiting ?? 0 })
        }
        lastStates.delete(id)
      }
      publish()
    }
    const comments = commentsOf(doc)
    // A comment is no edit of the notes: the wall's "last edit" counts only what the table wrote.
    const onlyComments = (transaction: Y.Transaction) =>
      [...transaction.changed.keys()].every((type) => isWithin(type, comments))
    const onUpdate = (_update: Uint8Array, _origin: unknown, _doc: Y.Doc, tr: Y.Transaction) => {
      if (provider.synced && !onlyComments(tr)) lastEditAt = serverNow()
      publish()
    }
    doc.on('update', onUpdate)
    provider.awareness.on('change', onPresence)
    const stopForgetting = forgetDroppedPresence(provider)
    publish()
    return () => {
      stopForgetting()
      if (frame !== null) clearTimeout(frame)
      doc.off('update', onUpdate)
      provider.awareness.off('change', onPresence)
      provider.destroy()
      doc.destroy()
    }
  }, [sessionId, tableId])
  return watched
}
