/**
 * Hocuspocus as its documentation sets it up to keep documents: the Database extension storing a
 * snapshot of each document in SQLite, debounced (2 s, at most 10 s: the defaults). Started by
 * the comparison as its own process: PORT and SQLITE_FILE from the environment.
 */
import { Database } from '@hocuspocus/extension-database'
import { Server } from '@hocuspocus/server'
import Sqlite from 'better-sqlite3'

const db = new Sqlite(process.env.SQLITE_FILE ?? 'hocuspocus.sqlite')
db.pragma('journal_mode = WAL')
db.exec('CREATE TABLE IF NOT EXISTS documents (name TEXT PRIMARY KEY, data BLOB NOT NULL)')
const read = db.prepare<[string], { data: Buffer }>('SELECT data FROM documents WHERE name = ?')
const write = db.prepare(
  'INSERT INTO documents (name, data) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET data = excluded.data',
)

const server = new Server({
  address: '127.0.0.1',
  port: Number(process.env.PORT),
  quiet: true,
  extensions: [
    new Database({
      fetch: async ({ documentName }) => read.get(documentName)?.data ?? null,
      store: async ({ documentName, state }) => {
        write.run(documentName, state)
      },
    }),
  ],
})
await server.listen()
process.stdout.write('listening\n')
