import type { WebsocketProvider } from 'y-websocket'
import type { SaveTracker } from './saveTracker.js'

/** How often the waiting flag may reach the others: presence is not a keystroke channel. */
const AT_MOST_EVERY_MS = 5000

/**
 * Tells the others at the table (and the moderator wall) whether this person has edits the
 * server has not confirmed, as the `waiting` field of their presence (1: some, 0: none). When
 * someone's presence vanishes with edits waiting, the wall can say they went offline with them.
 */
export function publishWaiting(provider: WebsocketProvider, tracker: SaveTracker): () => void {
  let published = -1
  let timer: ReturnType<typeof setTimeout> | null = null
  const publish = () => {
    timer = null
    const { savedOnServer, unsentSince } = tracker.current
    const waiting = savedOnServer || unsentSince === null ? 0 : 1
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
