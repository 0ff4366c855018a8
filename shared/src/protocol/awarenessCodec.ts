import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { ProtocolError } from './messages.js'

/** One client's entry in an awareness update; `state` is null when the client left. */
export interface AwarenessEntry {
  clientId: number
  clock: number
  /** The state as the client serialized it (JSON text), passed through untouched. */
  stateJson: string
}

/** Decodes an awareness update (y-protocols/awareness layout) without applying it anywhere. */
export function decodeAwarenessUpdate(update: Uint8Array): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update)
  try {
    const count = decoding.readVarUint(decoder)
    const entries: AwarenessEntry[] = []
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder)
      const clock = decoding.readVarUint(decoder)
      const stateJson = decoding.readVarString(decoder)
      JSON.parse(stateJson)
      entries.push({ clientId, clock, stateJson })
    }
    if (decoding.hasContent(decoder))
      throw new ProtocolError('trailing bytes after awareness update')
    return entries
  } catch (error) {
    if (error instanceof ProtocolError) throw error
    throw new ProtocolError('malformed awareness update')
  }
}

export function encodeAwarenessUpdate(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, entries.length)
  for (const { clientId, clock, stateJson } of entries) {
    encoding.writeVarUint(encoder, clientId)
    encoding.writeVarUint(encoder, clock)
    encoding.writeVarString(encoder, stateJson)
  }
  return encoding.toUint8Array(encoder)
}
