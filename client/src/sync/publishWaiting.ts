import type { WebsocketProvider } from 'y-websocket'
import type { SaveTracker } from './saveTracker.js'

/** How often the waiting count may reach the others: presence is not a keystroke channel. */
const AT_MOST_EVERY_MS = 5000

/**
 * Tells the others at the table (and the moderator wall) how many of this person's changes wait
 * for the server, as the `waiting` field of their presence. When someone's presence vanishes
 * with changes waiting, the wall can say they went offline with unsaved work.
 */
export function publishWaiting(provider: WebsocketProvider, tracker: SaveTracker): () => void {
  let published = -1
  let timer: ReturnType<typeof setTimeout> | null = null
  const publish = () => {
    timer = null
    const waiting = tracker.current.savedOnServer ? 0 : tracker.current.pendingChanges
    if (waiting === published) return
    published = waiting
    provider.awareness.setLocalStateField('waiting', waiting)
  }
  const unsubscribe = tracker.subscribe(() => {
    timer ??= setTimeout(publish, published === -1 ? 0 : AT_MOST_EVERY_MS)
  })
  return () => {
    unsubscribe()
    if (timer) clearTimeout(timer)
  }
}
