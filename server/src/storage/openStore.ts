import type { Config } from '../config.js'
import type { Store } from './DocStore.js'
import { openPostgresStore } from './postgres/postgresStore.js'
import { openSqliteStore } from './sqlite/sqliteStore.js'

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
