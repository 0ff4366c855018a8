import { loadSecret } from '../auth/secret.js'
import { ConfigError, loadConfig } from '../config.js'
import { linkOrigin } from '../sessions/linkOrigin.js'
import { SessionFileError } from '../sessions/readSessionFile.js'
import { openStore } from '../storage/openStore.js'
import { DamagedStoreError } from '../storage/sqlite/sqliteStore.js'
import { type CliContext, commands, UsageError, usage } from './commands.js'

/**
 * `pnpm tablenotes <command>`: works on the storage directly, so it needs no running server
 * and can run beside one (SQLite in WAL mode lets both write).
 */
async function run(argv: string[]): Promise<number> {
  const [name, ...args] = argv
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(usage)
    return name ? 0 : 2
  }
  const command = commands.find((candidate) => candidate.matches(name, args))
  if (!command) throw new UsageError(`unknown command "${argv.join(' ')}"`)
  const config = loadConfig()
  const store = await openStore(config)
  const context: CliContext = {
    store,
    publicUrl: linkOrigin({
      publicUrl: config.publicUrl,
      tls: config.tls !== null,
      host: config.host,
      port: config.port,
    }),
    secret: loadSecret(config.dataDir, config.secret),
    print: (text) => process.stdout.write(`${text}\n`),
  }
  try {
    await command.run(args, context)
    return 0
  } finally {
    await store.close()
  }
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`tablenotes: ${error.message}\n\n${usage}`)
      process.exit(2)
    }
    const known =
      error instanceof ConfigError ||
      error instanceof SessionFileError ||
      error instanceof DamagedStoreError
    process.stderr.write(
      `${known ? (error as Error).message : String((error as Error).stack ?? error)}\n`,
    )
    process.exit(1)
  },
)
