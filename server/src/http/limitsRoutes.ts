import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { type ServerLimits, ServerLimitsSchema } from '@tablenotes/shared'
import type { FastifyInstance } from 'fastify'

export type { ServerLimits }

/**
 * `GET /api/limits`: the server's limits, public like `/healthz` (they are no secret and a page
 * needs them before it has a working link). The table page refuses a paste larger than
 * `maxMessageBytes` before it enters the document, and splits anything larger it must send
 * (a reconnection's sync answer) into several update messages.
 */
export async function limitsRoutes(parent: FastifyInstance, limits: ServerLimits): Promise<void> {
  parent
    .withTypeProvider<TypeBoxTypeProvider>()
    .get('/limits', { schema: { response: { 200: ServerLimitsSchema } } }, async () => ({
      maxMessageBytes: limits.maxMessageBytes,
    }))
}
