import type { FastifyInstance } from 'fastify'
import type { Metrics } from '../metrics/Metrics.js'
import type { RoomRegistry } from '../rooms/RoomRegistry.js'
import type { Store } from '../storage/DocStore.js'

interface HealthOptions {
  store: Store
  registry: RoomRegistry
  metrics: Metrics
  /** Whether the process is shutting down. */
  lifecycle: { stopping: boolean }
  openSockets: () => number
}

/**
 * `/healthz`: the process is up and its storage answers. `/readyz`: it should get new
 * connections (not while it drains for shutdown). `/metrics`: Prometheus text.
 */
export async function healthRoutes(
  app: FastifyInstance,
  { store, registry, metrics, lifecycle, openSockets }: HealthOptions,
): Promise<void> {
  const storageAnswers = async () => {
    await store.listSessions()
  }
  app.get('/healthz', async (_request, reply) => {
    try {
      await storageAnswers()
      return { status: 'ok', storage: store.description, loadedRooms: registry.loadedRooms }
    } catch (error) {
      return reply.code(503).send({ status: 'unavailable', error: (error as Error).message })
    }
  })

  app.get('/readyz', async (_request, reply) => {
    if (lifecycle.stopping) return reply.code(503).send({ status: 'stopping' })
    try {
      await storageAnswers()
      return { status: 'ready' }
    } catch (error) {
      return reply.code(503).send({ status: 'unavailable', error: (error as Error).message })
    }
  })

  app.get('/metrics', async (_request, reply) =>
    reply.header('content-type', 'text/plain; version=0.0.4').send(
      metrics.render({
        tablenotes_loaded_rooms: { help: 'Rooms in memory.', value: registry.loadedRooms },
        tablenotes_open_sockets: { help: 'Open websocket connections.', value: openSockets() },
      }),
    ),
  )
}
