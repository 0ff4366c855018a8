import { setTimeout as sleep } from 'node:timers/promises'
import { createTableSeed } from '@tablenotes/shared'
import * as Y from 'yjs'
import { benchText } from '../benchText.js'
import { benchSession } from '../measure.js'
import { openBenchClient } from './benchClient.js'
import { LoadGenerator, type LoadResult, syncFigures } from './loadGenerator.js'
import { ServerSampler, storeWriteLatency, storeWrites } from './serverSampler.js'
import {
  type RunningServer,
  type ServerKind,
  startHocuspocus,
  startTablenotes,
  startYWebsocketServer,
} from './servers.js'
import type { ClientPlan } from './workerMessages.js'

export const SERVERS: readonly ServerKind[] = ['tablenotes', 'y-websocket', 'hocuspocus']
export const GENERATOR_WORKERS = 2

/** Enough tables for every scenario; a Tablenotes session must name its tables up front. */
const session = benchSession('bench', 'Benchmark', 1000)

export function startServer(kind: ServerKind): Promise<RunningServer> {
  switch (kind) {
    case 'tablenotes':
      return startTablenotes(session)
    case 'y-websocket':
      return startYWebsocketServer()
    case 'hocuspocus':
      return startHocuspocus()
  }
}

export interface LoadShape {
  tables: number
  editorsPerTable: number
  /** Clients that watch every table without typing, as moderators on the wall do. */
  moderators: number
  editsPerSecond: number
  durationMs: number
}

export interface LoadFigures extends LoadResult {
  server: {
    cpuSeconds: number
    /** CPU seconds per second of typing: 1 is one core busy. */
    cpuShare: number
    idleRssMiB: number
    peakRssMiB: number
  }
  storeWrite: { writes: number; meanMs: number; p99AtMostMs: number } | null
}

/**
 * Clients for a load shape: editors at each table, then each moderator at every table. The first
 * editor of each table comes first, alone: on Tablenotes it loads (and seeds) the table, on a
 * reference it writes the same seed, so every server then serves the same documents.
 */
export function planClients(
  server: RunningServer,
  shape: LoadShape,
  instances = 1,
): { first: ClientPlan[]; rest: ClientPlan[] } {
  const first: ClientPlan[] = []
  const rest: ClientPlan[] = []
  const nextId = () => first.length + rest.length
  for (let table = 1; table <= shape.tables; table++) {
    for (let editor = 0; editor < shape.editorsPerTable; editor++) {
      const id = nextId()
      const address = server.address(`t${table}`, 'editor', id % instances)
      if (editor > 0) {
        rest.push({ id, address, types: true })
      } else if (server.kind === 'tablenotes') {
        first.push({ id, address, types: true })
      } else {
        first.push({ id, address, types: true, seed: createTableSeed(session, `t${table}`) })
      }
    }
  }
  for (let moderator = 0; moderator < shape.moderators; moderator++) {
    for (let table = 1; table <= shape.tables; table++) {
      const id = nextId()
      const address = server.address(`t${table}`, 'moderator', moderator % instances)
      rest.push({ id, address, types: false })
    }
  }
  return { first, rest }
}

/** Connects the shape's clients to a running server, types, and measures both sides. */
export async function runLoad(
  server: RunningServer,
  shape: LoadShape,
  instances = 1,
): Promise<LoadFigures> {
  const generator = new LoadGenerator(GENERATOR_WORKERS)
  try {
    const { first, rest } = planClients(server, shape, instances)
    const syncMs = [...(await generator.connect(first))]
    await sleep(500)
    syncMs.push(...(await generator.connect(rest)))
    await sleep(1000)
    const idle = new ServerSampler(server.pids)
    const idleRssMiB = idle.rss()
    idle.stop()
    const metricsBefore = storeWrites(await server.metrics())
    const sampler = new ServerSampler(server.pids)
    const result = await generator.type(shape.editsPerSecond, shape.durationMs)
    const { cpuSeconds, peakRssMiB } = sampler.stop()
    const metricsAfter = storeWrites(await server.metrics())
    return {
      ...result,
      ...syncFigures(syncMs),
      server: {
        cpuSeconds,
        cpuShare: cpuSeconds / (shape.durationMs / 1000),
        idleRssMiB,
        peakRssMiB,
      },
      storeWrite: storeWriteLatency(metricsBefore, metricsAfter),
    }
  } finally {
    await generator.close()
  }
}

