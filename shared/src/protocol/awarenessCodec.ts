import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { MessageTooLargeError, ProtocolError } from './messages.js'

/** One client's entry in an awareness update; `state` is null when the client left. */
export interface AwarenessEntry {
  clientId: number
  clock: number
  /** The state as the client serialized it (JSON text), passed through untouched. */
  stateJson: string
}

/**
 * Largest awareness state one client may publish, in bytes of its JSON text (PROTOCOL.md P7).
 * A person's name, colour and cursor take a few hundred bytes; the cap keeps one connection
 * from making the server relay megabytes to everyone at the table several times a second.
 */
export const MAX_AWARENESS_STATE_BYTES = 64 * 1024

/** The same decoder lib0's readVarString uses: invalid UTF-8 is an error, not a replacement. */
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/**
 * Decodes an awareness update (y-protocols/awareness layout) without applying it anywhere.
 * Throws a MessageTooLargeError when a state's JSON text is over `maxStateBytes` (checked before
 * it is decoded), and a ProtocolError for anything malformed.
 */
export function decodeAwarenessUpdate(
  update: Uint8Array,
  maxStateBytes = Number.POSITIVE_INFINITY,
): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update)
  try {
    const count = decoding.readVarUint(decoder)
    const entries: AwarenessEntry[] = []
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder)
      const clock = decoding.readVarUint(decoder)
      const stateBytes = decoding.readVarUint8Array(decoder)
      if (stateBytes.byteLength > maxStateBytes) {
        throw new MessageTooLargeError(
          `awareness state of ${stateBytes.byteLength} bytes is over the limit of ${maxStateBytes}`,
        )
      }
      const stateJson = utf8.decode(stateBytes)
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
