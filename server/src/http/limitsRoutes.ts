import type { FastifyInstance } from 'fastify'

/** What a client must know of the server's limits to never send a frame it refuses. */
export interface ServerLimits {
  /** The largest frame a client may send, in bytes (`MAX_MESSAGE_BYTES`); larger closes with 4413. */
  maxMessageBytes: number
}

/**
 * `GET /api/limits`: the server's limits, public like `/healthz` (they are no secret and a page
 * needs them before it has a working link). The table page refuses a paste larger than
 * `maxMessageBytes` before it enters the document, and splits anything larger it must send
 * (a reconnection's sync answer) into several update messages.
 */
export async function limitsRoutes(app: FastifyInstance, limits: ServerLimits): Promise<void> {
  app.get(
    '/limits',
    async (): Promise<ServerLimits> => ({
      maxMessageBytes: limits.maxMessageBytes,
    }),
  )
}
