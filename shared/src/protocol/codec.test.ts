import * as decoding from 'lib0/decoding'
import { describe, expect, it } from 'vitest'
import {
  decodeAwarenessUpdate,
  encodeAwarenessUpdate,
  MAX_AWARENESS_STATE_BYTES,
} from './awarenessCodec.js'
import {
  decodeClientMessage,
  encodeAwarenessMessage,
  encodeStoredMessage,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
  heartbeatMessage,
  readStoredMessage,
} from './codec.js'
import { MessageTooLargeError, MessageType, ProtocolError } from './messages.js'

const payload = Uint8Array.of(1, 2, 3)

describe('decodeClientMessage', () => {
  it.each([
    ['sync step 1', encodeSyncStep1(payload), { type: 'syncStep1', stateVector: payload }],
    ['sync step 2', encodeSyncStep2(payload), { type: 'syncStep2', update: payload }],
    ['sync update', encodeSyncUpdate(payload), { type: 'syncUpdate', update: payload }],
    ['awareness', encodeAwarenessMessage(payload), { type: 'awareness', update: payload }],
    ['query awareness', Uint8Array.of(MessageType.queryAwareness), { type: 'queryAwareness' }],
  ])('round-trips %s', (_name, bytes, expected) => {
    expect(decodeClientMessage(bytes)).toEqual(expected)
  })

  it.each([
    ['an empty frame', Uint8Array.of()],
    ['an unknown message type', Uint8Array.of(7, 0)],
    [
      'the server-only stored type',
      encodeStoredMessage({ storedMessages: 1, stateVector: payload }),
    ],
    ['an unknown sync type', Uint8Array.of(0, 9, 0)],
    ['a truncated varint', Uint8Array.of(0x80)],
    ['a payload longer than the frame', Uint8Array.of(0, 2, 200, 1)],
    ['a huge length', Uint8Array.of(0, 0, 0xff, 0xff, 0xff, 0xff, 0x0f)],
    ['trailing bytes', Uint8Array.of(...encodeSyncUpdate(payload), 0)],
  ])('rejects %s with a ProtocolError', (_name, bytes) => {
    expect(() => decodeClientMessage(bytes)).toThrow(ProtocolError)
  })
})

describe('server messages', () => {
  it('encodes the stored message as type, count and state vector', () => {
    const decoder = decoding.createDecoder(
      encodeStoredMessage({ storedMessages: 300, stateVector: payload }),
    )
    expect(decoding.readVarUint(decoder)).toBe(MessageType.stored)
    expect(readStoredMessage(decoder)).toEqual({ storedMessages: 300, stateVector: payload })
  })

  it('sends an empty awareness update as heartbeat', () => {
    const message = decodeClientMessage(heartbeatMessage)
    expect(message.type).toBe('awareness')
    expect(message.type === 'awareness' && decodeAwarenessUpdate(message.update)).toEqual([])
  })
})

describe('awareness codec', () => {
  it('round-trips entries', () => {
    const entries = [
      { clientId: 42, clock: 3, stateJson: '{"user":{"name":"Amina"}}' },
      { clientId: 7, clock: 9, stateJson: 'null' },
    ]
    expect(decodeAwarenessUpdate(encodeAwarenessUpdate(entries))).toEqual(entries)
  })

  it.each([
    ['truncated', Uint8Array.of(1, 42)],
    ['bad JSON', encodeAwarenessUpdate([{ clientId: 1, clock: 1, stateJson: '{' }])],
    ['trailing bytes', Uint8Array.of(0, 0)],
  ])('rejects a %s update', (_name, bytes) => {
    expect(() => decodeAwarenessUpdate(bytes)).toThrow(ProtocolError)
  })

  it('refuses a state over the size limit before decoding it, and takes one at the limit', () => {
    const state = (length: number) => JSON.stringify({ pad: 'x'.repeat(length - 10) })
    const atLimit = encodeAwarenessUpdate([
      { clientId: 1, clock: 1, stateJson: state(MAX_AWARENESS_STATE_BYTES) },
    ])
    expect(decodeAwarenessUpdate(atLimit, MAX_AWARENESS_STATE_BYTES)).toHaveLength(1)
    const over = encodeAwarenessUpdate([
      { clientId: 1, clock: 1, stateJson: '{}' },
      { clientId: 2, clock: 1, stateJson: state(MAX_AWARENESS_STATE_BYTES + 1) },
    ])
    expect(() => decodeAwarenessUpdate(over, MAX_AWARENESS_STATE_BYTES)).toThrow(
      MessageTooLargeError,
    )
  })

  it('counts a state in bytes, not characters', () => {
    const arabic = encodeAwarenessUpdate([
      { clientId: 1, clock: 1, stateJson: JSON.stringify({ name: 'ع'.repeat(40) }) },
    ])
    expect(() => decodeAwarenessUpdate(arabic, 80)).toThrow(MessageTooLargeError)
    expect(decodeAwarenessUpdate(arabic, 100)).toHaveLength(1)
  })
})
