import { CloseCode, isPermanentClose, MessageType, readAccessMessage } from '@tablenotes/shared'
import { clearDocument } from 'y-indexeddb'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { claimsFor, expectsToWrite, tokenFor } from '../auth/links.js'
import { DeviceCopy } from '../offline/deviceCopy.js'
import { DeviceJournal } from '../offline/deviceJournal.js'
import { UnsentRecord } from '../offline/unsentRecord.js'
import { CountingWebSocket } from './countingWebSocket.js'
import { forgetDroppedPresence } from './forgetDroppedPresence.js'
import { publishWaiting } from './publishWaiting.js'
import { SaveTracker } from './saveTracker.js'
import { FROM_OTHER_TAB, syncWithServer } from './serverSync.js'

/** One room as the page holds it: the document, kept on this device and synced with the server. */
export interface RoomConnection {
  doc: Y.Doc
  provider: WebsocketProvider
  tracker: SaveTracker
  /** Resolves once the device's copy is loaded into `doc`. */
  loadedLocally: Promise<void>
  /**
   * Closes the room and deletes this device's copy of it (IndexedDB, the journal, the record of
   * unsent changes), so that the page opens it again from the server's copy alone: the way out
   * when the server refuses a change the copy holds (4422), which every reconnection sends again.
   */
  forgetDeviceCopy(): Promise<void>
  destroy(): void
}

/** The relay's base URL on this page's origin, as the stock provider takes it. */
export function collabUrl(): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/collab`
}

/**
 * Opens `<sessionId>/<roomId>`: a Y.Doc loaded from the device (the journal, then IndexedDB) and
 * synced with the server by the stock y-websocket provider (`?stored=1`), whose sending
 * `syncWithServer` takes over. The tracker hears every change and every word of the server.
 */
export function openRoom(sessionId: string, roomId: string): RoomConnection {
  const room = `${sessionId}/${roomId}`
  const doc = new Y.Doc()
  const journal = new DeviceJournal(room, localStorage)
  replayJournal(doc, journal)
  const record = new UnsentRecord(room, localStorage)
  let provider: WebsocketProvider | null = null
  const tracker = new SaveTracker(doc, {
    record,
    writable: expectsToWrite(sessionId, roomId),
    sentMessages: () => (provider?.ws instanceof CountingWebSocket ? provider.ws.sentUpdates : 0),
  })

  // First of all the document's listeners, so that nothing that fails after it can lose a change.
  const isLocal = (origin: unknown) =>
    origin !== provider && origin !== FROM_OTHER_TAB && !local.isOrigin(origin)
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (isLocal(origin)) journal.record(update)
  })
  const local: DeviceCopy = new DeviceCopy(`tablenotes:${room}`, doc, {
    rewriting: () => tracker.rewritingLocally(),
    rewritten: () => onWrittenLocally(journal.latest)(),
  })
  const token = tokenFor(sessionId)
  provider = new WebsocketProvider(collabUrl(), room, doc, {
    params: { stored: '1', ...(token ? { token } : {}) },
    WebSocketPolyfill: CountingWebSocket,
  })
  const connected = provider
  const stopSyncing = syncWithServer(connected, tracker)
  const stopForgetting = forgetDroppedPresence(connected)
  const onWrittenLocally = (sequence: number) => () => {
    tracker.savedLocally()
    journal.confirm(sequence)
  }
  // Last, so that what was sent for this change is counted before the status is derived.
  doc.on(
    'update',
    (_update: Uint8Array, origin: unknown, _doc: Y.Doc, transaction: Y.Transaction) => {
      if (origin === connected) return tracker.refresh()
      if (!isLocal(origin)) return tracker.documentChanged(false)
      tracker.documentChanged(true, transaction.deleteSet.clients.size > 0)
      local.confirmWrite(onWrittenLocally(journal.latest))
    },
  )

  connected.messageHandlers[MessageType.access] = (_encoder, decoder) => {
    tracker.access(readAccessMessage(decoder))
  }
  // The provider reported its first "connecting" before anyone listened.
  if (!connected.wsconnected) tracker.connection(navigator.onLine ? 'connecting' : 'offline')
  connected.on('status', ({ status }) => {
    if (status === 'connected') tracker.connection('connected')
    // The provider reports "disconnected" right after a refusal; the refusal is what to show,
    // since the stock client does not retry after one.
    else if (tracker.current.connection !== 'refused') {
      tracker.connection(navigator.onLine ? 'connecting' : 'offline')
    }
  })
  const expires = claimsFor(sessionId)?.expires
  connected.on('connection-close', (event) => {
    if (!event || !isPermanentClose(event.code)) return
    // The server's clock may pass the expiry a little before the page's: say it expired.
    if (event.code === CloseCode.unauthenticated && isPast(expires, CLOCK_SKEW_MS)) {
      tracker.linkExpired()
    }
    tracker.connection('refused', event.code)
  })
  // A dropped network rarely closes the socket itself; without this the page would go on saying
  // "connected" until y-websocket's 30 s watchdog gives up on it.
  const onNetworkChange = () => {
    if (!navigator.onLine) connected.ws?.close()
    if (!connected.wsconnected && tracker.current.connection !== 'refused') {
      tracker.connection(navigator.onLine ? 'connecting' : 'offline')
    }
  }
  window.addEventListener('online', onNetworkChange)
  window.addEventListener('offline', onNetworkChange)
  const stopExpiry = watchExpiry(expires, () => tracker.linkExpired())

  const stopPublishing = publishWaiting(connected, tracker)
  const loadedLocally = local.loaded.then(() => {
    const missing = record.missingFrom(Y.decodeStateVector(Y.encodeStateVector(doc)))
    if (missing) tracker.deviceCopyMissing(missing.clocks, missing.since)
    tracker.documentChanged(false)
    local.confirmWrite(onWrittenLocally(journal.latest))
  })
  let destroyed = false
  return {
    doc,
    provider: connected,
    tracker,
    loadedLocally,
    async forgetDeviceCopy() {
      this.destroy()
      await clearDocument(`tablenotes:${room}`)
      DeviceJournal.forget(room, localStorage)
      record.clear()
    },
    destroy() {
      if (destroyed) return
      destroyed = true
      stopPublishing()
      stopForgetting()
      stopExpiry()
      stopSyncing()
      window.removeEventListener('online', onNetworkChange)
      window.removeEventListener('offline', onNetworkChange)
      connected.destroy()
      local.destroy()
      doc.destroy()
    },
  }
}

/** How far the server's clock may run ahead of the page's, for telling an expiry apart. */
const CLOCK_SKEW_MS = 60_000

/** Whether `expires` (epoch seconds) is past, or within `marginMs` of now. */
function isPast(expires: number | undefined, marginMs: number): boolean {
  return expires !== undefined && expires * 1000 <= Date.now() + marginMs
}

/** setTimeout's largest delay (about 24.8 days); a later expiry is waited for in steps. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1

/**
 * Calls `onExpired` when the page's clock reaches `expires` (epoch seconds, the token's `x`), at
 * once if it has passed: the server refuses the link from then on (4401), and what is typed
 * after could never be stored. Returns a function that stops waiting.
 */
export function watchExpiry(expires: number | undefined, onExpired: () => void): () => void {
  if (expires === undefined) return () => undefined
  let timer: ReturnType<typeof setTimeout> | undefined
  const check = () => {
    const left = expires * 1000 - Date.now()
    if (left <= 0) onExpired()
    else timer = setTimeout(check, Math.min(left, MAX_TIMEOUT_MS))
  }
  check()
  return () => clearTimeout(timer)
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
