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
