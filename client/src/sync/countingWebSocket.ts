import { MessageType, SyncType } from '@tablenotes/shared'

/**
 * The browser's WebSocket, counting the sync step 2 and update messages it sends. The server's
 * `stored` message reports how many of those it has stored (PROTOCOL.md P5); comparing the two
 * is how the page knows a deletion reached the server's disk, which a state vector cannot show.
 */
export class CountingWebSocket extends WebSocket {
  sentUpdates = 0

  override send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
    if (isUpdateMessage(data)) this.sentUpdates++
    super.send(data)
  }
}

function isUpdateMessage(data: unknown): boolean {
  const bytes =
    data instanceof Uint8Array ? data : data instanceof ArrayBuffer ? new Uint8Array(data) : null
  return (
    bytes !== null &&
    bytes[0] === MessageType.sync &&
    (bytes[1] === SyncType.step2 || bytes[1] === SyncType.update)
  )
}
