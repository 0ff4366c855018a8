import { rm } from 'node:fs/promises'
import { NOTES_FRAGMENT } from '@tablenotes/shared'
import { afterAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { openPostgresStore } from '../../server/src/storage/postgres/postgresStore.js'
import { connectClient, isStoredOnServer, waitFor, waitForSync } from '../helpers/clients.js'
import { testSession } from '../helpers/fixtures.js'
import { type PostgresServer, startPostgres } from '../helpers/postgres.js'
import {
  createDataDir,
  freePort,
  type ServerProcess,
  startServerProcess,
} from '../helpers/serverProcess.js'

let postgres: PostgresServer | null = null
let server: ServerProcess | null = null
let dataDir = ''

afterAll(async () => {
  server?.child.kill('SIGKILL')
  await postgres?.stop()
  if (dataDir) await rm(dataDir, { recursive: true, force: true })
})

describe('the server on PostgreSQL', () => {
  it('stores every acknowledged edit in PostgreSQL and has it after a SIGKILL', async () => {
    postgres = await startPostgres()
    const url = await postgres.createDatabase()
    const store = await openPostgresStore(url)
    await store.putSession(testSession)
    await store.close()
    dataDir = await createDataDir([])
    const port = await freePort()
    const start = () => startServerProcess({ port, dataDir, extra: { DATABASE_URL: url } })
    server = await start()

    const collab = `ws://127.0.0.1:${port}/collab`
    const writer = connectClient(collab, 'test-session/t1', { stored: true })
    await waitForSync(writer)
    const answer = (writer.doc.getXmlFragment(NOTES_FRAGMENT).get(1) as Y.XmlElement).get(
      0,
    ) as Y.XmlElement
    ;(answer.get(0) as Y.XmlElement).insert(0, [new Y.XmlText('kept in PostgreSQL')])
    await waitFor('the edit to be acknowledged', () => isStoredOnServer(writer))
    writer.destroy()
    server.child.kill('SIGKILL')
    await server.exited

    server = await start()
    const reader = connectClient(collab, 'test-session/t1')
    await waitForSync(reader)
    expect(reader.doc.getXmlFragment(NOTES_FRAGMENT).toString()).toContain('kept in PostgreSQL')
    reader.destroy()
    const health = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as {
      storage: string
    }
    expect(health.storage).toMatch(/^postgres:127\.0\.0\.1:\d+\/tablenotes_/)
  })
})
