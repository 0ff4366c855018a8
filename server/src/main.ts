import { buildApp } from './app.js'
import { loadSecret } from './auth/secret.js'
import { ConfigError, loadConfig } from './config.js'
import { loadExamplesIfEmpty } from './sessions/loadExamples.js'
import { describeLink, ensureSessionLinks, formatSessionLinks } from './sessions/sessionLinks.js'
import { openStore } from './storage/openStore.js'

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
  const port = app.server.address()
  const publicUrl =
    config.publicUrl ??
    `${config.tls ? 'https' : 'http'}://localhost:${typeof port === 'object' && port ? port.port : config.port}`

  const sessions = await store.listSessions()
  const sessionLinks = await Promise.all(
    sessions.map(async (session) => {
      const links = await ensureSessionLinks(store, session)
      return formatSessionLinks(
        session,
        links.map((link) => describeLink(link, publicUrl, secret)),
      )
    }),
  )
  const out = [
    '',
    `Tablenotes is running on ${publicUrl} (data in ${config.dataDir}, ${store.description})`,
    examples.length > 0 ? `Loaded ${examples.length} example sessions into the empty store.` : '',
    '',
    'Each link opens what its role allows; keep organizer links to yourself.',
    '',
    ...sessionLinks.map((text) => `${text}\n`),
  ]
  process.stdout.write(`${out.join('\n')}\n`)

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

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof ConfigError ? error.message : String((error as Error).stack ?? error)}\n`,
  )
  process.exit(1)
})
