import * as Y from 'yjs'
import { ProtocolError } from './messages.js'

/**
 * - `ready`: every item the update builds on is already known; it can be applied now.
 * - `waiting`: it builds on items the document lacks. Honest clients send such updates briefly
 *   around a reconnect (an edit typed before the sync answer that carries its history), so the
 *   caller holds it until the missing items arrive instead of letting Yjs keep it as pending
 *   state, which would be stored, relayed to everyone and never resolved if it was garbage.
 */
export type UpdateReadiness = 'ready' | 'waiting'

type Id = { client: number; clock: number }

/**
 * A state vector to read: a decoded one (a Map) or a lookup into a live document's struct store
 * (`Y.getState`), which spares encoding and decoding a state vector per update.
 */
export interface KnownState {
  get(client: number): number | undefined
}

/**
 * Decodes a Yjs update completely, without a document, and checks that everything it refers to
 * is either in `known` (a state vector) or in the update itself. Throws a ProtocolError for bytes
 * that do not decode: Yjs itself would apply the structs of a truncated update before failing on
 * its delete set, so decoding first is what keeps a bad frame from touching the document.
 */
export function checkUpdate(update: Uint8Array, known: KnownState): UpdateReadiness {
  return updateReadiness(decodeClientUpdate(update), known)
}

/** Decodes a client's update completely; throws a ProtocolError for bytes that do not decode. */
export function decodeClientUpdate(update: Uint8Array): ReturnType<typeof Y.decodeUpdate> {
  try {
    return Y.decodeUpdate(update)
  } catch {
    throw new ProtocolError('update does not decode')
  }
}

/** Whether a decoded update builds only on `known` (a state vector) and on itself. */
export function updateReadiness(
  decoded: ReturnType<typeof Y.decodeUpdate>,
  known: KnownState,
): UpdateReadiness {
  const covered = new Map<number, Array<[start: number, end: number]>>()
  for (const struct of decoded.structs) {
    if (struct instanceof Y.Skip) continue
    const { client, clock } = struct.id
    const runs = covered.get(client) ?? []
    runs.push([clock, clock + struct.length])
    covered.set(client, runs)
  }
  const isKnown = ({ client, clock }: Id) =>
    clock < (known.get(client) ?? 0) ||
    (covered.get(client)?.some(([start, end]) => clock >= start && clock < end) ?? false)

  for (const [client, runs] of covered) {
    // Yjs lists each client's structs in clock order; the first must continue what is known.
    const first = runs[0]
    if (first && first[0] > (known.get(client) ?? 0)) return 'waiting'
  }
  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item)) continue
    const refs = [struct.origin, struct.rightOrigin, struct.parent]
    for (const ref of refs) {
      if (ref instanceof Y.ID && !isKnown(ref)) return 'waiting'
    }
  }
  for (const [client, ranges] of decoded.ds.clients) {
    for (const { clock, len } of ranges) {
      if (!isKnown({ client, clock }) || !isKnown({ client, clock: clock + len - 1 }))
        return 'waiting'
    }
  }
  return 'ready'
}
