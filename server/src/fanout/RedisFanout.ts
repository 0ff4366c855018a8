import { randomBytes } from 'node:crypto'
import type { FastifyBaseLogger } from 'fastify'
import { Redis, type RedisOptions } from 'ioredis'
import type { Fanout, FanoutKind, FanoutListener, FanoutStatus } from './Fanout.js'

const ROOM_PREFIX = 'tablenotes:room:'
/** Where an instance that was cut off asks every other to read its rooms back from storage. */
const CATCH_UP_CHANNEL = 'tablenotes:catch-up'

const KIND_CODES: Record<FanoutKind | 'catchUp', number> = { update: 0, awareness: 1, catchUp: 2 }
const INSTANCE_ID_BYTES = 8
const HEADER_BYTES = 1 + INSTANCE_ID_BYTES

const CONNECT_TIMEOUT_MS = 5000

const LOCK_PREFIX = 'tablenotes:lock:'
/** A holder that died frees its lock after this long. */
const LOCK_TTL_MS = 30_000
const LOCK_RETRY_MS = 50
/** Deletes the lock only if it is still ours: it may have expired and been taken meanwhile. */
const RELEASE_LOCK = `if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('del', KEYS[1])
end
return 0`

/**
 * Fan-out over Redis pub/sub: one channel per loaded room, one connection to publish and one to
 * listen. Redis keeps nothing, so whenever this instance's link was down, or another instance
 * says its own was, every loaded room is read back from storage, where every published update
 * already is. Publishing never waits: while Redis is away, messages are dropped, not queued,
 * and the catch-up replaces them when it returns.
 */
export class RedisFanout implements Fanout {
  readonly shared = true
  private readonly instanceId = randomBytes(INSTANCE_ID_BYTES)
  private readonly listeners = new Map<string, FanoutListener>()
  private readonly publisher: Redis
  private readonly subscriber: Redis
  private publisherReady = false
  private subscriberReady = false
  private wasConnected = false
  private lostSince: number | null = null
  private connectedWaiters: Array<() => void> = []
  private catchUps = 0
  private catchUp: () => Promise<void> = async () => undefined
  private catchingUp: Promise<void> | null = null
  private catchUpAgain = false
  private closed = false

