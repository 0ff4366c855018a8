import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import type { DocAddress } from './servers.js'

/** One stock client of a server with its own document: y-websocket's, or Hocuspocus's own. */
export interface BenchClient {
  doc: Y.Doc
  /** Resolves when the first sync with the server is done. */
  synced: Promise<void>
  destroy(): void
}

export function openBenchClient(address: DocAddress, doc = new Y.Doc()): BenchClient {
  if (address.kind === 'hocuspocus') {
    // One socket per client, as each y-websocket client has: no multiplexing in either.
    const websocket = new HocuspocusProviderWebsocket({
      url: address.url,
      WebSocketPolyfill: WebSocket,
    })
    let resolveSynced: () => void = () => undefined
    const synced = new Promise<void>((resolve) => {
      resolveSynced = resolve
    })
    const provider = new HocuspocusProvider({
      websocketProvider: websocket,
      name: address.room,
      document: doc,
      onSynced: () => resolveSynced(),
    })
    provider.attach()
    return {
      doc,
      synced,
      destroy() {
        provider.destroy()
        websocket.destroy()
      },
    }
  }
  const provider = new WebsocketProvider(address.url, address.room, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: address.token ? { token: address.token } : {},
    disableBc: true,
  })
  const synced = new Promise<void>((resolve) => {
    if (provider.synced) resolve()
    provider.on('sync', (isSynced: boolean) => {
      if (isSynced) resolve()
    })
  })
  return {
    doc,
    synced,
    destroy() {
      provider.destroy()
    },
  }
}
