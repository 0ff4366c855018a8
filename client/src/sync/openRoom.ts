import {
  isPermanentClose,
  MessageType,
  readAccessMessage,
  readStoredMessage,
} from '@tablenotes/shared'
import { IndexeddbPersistence } from 'y-indexeddb'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { expectsToWrite, tokenFor } from '../auth/links.js'
import { DeviceJournal } from '../offline/deviceJournal.js'
import { CountingWebSocket } from './countingWebSocket.js'
import { publishWaiting } from './publishWaiting.js'
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

/** The relay's base URL on this page's origin, as the stock provider takes it. */
export function collabUrl(): string {
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
  const journal = new DeviceJournal(room, localStorage)
  replayJournal(doc, journal)
  const local = new IndexeddbPersistence(`tablenotes:${room}`, doc)
  const token = tokenFor(sessionId)
  const provider = new WebsocketProvider(collabUrl(), room, doc, {
    params: { stored: '1', ...(token ? { token } : {}) },
    WebSocketPolyfill: CountingWebSocket,
  })
  const tracker = new SaveTracker(doc, pendingStore(room), expectsToWrite(sessionId, roomId))

  provider.messageHandlers[MessageType.stored] = (_encoder, decoder) => {
    const socket = provider.ws
    if (socket instanceof CountingWebSocket)
      tracker.stored(readStoredMessage(decoder), socket.sentUpdates)
  }
  provider.messageHandlers[MessageType.access] = (_encoder, decoder) => {
    tracker.access(readAccessMessage(decoder))
  }
  provider.on('status', ({ status }) => {
    if (status === 'connected') tracker.connection('connected')
    // The provider reports "disconnected" right after a refusal; the refusal is what to show,
    // since the stock client does not retry after one.
    else if (tracker.current.connection !== 'refused') {
      tracker.connection(navigator.onLine ? 'connecting' : 'offline')
    }
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

  const onWrittenLocally = (sequence: number) => () => {
    tracker.savedLocally()
    journal.confirm(sequence)
  }
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin === provider || origin === local) return
    journal.record(update)
    tracker.localChange()
    confirmLocalWrite(local, onWrittenLocally(journal.latest))
  })

  const stopPublishing = publishWaiting(provider, tracker)
  const loadedLocally = local.whenSynced.then(() =>
    confirmLocalWrite(local, onWrittenLocally(journal.latest)),
  )
  return {
    doc,
    provider,
    tracker,
    loadedLocally,
    destroy() {
      stopPublishing()
      window.removeEventListener('online', onNetworkChange)
      window.removeEventListener('offline', onNetworkChange)
      provider.destroy()
      void local.destroy()
      doc.destroy()
    },
  }
}

/**
 * Changes an earlier page recorded but IndexedDB may not have written. They go in before
 * IndexedDB opens, so its first write (the whole document) holds them. Applying a change twice
 * changes nothing, and one that cannot be read must not keep the page from opening.
 */
function replayJournal(doc: Y.Doc, journal: DeviceJournal): void {
  for (const update of journal.recovered) {
    try {
      Y.applyUpdate(doc, update, journal)
    } catch {
      // A damaged entry: the rest of the device's copy still opens.
    }
  }
}

/**
 * y-indexeddb writes each update in its own transaction and exposes no promise for it. IndexedDB
 * runs transactions on the same store in the order they were created, so a read transaction
 * created now completes only after that write: then the change is on this device.
 */
function confirmLocalWrite(local: IndexeddbPersistence, onWritten: () => void): void {
  const db = local.db
  if (!db) return
  queueMicrotask(() => {
    const transaction = db.transaction('updates', 'readonly')
    transaction.oncomplete = onWritten
  })
}
