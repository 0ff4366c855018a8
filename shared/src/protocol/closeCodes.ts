/**
 * Close codes the server uses. Every refusal is in 4400–4499 because the stock y-websocket 3
 * client treats exactly that range as permanent and stops reconnecting; anything else makes it
 * retry, which is what we want after a restart, a shutdown or a connection that fell behind.
 * PROTOCOL.md documents each one.
 */
export const CloseCode = {
  /** A binary frame that is not one well-formed y-websocket message. */
  malformedMessage: 4400,
  /** No token, or a forged or expired one. */
  unauthenticated: 4401,
  /** A valid token that does not open this room. */
  forbidden: 4403,
  /** The link was revoked by an organizer: it will never open anything again. */
  revoked: 4410,
  /** The session or the room does not exist. */
  notFound: 4404,
  /** A frame larger than the server's limit. */
  messageTooLarge: 4413,
  /** A text frame: the protocol is binary only. */
  textFrame: 4415,
  /** A sync update that cannot be decoded or applied to the room's document. */
  invalidUpdate: 4422,
  /**
   * Too much: frames sent before the room finished loading, or failed attempts to authenticate
   * from one address within a minute.
   */
  tooMany: 4429,
  /** The server is stopping; the client should reconnect (to another instance). */
  serverRestart: 1012,
  /** The server could not load or store the room; the client should retry later. */
  serverError: 1011,
  /**
   * RFC 6455's "Try Again Later": the connection fell more than MAX_BUFFERED_BYTES behind in
   * reading what the server sends. Outside 4400–4499, so every client reconnects and resyncs.
   */
  tryAgainLater: 1013,
  /**
   * Never sent: a socket that did not answer the server's previous ping is dropped without a
   * close frame, which its client reports as 1006 (RFC 6455 §7.1.5). `/metrics` counts such
   * drops under this code.
   */
  noPingAnswer: 1006,
} as const

/** Whether a stock client stops reconnecting after this code. */
export function isPermanentClose(code: number): boolean {
  return code >= 4400 && code < 4500
}
