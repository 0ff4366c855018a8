import { setTimeout as sleep } from 'node:timers/promises'
import { openPostgresStore } from '@tablenotes/server'
import { NOTES_FRAGMENT } from '@tablenotes/shared'
import * as Y from 'yjs'
import { startPostgres } from '../../tests/helpers/postgres.js'
import { startRedis } from '../../tests/helpers/redis.js'
import { createDataDir } from '../../tests/helpers/serverProcess.js'
import { mintToken } from '../../tests/helpers/tokens.js'
import { benchSession } from '../measure.js'
import { openBenchClient } from './benchClient.js'
import { type LoadFigures, type LoadShape, runLoad } from './scenarios.js'
import { startTablenotes } from './servers.js'

/**
 * S5: Tablenotes as a large event runs it, two instances on PostgreSQL and Redis, with the
 * clients of each table split between them; then the merge of a 200-table session.
 */
export async function scaleOut(
  shape: LoadShape,
  mergeTables: number,
): Promise<{
  load: LoadFigures
  merge: { tables: number; kiBPerTable: number; compileMs: number; markdownMs: number }
}> {
  const postgres = await startPostgres()
  const redis = await startRedis()
  try {
    const databaseUrl = await postgres.createDatabase()
    const session = benchSession('bench', 'Benchmark', Math.max(shape.tables, mergeTables))
    const store = await openPostgresStore(databaseUrl)
    await store.putSession(session)
    await store.close()
    const env = { DATABASE_URL: databaseUrl, REDIS_URL: redis.url }
    const server = await startTablenotes(session, {
      dataDir: await createDataDir([]),
      instances: [env, env],
    })
    try {
      const load = await runLoad(server, shape, 2)
      const merge = await measureMerge(server, session.id, mergeTables)
      return { load, merge }
    } finally {
      await server.stop()
    }
  } finally {
    await redis.stop()
    await postgres.stop()
  }
}

const PARAGRAPH = 'Regional consultations with unions and cities; '.repeat(4)

async function measureMerge(
  server: Awaited<ReturnType<typeof startTablenotes>>,
  sessionId: string,
  tables: number,
) {
  let bytes = 0
  for (let start = 1; start <= tables; start += 25) {
    const batch = Array.from({ length: Math.min(25, tables - start + 1) }, (_, i) =>
      openBenchClient(server.address(`t${start + i}`, 'editor', i)),
    )
    await Promise.all(batch.map((client) => client.synced))
    for (const client of batch) {
      const question = client.doc.getXmlFragment(NOTES_FRAGMENT).get(1) as Y.XmlElement
      const answer = question.get(0) as Y.XmlElement
      answer.insert(
        answer.length,
        Array.from({ length: 10 }, () => {
          const paragraph = new Y.XmlElement('paragraph')
          paragraph.insert(0, [new Y.XmlText(PARAGRAPH)])
          return paragraph
        }),
      )
      bytes += Y.encodeStateAsUpdate(client.doc).length
    }
    await sleep(500)
    for (const client of batch) client.destroy()
  }
  const token = mintToken({ sessionId, role: 'rapporteur' })
  const base = server.address('t1', 'editor').url.replace('ws://', 'http://').replace('/collab', '')
  const started = performance.now()
  const compiled = await fetch(`${base}/api/sessions/${sessionId}/synthesis/compile`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
  })
  const compileMs = performance.now() - started
  if (!compiled.ok) throw new Error(`compile failed: ${compiled.status} ${await compiled.text()}`)
  const exportStarted = performance.now()
  const markdown = await fetch(`${base}/api/sessions/${sessionId}/synthesis/export?format=md`, {
    headers: { authorization: `Bearer ${token}` },
  })
  await markdown.text()
  return {
    tables,
    kiBPerTable: bytes / tables / 1024,
    compileMs,
    markdownMs: performance.now() - exportStarted,
  }
}
