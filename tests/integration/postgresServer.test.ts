import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createLink, loadDoc, openPostgresStore, openSqliteStore } from '@tablenotes/server'
import { createTableSeed, NOTES_FRAGMENT } from '@tablenotes/shared'
import { afterAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { runCli } from '../helpers/cli.js'
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
    // The kind, never the database's host or name: /healthz answers anyone.
    expect(health.storage).toBe('postgres')
  })
})

describe('moving a store between SQLite and PostgreSQL', () => {
  it('copies a venue’s SQLite store to PostgreSQL and back, identical room by room', async () => {
    postgres ??= await startPostgres()
    const url = await postgres.createDatabase()
    const dir = await mkdtemp(path.join(tmpdir(), 'tablenotes-copy-'))
    try {
      const original = path.join(dir, 'venue.sqlite')
      const venue = await openSqliteStore(original)
      await venue.putSession(testSession)
      const link = createLink(testSession.id, 'viewer', 't2')
      await venue.putLink(link)
      await venue.revokeLink(link.id, 1_700_000_000_000)
      for (const table of ['t1', 't2']) {
        const doc = new Y.Doc()
        Y.applyUpdate(doc, createTableSeed(testSession, table))
        const answer = (doc.getXmlFragment(NOTES_FRAGMENT).get(1) as Y.XmlElement).get(
          0,
        ) as Y.XmlElement
        ;(answer.get(0) as Y.XmlElement).insert(0, [new Y.XmlText(`notes of ${table} · ملاحظات`)])
        await venue.appendUpdates([
          { room: `test-session/${table}`, update: Y.encodeStateAsUpdate(doc) },
        ])
      }
      // A person edited t1 long before the copy; nobody edited t2.
      await venue.putLastEdits(new Map([['test-session/t1', 1_700_000_100_000]]))
      await venue.close()

      const there = await runCli(['store', 'copy', original, url], {
        DATA_DIR: dataDir || tmpdir(),
      })
      expect(there.stdout).toContain('Copied 1 sessions, 1 links and 2 rooms')
      const back = path.join(dir, 'back.sqlite')
      expect(
        (await runCli(['store', 'copy', url, back], { DATA_DIR: dataDir || tmpdir() })).code,
      ).toBe(0)
      const again = await runCli(['store', 'copy', original, url], {
        DATA_DIR: dataDir || tmpdir(),
      })
      expect(again.code).toBe(1)
      expect(again.stderr).toContain('is not empty')

      const [before, after] = [await openSqliteStore(original), await openSqliteStore(back)]
      expect(await after.listRooms()).toEqual(await before.listRooms())
      for (const room of await before.listRooms()) {
        const [a, b] = [await loadDoc(before, room), await loadDoc(after, room)]
        expect(Buffer.from(Y.encodeStateAsUpdate(b))).toEqual(Buffer.from(Y.encodeStateAsUpdate(a)))
      }
      expect(await after.listSessions()).toEqual(await before.listSessions())
      expect((await after.getLink(link.id))?.revokedAt).toBe(1_700_000_000_000)
      expect(await after.lastEdits(await before.listRooms())).toEqual(
        new Map([['test-session/t1', 1_700_000_100_000]]),
      )
      await before.close()
      await after.close()
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
