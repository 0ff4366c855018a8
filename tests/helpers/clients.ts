import {
  MessageType,
  readAccessMessage,
  readStoredMessage,
  type StoredState,
} from '@tablenotes/shared'
import * as decoding from 'lib0/decoding'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { writerToken } from './tokens.js'

export interface TestClient {
  doc: Y.Doc
  provider: WebsocketProvider
  /** Every `stored` message received, in order (only when created with `stored: true`). */
  stored: StoredState[]
  /** Whether the server said this connection may write, once per connection (`stored: true`). */
  access: boolean[]
  destroy(): void
}

/**
 * A stock y-websocket client in Node. With `stored: true` it also asks for and records the
 * server's `stored` messages, as our browser client does. Its token may write the room unless
 * another is given.
 */
export function connectClient(
  collabUrl: string,
  room: string,
  options: { stored?: boolean; connect?: boolean; doc?: Y.Doc; token?: string } = {},
): TestClient {
  const doc = options.doc ?? new Y.Doc()
  const token = options.token ?? writerToken(room)
  const provider = new WebsocketProvider(collabUrl, room, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: options.stored ? { stored: '1', token } : { token },
    connect: options.connect ?? true,
    disableBc: true,
  })
  const stored: StoredState[] = []
  const access: boolean[] = []
  if (options.stored) {
    provider.messageHandlers[MessageType.stored] = (_encoder, decoder: decoding.Decoder) => {
      stored.push(readStoredMessage(decoder))
    }
    provider.messageHandlers[MessageType.access] = (_encoder, decoder: decoding.Decoder) => {
      access.push(readAccessMessage(decoder))
    }
  }
  return {
    doc,
    provider,
    stored,
    access,
    destroy() {
      provider.destroy()
      doc.destroy()
    },
  }
}

/** Polls `check` until it returns true; fails with `what` after `timeoutMs`. */
export async function waitFor(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

/**
 * A barrier for proving that something `client` sent had no effect, instead of waiting a fixed
 * time: the server handles one socket's frames in order, so once `observer` (in the same room)
 * sees the presence `mark` that `client` sets now, the server has handled every frame `client`
 * sent before it. What it refused by then stays refused.
 */
export async function presenceBarrier(
  client: TestClient,
  observer: TestClient,
  mark: string,
): Promise<void> {
  client.provider.awareness.setLocalStateField('barrier', mark)
  const id = client.doc.clientID
  await waitFor(
    `presence ${mark} to reach the observer`,
    () => observer.provider.awareness.getStates().get(id)?.barrier === mark,
  )
}

export const waitForSync = (client: TestClient) =>
  waitFor('the client to sync', () => client.provider.synced)

/** Whether the server's stored state vector covers everything in the client's document. */
export function isStoredOnServer(client: TestClient): boolean {
  const last = client.stored.at(-1)
  if (!last) return false
  const stored = Y.decodeStateVector(last.stateVector)
  for (const [clientId, clock] of Y.decodeStateVector(Y.encodeStateVector(client.doc))) {
    if ((stored.get(clientId) ?? 0) < clock) return false
  }
  return true
}

/** A raw socket for protocol-level tests: records every frame and the close code. */
export interface RawSocket {
  socket: WebSocket
  frames: Uint8Array[]
  closed: Promise<{ code: number; reason: string }>
  opened: Promise<void>
}

export function openRawSocket(url: string): RawSocket {
  const socket = new WebSocket(url)
  const frames: Uint8Array[] = []
  socket.on('message', (data: Buffer) => frames.push(new Uint8Array(data)))
  socket.on('error', () => undefined)
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() }))
  })
  const opened = new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve())
    socket.once('close', () => reject(new Error('socket closed before opening')))
  })
  opened.catch(() => undefined)
  return { socket, frames, closed, opened }
}

/** The type (first varuint) of each recorded frame. */
export function frameTypes(frames: Uint8Array[]): number[] {
  return frames.map((frame) => decoding.readVarUint(decoding.createDecoder(frame)))
}
