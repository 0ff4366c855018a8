import type { FastifyInstance } from 'fastify'
import type { Fanout } from '../fanout/Fanout.js'
import type { Metrics } from '../metrics/Metrics.js'
import type { RoomRegistry } from '../rooms/RoomRegistry.js'
import type { Store } from '../storage/DocStore.js'
import type { StorageHealth } from '../storage/storageHealth.js'

interface HealthOptions {
  store: Store
  /** What the traffic met: failing writes, rooms that cannot load. */
  storageHealth: StorageHealth
  registry: RoomRegistry
  metrics: Metrics
  /** Whether the process is shutting down. */
  lifecycle: { stopping: boolean }
  fanout: Fanout
  openSockets: () => number
}

/**
 * `/healthz`: whether the process keeps what it is sent. 200 `"ok"`; 200 `"degraded"` while only
 * the link to the other instances (Redis) is down, since this instance still serves its own
 * clients fully; 503 `"degraded"` while storage writes fail or rooms cannot load (StorageHealth),
 * and 503 `"unavailable"` when storage does not answer at all. `problems` says why, one sentence
 * each. `/readyz`: it should get new connections (not while it drains for shutdown).
 * `/metrics`: Prometheus text.
 */
export async function healthRoutes(
  app: FastifyInstance,
  { store, storageHealth, registry, metrics, lifecycle, fanout, openSockets }: HealthOptions,
): Promise<void> {
  const storageAnswers = async () => {
    await store.listSessions()
  }
  app.get('/healthz', async (_request, reply) => {
    try {
      await storageAnswers()
    } catch (error) {
      return reply.code(503).send({
        status: 'unavailable',
        error: (error as Error).message,
        problems: [`storage does not answer: ${(error as Error).message}`],
      })
    }
    const fanoutStatus = fanout.status()
    const storageProblems = storageHealth.problems()
    const problems = [
      ...storageProblems,
      ...(fanoutStatus.connected
        ? []
        : [
            `cut off from the other instances (Redis) since ${new Date(fanoutStatus.lostSince ?? Date.now()).toISOString()}`,
          ]),
    ]
    return reply.code(storageProblems.length > 0 ? 503 : 200).send({
      status: problems.length > 0 ? 'degraded' : 'ok',
      problems,
      storage: store.description,
      fanout: fanoutStatus,
      loadedRooms: registry.loadedRooms,
    })
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
