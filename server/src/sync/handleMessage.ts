import {
  CloseCode,
  decodeClientMessage,
  MessageTooLargeError,
  ProtocolError,
} from '@tablenotes/shared'
import { HeldBudgetSpentError, type Peer, type Room } from '../rooms/Room.js'

/** A message that ends its connection: the socket adapter closes with `code` and logs `reason`. */
export class ConnectionRefusal extends Error {
  override readonly name = 'ConnectionRefusal'
  constructor(
    readonly code: number,
    readonly reason: string,
  ) {
    super(reason)
  }
}

/**
 * Handles one binary frame from `peer`. Throws a ConnectionRefusal for anything that must close
 * the connection; the room is left as it was before the frame.
 */
export function handleMessage(room: Room, peer: Peer, bytes: Uint8Array): void {
  const message = refuseOnProtocolError(CloseCode.malformedMessage, () =>
    decodeClientMessage(bytes),
  )
  switch (message.type) {
    case 'syncStep1':
      refuseOnProtocolError(CloseCode.malformedMessage, () =>
        room.answerSyncStep1(peer, message.stateVector),
      )
      return
    case 'syncStep2':
    case 'syncUpdate':
      // A read-only connection's changes are never applied, stored or relayed. Dropping them
      // quietly, rather than closing, keeps a viewer whose page held stale edits reading along.
      if (!peer.writable) return
      refuseOnProtocolError(CloseCode.invalidUpdate, () => room.receiveUpdate(peer, message.update))
      return
    case 'awareness':
      // An awareness state over MAX_AWARENESS_STATE_BYTES closes with CloseCode.messageTooLarge (PROTOCOL.md P7).
      refuseOnProtocolError(CloseCode.malformedMessage, () =>
        room.receiveAwareness(peer, message.update),
      )
      return
    case 'queryAwareness':
      room.sendAwareness(peer)
      return
  }
}

/**
 * Runs `run`, turning a ProtocolError into a refusal with `code` (CloseCode.messageTooLarge for
 * one too large), and a spent HeldBudget into CloseCode.tryAgainLater.
 */
function refuseOnProtocolError<T>(code: number, run: () => T): T {
  try {
    return run()
  } catch (error) {
    if (error instanceof MessageTooLargeError) {
      throw new ConnectionRefusal(CloseCode.messageTooLarge, error.message)
    }
    if (error instanceof HeldBudgetSpentError) {
      throw new ConnectionRefusal(CloseCode.tryAgainLater, error.message)
    }
    if (error instanceof ProtocolError) throw new ConnectionRefusal(code, error.message)
    throw error
  }
}
