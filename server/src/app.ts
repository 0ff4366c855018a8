import rateLimit from '@fastify/rate-limit'
import websocket from '@fastify/websocket'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import { Gatekeeper } from './auth/Gatekeeper.js'
import { ConfigError } from './config.js'
import { type Fanout, SingleInstance } from './fanout/Fanout.js'
import { activityRoutes } from './http/activityRoutes.js'
import { boundClose, CLOSE_GRACE_MS } from './http/boundClose.js'
import { CLIENT_DIST, clientRoutes } from './http/clientRoutes.js'
import { commentsRoutes } from './http/commentsRoutes.js'
import { frameworkError, pathOf, registerErrorHandler, schemaError } from './http/errors.js'
import { exportRoutes } from './http/exportRoutes.js'
import { healthRoutes } from './http/healthRoutes.js'
import { historyRoutes } from './http/historyRoutes.js'
import { limitsRoutes } from './http/limitsRoutes.js'
import { searchRoutes } from './http/searchRoutes.js'
import { registerSecurityHeaders } from './http/securityHeaders.js'
import { decorateSessionAccess } from './http/sessionAccess.js'
import { sessionsRoutes } from './http/sessionsRoutes.js'
import { synthesisRoutes } from './http/synthesisRoutes.js'
import { Metrics } from './metrics/Metrics.js'
import { Compactor } from './rooms/Compactor.js'
import { RoomRegistry } from './rooms/RoomRegistry.js'
import { SessionControlFollower } from './rooms/SessionControlFollower.js'
import { listeningOrigin } from './sessions/linkOrigin.js'
import type { Store } from './storage/DocStore.js'
import { StorageHealth } from './storage/storageHealth.js'
import { syncRoute } from './sync/syncRoute.js'

