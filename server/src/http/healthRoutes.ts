import type { FastifyInstance } from 'fastify'
import type { Fanout } from '../fanout/Fanout.js'
import type { Metrics } from '../metrics/Metrics.js'
import type { RoomRegistry } from '../rooms/RoomRegistry.js'
import type { Store } from '../storage/DocStore.js'

interface HealthOptions {
  store: Store
  registry: RoomRegistry
  metrics: Metrics
  /** Whether the process is shutting down. */
  lifecycle: { stopping: boolean }
  fanout: Fanout
  openSockets: () => number
}

/**
 * `/healthz`: the process is up and its storage answers. `/readyz`: it should get new
 * connections (not while it drains for shutdown). `/metrics`: Prometheus text.
 */
export async function healthRoutes(
  app: FastifyInstance,
  { store, registry, metrics, lifecycle, fanout, openSockets }: HealthOptions,
): Promise<void> {
  const storageAnswers = async () => {
    await store.listSessions()
  }
  app.get('/healthz', async (_request, reply) => {
    try {
      await storageAnswers()
      const fanoutStatus = fanout.status()
      return {
        // Cut off from the other instances, this one still serves its own clients fully.
        status: fanoutStatus.connected ? 'ok' : 'degraded',
        storage: store.description,
        fanout: fanoutStatus,
        loadedRooms: registry.loadedRooms,
      }
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
        tablenotes_fanout_connected: {
          help: 'Whether this instance hears the others (always 1 for a single instance).',
          value: fanout.status().connected ? 1 : 0,
        },
        tablenotes_fanout_catch_ups: {
          help: 'Times this instance read its rooms back from storage after a fan-out gap.',
          value: fanout.status().catchUps,
        },
      }),
    ),
  )
}
