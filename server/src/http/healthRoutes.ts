import type { FastifyInstance } from 'fastify'
import type { RoomRegistry } from '../rooms/RoomRegistry.js'
import type { Store } from '../storage/DocStore.js'

/** `/healthz`: the process is up and its storage answers. */
export async function healthRoutes(
  app: FastifyInstance,
  { store, registry }: { store: Store; registry: RoomRegistry },
): Promise<void> {
  app.get('/healthz', async (_request, reply) => {
    try {
      await store.listSessions()
      return { status: 'ok', storage: store.description, loadedRooms: registry.loadedRooms }
    } catch (error) {
      return reply.code(503).send({ status: 'unavailable', error: (error as Error).message })
    }
  })
}