/** Whether a run held: every edit arrived, once, everywhere alike, with p99 within 50 ms. */
export const held = (figures: LoadFigures) =>
  figures.lost === 0 && figures.duplicated === 0 && figures.converged && figures.latency.p99 <= 50

/**
 * RSS added per loaded table: one client per table, each having written 1 KB, then idle. The
 * references' documents get the same seed a Tablenotes table starts with (its questions), so
 * every server holds the same documents.
 */
export async function memoryPerIdleTable(
  kind: ServerKind,
  tables: number,
): Promise<{ baseMiB: number; perTableKiB: number }> {
  const server = await startServer(kind)
  const clients: ReturnType<typeof openBenchClient>[] = []
  try {
    await sleep(1000)
    const sampler = new ServerSampler(server.pids)
    const baseMiB = sampler.rss()
    for (let start = 1; start <= tables; start += 50) {
      const batch = Array.from({ length: Math.min(50, tables - start + 1) }, (_, i) =>
        openBenchClient(server.address(`t${start + i}`, 'editor')),
      )
      clients.push(...batch)
      await Promise.all(batch.map((client) => client.synced))
      for (const [index, client] of batch.entries()) {
        if (kind !== 'tablenotes')
          Y.applyUpdate(client.doc, createTableSeed(session, `t${start + index}`))
        benchText(client.doc).insert(0, 'x'.repeat(1024))
      }
    }
    await sleep(3000)
    const loadedMiB = sampler.rss()
    sampler.stop()
    return { baseMiB, perTableKiB: ((loadedMiB - baseMiB) * 1024) / tables }
  } finally {
    for (const client of clients) client.destroy()
    await server.stop()
  }
}

const ONE_MB_IN_CHUNKS = 1024
const CHUNK = 'y'.repeat(1024)

/** Opens a fresh client and times it until it holds the whole text. */
async function timeFreshLoad(server: RunningServer, length: number): Promise<number | null> {
  const started = performance.now()
  const client = openBenchClient(server.address('t1', 'editor'))
  try {
    await Promise.race([client.synced, sleep(30_000)])
    const text = benchText(client.doc)
    const deadline = performance.now() + 10_000
    while (text.length < length && performance.now() < deadline) await sleep(1)
    return text.length === length ? performance.now() - started : null
  } finally {
    client.destroy()
  }
}

/**
 * S4: a table holding 1 MB of text (typed as 1,024 changes of 1 KB) loaded by a fresh client,
 * with the document in the server's memory, and (where the server keeps documents) after a
 * restart, from its storage.
 */
export async function coldLoad(
  kind: ServerKind,
  samples: number,
): Promise<{ inMemoryMs: number[]; fromStorageMs: Array<number | null> | null }> {
  let server = await startServer(kind)
  const writer = openBenchClient(server.address('t1', 'editor'))
  await writer.synced
  const text = benchText(writer.doc)
  for (let chunk = 0; chunk < ONE_MB_IN_CHUNKS; chunk++) {
    text.insert(text.length, CHUNK)
    if (chunk % 32 === 0) await sleep(5)
  }
  const length = text.length
  // Let every server settle: Hocuspocus stores its snapshot 2 s after the last change, and
  // Tablenotes compacts the table's many small rows into one.
  await sleep(3000)
  const check = await timeFreshLoad(server, length)
  if (check === null) throw new Error(`${kind}: a fresh client never received the whole 1 MB`)
  const inMemoryMs: number[] = []
  for (let sample = 0; sample < samples; sample++)
    inMemoryMs.push((await timeFreshLoad(server, length))!)
  writer.destroy()
  let fromStorageMs: Array<number | null> | null = null
  if (kind !== 'y-websocket') {
    fromStorageMs = []
    for (let sample = 0; sample < samples; sample++) {
      // The last client has gone: give the server its time to store (Hocuspocus debounces 2 s).
      await sleep(3000)
      await server.stop()
      server =
        kind === 'tablenotes'
          ? await startTablenotes(session, {
              dataDir: (server as Awaited<ReturnType<typeof startTablenotes>>).dataDir,
            })
          : await startHocuspocus(
              (server as Awaited<ReturnType<typeof startHocuspocus>>).sqliteFile,
            )
      fromStorageMs.push(await timeFreshLoad(server, length))
    }
  }
  await server.stop()
  return { inMemoryMs, fromStorageMs }
}
