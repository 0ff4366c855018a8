import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { Fanout } from '../fanout/Fanout.js'
import type { Metrics } from '../metrics/Metrics.js'
import type { RoomRegistry } from '../rooms/RoomRegistry.js'
import type { Store } from '../storage/DocStore.js'
import { publicErrorText, type StorageHealth } from '../storage/storageHealth.js'

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

/** `/healthz`'s answer; while storage does not answer only `status`, `error` and `problems`. */
const HealthSchema = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded'), Type.Literal('unavailable')]),
  problems: Type.Array(Type.String()),
  error: Type.Optional(Type.String()),
  storage: Type.Optional(Type.String({ description: 'sqlite, postgres or memory' })),
  fanout: Type.Optional(
    Type.Object({
      mode: Type.Union([Type.Literal('single'), Type.Literal('redis')]),
      connected: Type.Boolean(),
      lostSince: Type.Union([Type.Number(), Type.Null()]),
      catchUps: Type.Integer(),
    }),
  ),
  loadedRooms: Type.Optional(Type.Integer()),
})

/** `/readyz`'s answer. */
const ReadinessSchema = Type.Object({
  status: Type.Union([
    Type.Literal('ready'),
    Type.Literal('stopping'),
    Type.Literal('unavailable'),
  ]),
  error: Type.Optional(Type.String()),
})

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
  const health = { schema: { response: { 200: HealthSchema, 503: HealthSchema } } }
  app.get('/healthz', health, async (request, reply) => {
    try {
      await storageAnswers()
    } catch (error) {
      request.log.error({ err: error }, 'storage does not answer')
      const told = publicErrorText(error)
      return reply.code(503).send({
        status: 'unavailable',
        error: told,
        problems: [`storage does not answer: ${told}`],
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
      // The kind only: where the data lives (a file's path, a database's host) is the
      // operator's to know, and the start line and the logs say it; /healthz answers anyone.
      storage: store.description.split(':', 1)[0],
      fanout: fanoutStatus,
      loadedRooms: registry.loadedRooms,
    })
  })

  const readiness = { schema: { response: { 200: ReadinessSchema, 503: ReadinessSchema } } }
  app.get('/readyz', readiness, async (request, reply) => {
    if (lifecycle.stopping) return reply.code(503).send({ status: 'stopping' })
    try {
      await storageAnswers()
      return { status: 'ready' }
    } catch (error) {
      request.log.error({ err: error }, 'storage does not answer')
      return reply.code(503).send({ status: 'unavailable', error: publicErrorText(error) })
    }
  })

  // Prometheus text, sent as it is written (Fastify serialises only what is not a string).
  const metricsText = {
    schema: { response: { 200: Type.String({ description: 'Prometheus text format 0.0.4' }) } },
  }
  app.get('/metrics', metricsText, async (_request, reply) =>
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
