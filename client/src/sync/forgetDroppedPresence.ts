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

/**
 * Makes the others see this page again as soon as it reconnects. While it was away, the server
 * told them it left, with its presence's clock one ahead (AwarenessRelay.remove); the state
 * y-websocket sends on reconnection carries the old clock, which their pages ignore, so they
 * listed it as gone (and said so) until its second renewal, up to 30 s later. Setting the
 * local state twice on reconnection puts its clock past the server's removal. Returns the
 * function that stops it.
 */
export function reannounceOnReconnect(provider: WebsocketProvider): () => void {
  const { awareness } = provider
  const reannounce = ({ status }: { status: string }) => {
    const state = awareness.getLocalState()
    if (status !== 'connected' || state === null) return
    awareness.setLocalState(state)
    awareness.setLocalState(state)
  }
  provider.on('status', reannounce)
  return () => provider.off('status', reannounce)
}
