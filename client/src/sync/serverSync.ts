import {
  encodeSyncStep2,
  encodeSyncUpdate,
  MessageType,
  readStoredMessage,
  SyncType,
  splitUpdate,
} from '@tablenotes/shared'
import * as bc from 'lib0/broadcastchannel'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import type { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { CountingWebSocket } from './countingWebSocket.js'
import { applyKeepingOwnText } from './keepOwnText.js'
import type { SaveTracker } from './saveTracker.js'
import { maxUpdateBytes } from './serverLimits.js'

/**
 * The transaction origin of changes that came from another tab of this browser (y-websocket's
 * BroadcastChannel). The stock provider applies them with itself as origin, like the server's,
 * so it never sends them on: a tab that is offline could show its text in an online tab that
 * said "Saved on the server" while the server never got it.
 */
export const FROM_OTHER_TAB = Symbol('from another tab')

/**
 * Takes over how the stock provider sends the document to the server, keeping the y-websocket
 * protocol unchanged (PROTOCOL.md):
 * - nothing larger than the server's `MAX_MESSAGE_BYTES` is ever sent in one frame: a large
 *   sync step 2 (a reconnection after much offline work) or update is split (splitUpdate) into
 *   several messages of the same type, which the server applies one by one;
 * - changes from another tab that the server lacks are sent on by this tab, when it is online;
 * - `stored` and relayed updates are reported to the tracker; after a `stored` message that
 *   covers every message sent, anything in the document the server still lacks is sent;
 * - this person's words that another's change of the blocks removed or left behind are kept
 *   where they belong (keepOwnText.ts).
 * Returns a function that undoes nothing but stops listening (the provider is destroyed after).
 */
export function syncWithServer(provider: WebsocketProvider, tracker: SaveTracker): () => void {
  const doc = provider.doc
  /** What the server has, or was sent on the current connection: not worth sending again. */
  let sentOrKnown = new Map<number, number>()

  const socket = () => {
    const ws = provider.ws
    return provider.wsconnected && ws instanceof CountingWebSocket && ws.readyState === ws.OPEN
      ? ws
      : null
  }
  const send = (update: Uint8Array, type: typeof SyncType.step2 | typeof SyncType.update) => {
    const ws = socket()
    if (!ws) return
    for (const part of splitUpdate(update, maxUpdateBytes())) {
      ws.send(type === SyncType.step2 ? encodeSyncStep2(part) : encodeSyncUpdate(part))
    }
    mergeInto(sentOrKnown, Y.parseUpdateMeta(update).to)
  }
  /** The part of `update` the server neither has nor was sent; null if that is nothing. */
  const missingOnServer = (update: Uint8Array): Uint8Array | null => {
    const known = new Map(sentOrKnown)
    mergeInto(known, tracker.serverState)
    const missing = Y.diffUpdate(update, Y.encodeStateVector(known))
    const { structs, ds } = Y.decodeUpdate(missing)
    return structs.length > 0 || ds.clients.size > 0 ? missing : null
  }

  provider.messageHandlers[MessageType.sync] = (encoder, decoder, _provider, fromServer) => {
    const syncType = decoding.readVarUint(decoder)
    if (syncType === SyncType.step1) {
      const stateVector = decoding.readVarUint8Array(decoder)
      if (fromServer) {
        sentOrKnown = Y.decodeStateVector(stateVector)
        send(Y.encodeStateAsUpdate(doc, stateVector), SyncType.step2)
      } else {
        // Another tab asks; BroadcastChannel has no size limit, so answer as the stock client.
        encoding.writeVarUint(encoder, MessageType.sync)
        syncProtocol.writeSyncStep2(encoder, doc, stateVector)
      }
      return
    }
    const update = decoding.readVarUint8Array(decoder)
    if (fromServer) tracker.receivedFromServer(update)
    // Words of ours that someone's change of the blocks removed or left behind are kept.
    applyKeepingOwnText(doc, update, fromServer ? provider : FROM_OTHER_TAB)
    if (fromServer && syncType === SyncType.step2) provider.synced = true
  }

  provider.messageHandlers[MessageType.stored] = (_encoder, decoder) => {
    tracker.stored(readStoredMessage(decoder))
    // Every message sent is stored, yet the server lacks part of the document: it reached this
    // page by a way that sent nothing. Send the difference to what the server stored.
    if (socket() && tracker.everySentMessageStored() && !tracker.serverCovers()) {
      const stored = Y.encodeStateVector(new Map(tracker.serverState))
      send(Y.encodeStateAsUpdate(doc, stored), SyncType.update)
    }
  }

  const onUpdate = (update: Uint8Array, origin: unknown) => {
    if (origin === provider) return
    if (origin !== FROM_OTHER_TAB && provider.bcconnected) {
      bc.publish(provider.bcChannel, encodeSyncUpdate(update), provider)
    }
    // Offline, the next connection's sync step 2 carries everything.
    if (!socket()) return
    const toSend = origin === FROM_OTHER_TAB ? missingOnServer(update) : update
    if (toSend) send(toSend, SyncType.update)
  }
  doc.off('update', provider._updateHandler)
  provider._updateHandler = onUpdate
  doc.on('update', onUpdate)
  return () => doc.off('update', onUpdate)
}

function mergeInto(target: Map<number, number>, source: ReadonlyMap<number, number>): void {
  for (const [client, clock] of source) {
    if ((target.get(client) ?? 0) < clock) target.set(client, clock)
  }
}