  private constructor(
    url: string,
    private readonly log: FastifyBaseLogger,
  ) {
    const options: RedisOptions = {
      lazyConnect: true,
      enableOfflineQueue: false,
      autoResubscribe: false,
      maxRetriesPerRequest: 1,
      connectTimeout: CONNECT_TIMEOUT_MS,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    }
    this.publisher = new Redis(url, { ...options, connectionName: 'tablenotes-publish' })
    this.subscriber = new Redis(url, { ...options, connectionName: 'tablenotes-listen' })
    for (const connection of [this.publisher, this.subscriber]) {
      // Every failed reconnection emits an error; the loss itself is logged once, below.
      connection.on('error', (error: Error) => this.log.debug({ err: error }, 'redis error'))
      connection.on('close', () => this.connectionChanged())
    }
    this.publisher.on('ready', () => {
      this.publisherReady = true
      this.connectionChanged()
    })
    this.subscriber.on('ready', () => void this.listenAgain())
    this.subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) =>
      this.receive(channel.toString(), message),
    )
  }

  /** Connects both links; throws with the reason if Redis cannot be reached at start-up. */
  static async connect(url: string, log: FastifyBaseLogger): Promise<RedisFanout> {
    const fanout = new RedisFanout(url, log)
    try {
      await Promise.all([fanout.publisher.connect(), fanout.subscriber.connect()])
      await fanout.whenConnected()
    } catch (error) {
      await fanout.close()
      throw new Error(`Redis at ${redactUrl(url)} cannot be reached: ${(error as Error).message}`)
    }
    return fanout
  }

  async join(room: string, listener: FanoutListener): Promise<void> {
    this.listeners.set(room, listener)
    // While Redis is away the room is loaded from storage alone; the catch-up on return covers
    // whatever other instances changed meanwhile.
    if (this.subscriberReady) await this.subscriber.subscribe(ROOM_PREFIX + room).catch(() => {})
  }

  leave(room: string): void {
    this.listeners.delete(room)
    if (this.subscriberReady) this.subscriber.unsubscribe(ROOM_PREFIX + room).catch(() => {})
  }

  publish(room: string, kind: FanoutKind, payload: Uint8Array): void {
    this.send(ROOM_PREFIX + room, kind, payload)
  }

  onCatchUp(catchUp: () => Promise<void>): void {
    this.catchUp = catchUp
  }

  async exclusive<T>(name: string, run: () => Promise<T>): Promise<T> {
    const key = LOCK_PREFIX + name
    const token = randomBytes(16).toString('hex')
    const held = await this.lock(key, token)
    if (!held)
      this.log.warn({ lock: name }, 'Redis unavailable: running without the instances’ lock')
    try {
      return await run()
    } finally {
      if (held) await this.publisher.eval(RELEASE_LOCK, 1, key, token).catch(() => {})
    }
  }

  /** Waits for the lock while Redis answers; false when it does not. */
  private async lock(key: string, token: string): Promise<boolean> {
    while (this.publisherReady && !this.closed) {
      try {
        if ((await this.publisher.set(key, token, 'PX', LOCK_TTL_MS, 'NX')) === 'OK') return true
      } catch {
        return false
      }
      await new Promise((resolve) => setTimeout(resolve, LOCK_RETRY_MS))
    }
    return false
  }

  status(): FanoutStatus {
    return {
      mode: 'redis',
      connected: this.isConnected(),
      lostSince: this.lostSince,
      catchUps: this.catchUps,
    }
  }

  async close(): Promise<void> {
    this.closed = true
    this.publisher.disconnect()
    this.subscriber.disconnect()
    await this.catchingUp
  }

  private isConnected(): boolean {
    return this.publisherReady && this.subscriberReady
  }

  private send(channel: string, kind: FanoutKind | 'catchUp', payload: Uint8Array): void {
    if (!this.publisherReady) return
    const frame = Buffer.allocUnsafe(HEADER_BYTES + payload.byteLength)
    frame[0] = KIND_CODES[kind]
    this.instanceId.copy(frame, 1)
    frame.set(payload, HEADER_BYTES)
    this.publisher.publish(channel, frame).catch(() => {
      // Lost with the connection; the catch-up when it returns carries the change instead.
    })
  }

  private receive(channel: string, frame: Buffer): void {
    if (frame.byteLength < HEADER_BYTES) return
    if (this.instanceId.equals(frame.subarray(1, HEADER_BYTES))) return
    const kind = frame[0]
    if (channel === CATCH_UP_CHANNEL) {
      if (kind === KIND_CODES.catchUp) this.scheduleCatchUp()
      return
    }
    const listener = this.listeners.get(channel.slice(ROOM_PREFIX.length))
    if (!listener) return
    const payload = frame.subarray(HEADER_BYTES)
    if (kind === KIND_CODES.update) listener('update', payload)
    else if (kind === KIND_CODES.awareness) listener('awareness', payload)
  }

  /**
   * After (re)connecting, the listening link subscribes to every loaded room again, including
   * rooms loaded while it was subscribing, before it counts as ready.
   */
  private async listenAgain(): Promise<void> {
    const subscribed = new Set<string>()
    try {
      for (;;) {
        const channels = [
          CATCH_UP_CHANNEL,
          ...[...this.listeners.keys()].map((room) => ROOM_PREFIX + room),
        ]
        const missing = channels.filter((channel) => !subscribed.has(channel))
        if (missing.length === 0) break
        await this.subscriber.subscribe(...missing)
        for (const channel of missing) subscribed.add(channel)
      }
      this.subscriberReady = true
    } catch (error) {
      this.log.debug({ err: error }, 'subscribing to redis failed; retrying on reconnect')
    }
    this.connectionChanged()
  }

  private connectionChanged(): void {
    if (this.closed) return
    if (this.publisher.status !== 'ready') this.publisherReady = false
    if (this.subscriber.status !== 'ready') this.subscriberReady = false
    const connected = this.isConnected()
    if (!connected && this.lostSince === null && this.wasConnected) {
      this.lostSince = Date.now()
      this.log.warn(
        'lost the connection to Redis: serving this instance’s clients only until it returns',
      )
    } else if (connected && this.lostSince !== null) {
      const seconds = Math.round((Date.now() - this.lostSince) / 1000)
      this.lostSince = null
      this.log.info({ seconds }, 'Redis is back: catching up every loaded room from storage')
      // Others may have missed what this instance published while it was cut off.
      this.send(CATCH_UP_CHANNEL, 'catchUp', new Uint8Array())
      this.scheduleCatchUp()
    }
    if (connected) this.wasConnected = true
    this.notifyConnected()
  }

  private whenConnected(): Promise<void> {
    if (this.isConnected()) return Promise.resolve()
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out')), CONNECT_TIMEOUT_MS)
      this.connectedWaiters.push(() => {
        clearTimeout(timer)
        resolve()
      })
    })
  }

  private notifyConnected(): void {
    if (!this.isConnected()) return
    for (const resolve of this.connectedWaiters.splice(0)) resolve()
  }

  /** Runs one catch-up at a time; requests during one run it once more afterwards. */
  private scheduleCatchUp(): void {
    if (this.catchingUp) {
      this.catchUpAgain = true
      return
    }
    this.catchingUp = (async () => {
      do {
        this.catchUpAgain = false
        this.catchUps++
        try {
          await this.catchUp()
        } catch (error) {
          this.log.error({ err: error }, 'catching up from storage failed')
        }
      } while (this.catchUpAgain && !this.closed)
      this.catchingUp = null
    })()
  }
}

/** The URL without its password, for messages. */
function redactUrl(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return parsed.toString()
  } catch {
    return 'REDIS_URL'
  }
}
