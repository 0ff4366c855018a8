import type { Config } from '../config.js'
import type { Store } from './DocStore.js'
import { openSqliteStore } from './sqlite/sqliteStore.js'

/**
 * The PostgreSQL store, imported only when asked for: `pg` is a few MiB of the serving process's
 * memory that the embedded default never uses (issue 19, base RSS).
 */
async function openPostgresStore(url: string): Promise<Store> {
  const postgres = await import('./postgres/postgresStore.js')
  return postgres.openPostgresStore(url)
}

/** The store the configuration names: PostgreSQL with DATABASE_URL, else the SQLite file. */
export function openStore(config: Pick<Config, 'databaseUrl' | 'sqliteFile'>): Promise<Store> {
  return config.databaseUrl
    ? openPostgresStore(config.databaseUrl)
    : openSqliteStore(config.sqliteFile)
}

/** A store named on the command line: a PostgreSQL URL, or the path of a SQLite file. */
export function openStoreAt(location: string): Promise<Store> {
  return /^postgres(ql)?:\/\//.test(location)
    ? openPostgresStore(location)
    : openSqliteStore(location)
}
