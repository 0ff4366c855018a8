import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import {
  type ClientMessage,
  MessageType,
  ProtocolError,
  type StoredState,
  SyncType,
} from './messages.js'

/**
 * Decodes one client frame. The frame must hold exactly one message (trailing bytes are an
 * error), because the stock client sends one message per frame and anything else is garbage.
 */
export function decodeClientMessage(bytes: Uint8Array): ClientMessage {
  const decoder = decoding.createDecoder(bytes)
  const message = readClientMessage(decoder)
  if (decoding.hasContent(decoder)) throw new ProtocolError('trailing bytes after the message')
  return message
}

function readClientMessage(decoder: decoding.Decoder): ClientMessage {
  const type = readVarUint(decoder, 'message type')
  switch (type) {
    case MessageType.sync: {
      const syncType = readVarUint(decoder, 'sync type')
      const payload = readPayload(decoder)
      if (syncType === SyncType.step1) return { type: 'syncStep1', stateVector: payload }
      if (syncType === SyncType.step2) return { type: 'syncStep2', update: payload }
      if (syncType === SyncType.update) return { type: 'syncUpdate', update: payload }
      throw new ProtocolError(`unknown sync type ${syncType}`)
    }
    case MessageType.awareness:
      return { type: 'awareness', update: readPayload(decoder) }
    case MessageType.queryAwareness:
      return { type: 'queryAwareness' }
    default:
      throw new ProtocolError(`unknown message type ${type}`)
  }
}

function readVarUint(decoder: decoding.Decoder, what: string): number {
  try {
    return decoding.readVarUint(decoder)
  } catch {
    throw new ProtocolError(`truncated ${what}`)
  }
}

function readPayload(decoder: decoding.Decoder): Uint8Array {
  const length = readVarUint(decoder, 'payload length')
  const remaining = decoder.arr.length - decoder.pos
  if (length > remaining)
    throw new ProtocolError(`payload of ${length} bytes but ${remaining} left`)
  return decoding.readUint8Array(decoder, length)
}

function encodeWith(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder()
  write(encoder)
  return encoding.toUint8Array(encoder)
}

function encodeSync(syncType: number, payload: Uint8Array): Uint8Array {
  return encodeWith((encoder) => {
    encoding.writeVarUint(encoder, MessageType.sync)
    encoding.writeVarUint(encoder, syncType)
    encoding.writeVarUint8Array(encoder, payload)
  })
}

export const encodeSyncStep1 = (stateVector: Uint8Array) => encodeSync(SyncType.step1, stateVector)
export const encodeSyncStep2 = (update: Uint8Array) => encodeSync(SyncType.step2, update)
export const encodeSyncUpdate = (update: Uint8Array) => encodeSync(SyncType.update, update)

export function encodeAwarenessMessage(update: Uint8Array): Uint8Array {
  return encodeWith((encoder) => {
    encoding.writeVarUint(encoder, MessageType.awareness)
    encoding.writeVarUint8Array(encoder, update)
  })
}

/**
 * The heartbeat: an awareness update with no entries. Every client understands it, it changes
 * nothing, and it resets the stock client's 30 s "no message received" watchdog.
 */
export const heartbeatMessage: Uint8Array = encodeAwarenessMessage(Uint8Array.of(0))

export function encodeStoredMessage(state: StoredState): Uint8Array {
  return encodeWith((encoder) => {
    encoding.writeVarUint(encoder, MessageType.stored)
    encoding.writeVarUint(encoder, state.storedMessages)
    encoding.writeVarUint8Array(encoder, state.stateVector)
  })
}

/** Decodes the body of a `stored` message, after its type has been read. */
export function readStoredMessage(decoder: decoding.Decoder): StoredState {
  const storedMessages = readVarUint(decoder, 'stored message count')
  return { storedMessages, stateVector: readPayload(decoder) }
}

/** Tells one of our clients whether its connection may write (1) or only read (0). */
export function encodeAccessMessage(writable: boolean): Uint8Array {
  return encodeWith((encoder) => {
    encoding.writeVarUint(encoder, MessageType.access)
    encoding.writeVarUint(encoder, writable ? 1 : 0)
  })
}

/** Decodes the body of an `access` message: whether the connection may write. */
export function readAccessMessage(decoder: decoding.Decoder): boolean {
  return readVarUint(decoder, 'access flag') === 1
}
