import type { Session } from '@tablenotes/shared'
import { buildApp } from './app.js'
import { loadSecret } from './auth/secret.js'
import { type Config, ConfigError, loadConfig } from './config.js'
import { listeningOrigin } from './sessions/linkOrigin.js'
import { loadExamplesIfEmpty } from './sessions/loadExamples.js'
import { describeLink, ensureSessionLinks, formatSessionLinks } from './sessions/sessionLinks.js'
import type { Store } from './storage/DocStore.js'
import { openStore } from './storage/openStore.js'
import { DamagedStoreError } from './storage/sqlite/sqliteStore.js'

async function main(): Promise<void> {
  const config = loadConfig()
  const store = await openStore(config)
  const secret = loadSecret(config.dataDir, config.secret)
  const examples = await loadExamplesIfEmpty(store)
  const app = await buildApp({
    store,
    redisUrl: config.redisUrl,
    secret,
    publicUrl: config.publicUrl,
    logger: { level: config.logLevel },
    maxMessageBytes: config.maxMessageBytes,
    maxBufferedBytes: config.maxBufferedBytes,
    pingIntervalMs: config.pingIntervalMs,
    https: config.tls,
  })
  app.addHook('onClose', async () => store.close())
  await app.listen({ port: config.port, host: config.host })
  const origin = listeningOrigin(config.publicUrl, config.tls !== null, app.server.address())
  const sessions = await store.listSessions()
  // Links carry their tokens: a service manager keeps stdout as the log, so they are printed
  // only for a person at a terminal, and the log says how to get them.
  if (process.stdout.isTTY) {
    process.stdout.write(await banner({ store, secret, origin, sessions, examples, config }))
  } else {
    app.log.info(
      {
        url: origin,
        storage: store.description,
        sessions: sessions.map((session) => session.id),
        examplesLoaded: examples.length,
      },
      'Tablenotes is running; print the links with: pnpm tablenotes links SESSION',
    )
  }

  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    app.log.info({ signal }, 'stopping: storing every room')
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        app.log.error({ err: error }, 'stopping failed')
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
}

/** What a person at the terminal sees: where the server is, then every session's links. */
async function banner(options: {
  store: Store
  secret: string
  origin: string
  sessions: Session[]
  examples: readonly unknown[]
  config: Config
}): Promise<string> {
  const { store, secret, origin, sessions, examples, config } = options
  const sessionLinks = await Promise.all(
    sessions.map(async (session) => {
      const links = await ensureSessionLinks(store, session)
      return formatSessionLinks(
        session,
        links.map((link) => describeLink(link, origin, secret)),
      )
    }),
  )
  const out = [
    '',
    `Tablenotes is running on ${origin} (data in ${config.dataDir}, ${store.description})`,
    examples.length > 0 ? `Loaded ${examples.length} example sessions into the empty store.` : '',
    '',
    'Each link opens what its role allows; keep organizer links to yourself.',
    '',
    ...sessionLinks.map((text) => `${text}\n`),
  ]
  return `${out.join('\n')}\n`
}

main().catch((error: unknown) => {
  process.stderr.write(
    // Problems the person starting the server can fix get their message alone, not a stack.
    `${error instanceof ConfigError || error instanceof DamagedStoreError ? error.message : String((error as Error).stack ?? error)}\n`,
  )
  process.exit(1)
})
