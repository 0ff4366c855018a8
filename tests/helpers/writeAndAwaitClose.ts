import type * as Y from 'yjs'
import type { TestClient } from './clients.js'

/**
 * Makes `write` on a stock client's document in one transaction, as a script would, and resolves
 * with the code the server then closes the client's connection with (0 for a close without one).
 * For writes the server refuses (PROTOCOL.md P13: 4422); after a write it accepts, the promise
 * stays pending until something else closes the connection.
 */
export function writeAndAwaitClose(
  client: TestClient,
  write: (doc: Y.Doc) => void,
): Promise<number> {
  const closed = new Promise<number>((resolve) =>
    client.provider.on('connection-close', (event: { code: number } | null) =>
      resolve(event?.code ?? 0),
    ),
  )
  client.doc.transact(() => write(client.doc))
  return closed
}
