import { readFileSync } from 'node:fs'
import path from 'node:path'

/** Everything the server reads from its environment, checked once at start-up. */
export interface Config {
  /** TCP port; 0 picks a free one (tests). */
  port: number
  /** Interface to listen on; all of them by default, so a venue laptop serves its LAN. */
  host: string
  /** Folder of the SQLite file and of generated secrets. */
  dataDir: string
  /** The embedded store: `tablenotes.sqlite` in DATA_DIR, unless DATABASE_URL is set. */
  sqliteFile: string
  /** DATABASE_URL: a PostgreSQL database shared by every instance; null: the SQLite file. */
  databaseUrl: string | null
  /** REDIS_URL: how instances sharing DATABASE_URL tell each other of changes; null: one instance. */
  redisUrl: string | null
  /**
   * TABLENOTES_SECRET, the key that signs capability links; null: a secret generated on first
   * start and kept in DATA_DIR. Every instance serving one event needs the same one.
   */
  secret: string | null
  /** The origin printed in links, e.g. `https://notes.example.org`; null: this machine's address. */
  publicUrl: string | null
  /** Certificate and key (PEM) to serve https and wss: browsers run service workers only there. */
  tls: { cert: Buffer; key: Buffer } | null
  /** Largest frame a client may send; a bigger one closes its connection with CloseCode.messageTooLarge. */
  maxMessageBytes: number
  /**
   * MAX_BUFFERED_BYTES: how far a connection may fall behind in reading what the server sends,
   * beyond the largest message in its backlog, before it is closed with CloseCode.tryAgainLater to resync.
   */
  maxBufferedBytes: number
  /** PING_INTERVAL_MS: how often each socket is pinged; one that missed the last ping is dropped. */
  pingIntervalMs: number
  logLevel: string
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError'
  constructor(readonly problems: string[]) {
    super(`Tablenotes cannot start:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`)
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']

/** Reads the configuration from `env`; throws one ConfigError listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const problems: string[] = []
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name]
    if (raw === undefined || raw === '') return fallback
    const value = Number(raw)
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max}, not "${raw}"`)
      return fallback
    }
    return value
  }
  const port = integer('PORT', 8080, 0, 65535)
  const maxMessageBytes = integer('MAX_MESSAGE_BYTES', 8 * 1024 * 1024, 1024, 256 * 1024 * 1024)
  const maxBufferedBytes = integer('MAX_BUFFERED_BYTES', 4 * 1024 * 1024, 64 * 1024, 1024 ** 3)
  const pingIntervalMs = integer('PING_INTERVAL_MS', 30_000, 100, 3_600_000)
  const host = env.HOST || '0.0.0.0'
  const dataDir = path.resolve(cwd, env.DATA_DIR || 'data')

  const tls = readTls(env, problems)
  const publicUrl = readPublicUrl(env.PUBLIC_URL, problems)

  const databaseUrl = readDatabaseUrl(env.DATABASE_URL, problems)
  const redisUrl = readRedisUrl(env.REDIS_URL, problems)
  if (redisUrl && !databaseUrl) {
    problems.push(
      'REDIS_URL is set without DATABASE_URL: instances can only share a PostgreSQL store, not a SQLite file',
    )
  }
  const secret = env.TABLENOTES_SECRET || null
  if (secret !== null && secret.length < 32) {
    problems.push('TABLENOTES_SECRET must be at least 32 characters (e.g. openssl rand -hex 32)')
  }
  const logLevel = env.LOG_LEVEL || 'info'
  if (!LOG_LEVELS.includes(logLevel))
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`)

  if (problems.length > 0) throw new ConfigError(problems)
  const sqliteFile = path.join(dataDir, 'tablenotes.sqlite')
  return {
    port,
    host,
    dataDir,
    sqliteFile,
    databaseUrl,
    redisUrl,
    secret,
    publicUrl,
    tls,
    maxMessageBytes,
    maxBufferedBytes,
    pingIntervalMs,
    logLevel,
  }
}

function readTls(env: NodeJS.ProcessEnv, problems: string[]): Config['tls'] {
  const certPath = env.TLS_CERT
  const keyPath = env.TLS_KEY
  if (!certPath && !keyPath) return null
  if (!certPath || !keyPath) {
    problems.push('TLS_CERT and TLS_KEY must be set together')
    return null
  }
  try {
    return { cert: readFileSync(certPath), key: readFileSync(keyPath) }
  } catch (error) {
    problems.push(`TLS_CERT or TLS_KEY cannot be read: ${(error as Error).message}`)
    return null
  }
}

/** `raw` as a URL if it is one whose protocol is one of `protocols` (`'https:'`, …); else null. */
function urlWithProtocol(raw: string, protocols: readonly string[]): URL | null {
  try {
    const url = new URL(raw)
    return protocols.includes(url.protocol) ? url : null
  } catch {
    return null
  }
}

function readDatabaseUrl(raw: string | undefined, problems: string[]): string | null {
  if (!raw) return null
  if (urlWithProtocol(raw, ['postgres:', 'postgresql:'])) return raw
  problems.push(
    'DATABASE_URL must be a PostgreSQL URL such as postgres://user:password@host:5432/tablenotes',
  )
  return null
}

function readRedisUrl(raw: string | undefined, problems: string[]): string | null {
  if (!raw) return null
  if (urlWithProtocol(raw, ['redis:', 'rediss:'])) return raw
  problems.push('REDIS_URL must be a Redis URL such as redis://host:6379')
  return null
}

function readPublicUrl(raw: string | undefined, problems: string[]): string | null {
  if (!raw) return null
  const url = urlWithProtocol(raw, ['http:', 'https:'])
  if (url) return url.origin
  problems.push(
    `PUBLIC_URL must be an http(s) origin such as https://notes.example.org, not "${raw}"`,
  )
  return null
}
