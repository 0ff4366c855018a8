import { openPostgresStore } from '@tablenotes/server'
import { afterAll } from 'vitest'
import { type PostgresServer, startPostgres } from '../helpers/postgres.js'
import { describeStoreContract } from './docStoreContract.js'

let server: Promise<PostgresServer> | null = null
const postgres = () => {
  server ??= startPostgres()
  return server
}

afterAll(async () => {
  if (server) await (await server).stop()
})

describeStoreContract('postgres', {
  open: (url) => openPostgresStore(url),
  newLocation: async () => (await postgres()).createDatabase(),
  // Each test has its own database; the server and all of them go when the file ends.
  cleanup: async () => undefined,
})
