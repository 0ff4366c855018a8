import type { WebsocketProvider } from 'y-websocket'

/**
 * Lets the presence of everyone at the table come back as soon as the page reconnects. When its
 * connection drops, y-websocket removes every other client's presence from the awareness, but
 * y-protocols keeps each one's clock (`awareness.meta`); the states the server sends again on
 * reconnection carry those same clocks, and `applyAwarenessUpdate` ignores a state whose clock
 * it has seen. People then stayed missing from the page until their next change of presence,
 * up to 15 s later (y-protocols renews an unchanged state every `outdatedTimeout / 2`).
 * Forgetting the clocks of the clients y-websocket removed makes the server's states apply.
 * (A removal the server relays, someone leaving, arrives while connected and is left alone.)
 * Returns the function that stops it.
 */
export function forgetDroppedPresence(provider: WebsocketProvider): () => void {
  const { awareness } = provider
  const forget = ({ removed }: { removed: number[] }, origin: unknown) => {
    if (!isOwnDisconnection(provider, origin)) return
    for (const clientId of removed) {
      if (clientId !== awareness.clientID) awareness.meta.delete(clientId)
    }
  }
  awareness.on('update', forget)
  return () => awareness.off('update', forget)
}

/**
 * Whether an awareness change is y-websocket dropping everyone else because this page's
 * connection closed (it clears `wsconnected` first), rather than news from the server, which
 * y-websocket applies with the same origin while connected.
 */
export function isOwnDisconnection(provider: WebsocketProvider, origin: unknown): boolean {
  return origin === provider && !provider.wsconnected
}
