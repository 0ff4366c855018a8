import { isPermanentClose, MessageType, readStoredMessage } from '@tablenotes/shared'
import { IndexeddbPersistence } from 'y-indexeddb'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { CountingWebSocket } from './countingWebSocket.js'
import { SaveTracker } from './saveTracker.js'

/** One room as the page holds it: the document, kept on this device and synced with the server. */
export interface RoomConnection {
  doc: Y.Doc
  provider: WebsocketProvider
  tracker: SaveTracker
  /** Resolves once the device's copy is loaded into `doc`. */
  loadedLocally: Promise<void>
  destroy(): void
}

function collabUrl(): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/collab`
}

/** localStorage keeps the count of waiting changes, so a reload offline still shows it. */
function pendingStore(room: string) {
  const key = `tablenotes:pending:${room}`
  return {
    read: () => Number(localStorage.getItem(key) ?? '0') || 0,
    write: (count: number) => localStorage.setItem(key, String(count)),
  }
}

export function openRoom(sessionId: string, roomId: string): RoomConnection {
  const room = `${sessionId}/${roomId}`
  const doc = new Y.Doc()
  const local = new IndexeddbPersistence(`tablenotes:${room}`, doc)
  const provider = new WebsocketProvider(collabUrl(), room, doc, {
    params: { stored: '1' },
    WebSocketPolyfill: CountingWebSocket,
  })
  const tracker = new SaveTracker(doc, pendingStore(room))

  provider.messageHandlers[MessageType.stored] = (_encoder, decoder) => {
    const socket = provider.ws
    if (socket instanceof CountingWebSocket)
      tracker.stored(readStoredMessage(decoder), socket.sentUpdates)
  }
  provider.on('status', ({ status }) => {
    if (status === 'connected') tracker.connection('connected')
    else tracker.connection(navigator.onLine ? 'connecting' : 'offline')
  })
  provider.on('connection-close', (event) => {
    if (event && isPermanentClose(event.code)) tracker.connection('refused', event.code)
  })
  // A dropped network rarely closes the socket itself; without this the page would go on saying
  // "connected" until y-websocket's 30 s watchdog gives up on it.
  const onNetworkChange = () => {
    if (!navigator.onLine) provider.ws?.close()
    if (!provider.wsconnected && tracker.current.connection !== 'refused') {
      tracker.connection(navigator.onLine ? 'connecting' : 'offline')
    }
  }
  window.addEventListener('online', onNetworkChange)
  window.addEventListener('offline', onNetworkChange)

  doc.on('update', (_update: Uint8Array, origin: unknown) => {
    if (origin === provider || origin === local) return
    tracker.localChange()
    confirmLocalWrite(local, tracker)
  })

  const loadedLocally = local.whenSynced.then(() => confirmLocalWrite(local, tracker))
  return {
    doc,
    provider,
    tracker,
    loadedLocally,
    destroy() {
      window.removeEventListener('online', onNetworkChange)
      window.removeEventListener('offline', onNetworkChange)
      provider.destroy()
      void local.destroy()
      doc.destroy()
    },
  }
}

/**
 * y-indexeddb writes each update in its own transaction and exposes no promise for it. IndexedDB
 * runs transactions on the same store in the order they were created, so a read transaction
 * created now completes only after that write: then the change is on this device.
 */
function confirmLocalWrite(local: IndexeddbPersistence, tracker: SaveTracker): void {
  const db = local.db
  if (!db) return
  queueMicrotask(() => {
    const transaction = db.transaction('updates', 'readonly')
    transaction.oncomplete = () => tracker.savedLocally()
  })
}