export interface AppOptions {
  store: Store
  /** Redis shared with the other instances on the same PostgreSQL; null or absent: alone. */
  redisUrl?: string | null
  /** The key that signs capability tokens (see auth/secret.ts). */
  secret: string
  /**
   * The origin in links the API returns; null or absent: the address the server listens on
   * (sessions/linkOrigin.ts), never the Host a request names.
   */
  publicUrl?: string | null
  /** Pino options, or false for none (tests). */
  logger: FastifyServerOptions['logger']
  maxMessageBytes: number
  /** How far a socket may fall behind beyond its largest queued message (default 4 MiB). */
  maxBufferedBytes?: number
  https?: { cert: Buffer; key: Buffer } | null
  /** The built browser app to serve; defaults to client/dist. */
  clientDist?: string
  /** Tuning; the defaults suit production, tests shorten them. */
  idleUnloadMs?: number
  heartbeatMs?: number
  /** How often each socket is pinged; one that missed the previous ping is dropped. */
  pingIntervalMs?: number
  compactAfterRows?: number
  /** A room's automatic version follows a pause this long in its writing (default 60 s)… */
  versionAfterPauseMs?: number
  /** …and comes at least this often while writing goes on (default 10 min). Issue 17. */
  versionEveryMs?: number
  /** How often revocations by other processes are looked for. */
  revocationPollMs?: number
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      options.logger === false
        ? false
        : {
            ...(typeof options.logger === 'object' ? options.logger : {}),
            serializers: {
              req: (request: { method: string; url: string }) => ({
                method: request.method,
                url: pathOf(request.url), // tokens travel in the query: never in the logs
              }),
            },
          },
    ...(options.https ? { https: options.https } : {}),
    forceCloseConnections: true,
    disableRequestLogging: true,
    // Route schemas check JSON bodies and string params as they come: a number sent as a string
    // is refused, not converted (Fastify's default coerces).
    ajv: { customOptions: { coerceTypes: false } },
    schemaErrorFormatter: schemaError,
    frameworkErrors: frameworkError,
  }) as unknown as FastifyInstance
  registerErrorHandler(app)
  decorateSessionAccess(app)
  // Every part of the app uses the store through this, so /healthz knows when writes fail.
  const storageHealth = new StorageHealth()
  const store = storageHealth.watch(options.store)
  const gatekeeper = await Gatekeeper.open({
    secret: options.secret,
    store,
    log: app.log,
    pollMs: options.revocationPollMs ?? 250,
  })
  app.addHook('onClose', async () => gatekeeper.close())
  const metrics = new Metrics()
  app.addHook('onClose', async () => metrics.close())
  const lifecycle = { stopping: false }
  const fanout = await openFanout(options.redisUrl ?? null, app.log)
  app.addHook('onClose', async () => fanout.close())
  const registry = new RoomRegistry({
    fanout,
    onStored: (seconds, updates) => metrics.storeWrite(seconds, updates),
    onLoad: (room, error) =>
      error === null ? storageHealth.roomLoaded(room) : storageHealth.roomFailed(room, error),
    store,
    log: app.log,
    idleUnloadMs: options.idleUnloadMs ?? 30_000,
    maxHeldBytes: options.maxMessageBytes,
    // Room for eight connections at their own limit at once; a legitimate client holds an
    // update only for the moment before its sync step 2 arrives.
    maxHeldBytesInAll: 8 * options.maxMessageBytes,
    ...(options.versionAfterPauseMs === undefined
      ? {}
      : { versionAfterPauseMs: options.versionAfterPauseMs }),
    ...(options.versionEveryMs === undefined ? {} : { versionEveryMs: options.versionEveryMs }),
  })
  registry.watch(new Compactor(store, options.compactAfterRows ?? 500, app.log))
  registry.watch(new SessionControlFollower(registry))
  const connections = boundClose(app.server)
  // Registered before the websocket plugin so that it runs first: every room is stored and its
  // clients are told to reconnect (CloseCode.serverRestart) before the plugin closes the remaining
  // sockets; those still open after the grace are dropped, so a stop ends on its own.
  app.addHook('preClose', async () => {
    lifecycle.stopping = true
    await registry.close()
    connections.dropAfter(CLOSE_GRACE_MS)
  })
  await registerSecurityHeaders(app)
  // ws refuses frames past its own cap with 1009 before buffering them; below that cap our
  // limit applies and closes with CloseCode.messageTooLarge, which a stock client does not retry.
  // Off by default: only routes that name a `rateLimit` in their config are limited.
  await app.register(rateLimit, { global: false })
  await app.register(websocket, { options: { maxPayload: options.maxMessageBytes * 2 } })
  await app.register(syncRoute, {
    prefix: '/collab',
    registry,
    gatekeeper,
    metrics,
    maxMessageBytes: options.maxMessageBytes,
    maxQueuedMessages: 1000,
    maxQueuedBytes: 5 * 1024 * 1024,
    heartbeatMs: options.heartbeatMs ?? 15_000,
    pingIntervalMs: options.pingIntervalMs ?? (options.heartbeatMs ?? 15_000) * 2,
    maxBufferedBytes: options.maxBufferedBytes ?? 4 * 1024 * 1024,
  })
  await app.register(sessionsRoutes, {
    prefix: '/api',
    store,
    gatekeeper,
    registry,
    secret: options.secret,
    linkOrigin: () =>
      listeningOrigin(options.publicUrl ?? null, Boolean(options.https), app.server.address()),
  })
  await app.register(limitsRoutes, { prefix: '/api', maxMessageBytes: options.maxMessageBytes })
  for (const routes of [
    synthesisRoutes,
    exportRoutes,
    activityRoutes,
    historyRoutes,
    searchRoutes,
    commentsRoutes,
  ]) {
    await app.register(routes, { prefix: '/api', store, gatekeeper, registry })
  }
  await app.register(healthRoutes, {
    store,
    storageHealth,
    registry,
    metrics,
    lifecycle,
    fanout,
    openSockets: () => app.websocketServer.clients.size,
  })
  await app.register(clientRoutes, { root: options.clientDist ?? CLIENT_DIST })
  return app
}

async function openFanout(redisUrl: string | null, log: FastifyInstance['log']): Promise<Fanout> {
  if (!redisUrl) return new SingleInstance()
  try {
    // Imported only when asked for: a single instance never loads the Redis client.
    const { RedisFanout } = await import('./fanout/RedisFanout.js')
    return await RedisFanout.connect(redisUrl, log)
  } catch (error) {
    throw new ConfigError([(error as Error).message])
  }
}
