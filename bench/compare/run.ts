/**
 * Tablenotes beside the y-websocket reference relay and Hocuspocus, in one run on this machine:
 * S1–S5 of issue 8, written to bench/RESULTS.md. Run: pnpm bench (or pnpm bench --quick).
 */
import { readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { fileURLToPath } from 'node:url'
import { describePinning, PINNING, pinGenerator } from './pinning.js'
import { type Results, renderResults } from './report.js'
import { scaleOut } from './scaleOut.js'
import {
  coldLoad,
  GENERATOR_WORKERS,
  held,
  type LoadFigures,
  type LoadShape,
  memoryPerIdleTable,
  runLoad,
  SERVERS,
  startServer,
} from './scenarios.js'
import type { ServerKind } from './servers.js'

const quick = process.argv.includes('--quick')
const pinned: Record<string, string> = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
).dependencies
const version = (name: string) => pinned[name] ?? 'unknown'

const S1: LoadShape = {
  tables: 1,
  editorsPerTable: 10,
  moderators: 0,
  editsPerSecond: 5,
  durationMs: quick ? 6000 : 20_000,
}
const S2: LoadShape = {
  tables: 50,
  editorsPerTable: 5,
  moderators: 2,
  editsPerSecond: 2,
  durationMs: quick ? 6000 : 20_000,
}
const S3_STEPS = quick ? [50, 150, 250] : [50, 100, 150, 200, 250, 300, 400, 500]
const S3_SECONDS = quick ? 5 : 10
const MEMORY_TABLES = quick ? 100 : 200
const COLD_SAMPLES = quick ? 3 : 7
const MERGE_TABLES = 200

const log = (line: string) => process.stdout.write(`${line}\n`)
// Each y-websocket provider adds a process 'exit' listener; hundreds here are expected.
process.setMaxListeners(0)

async function loadOn(kind: ServerKind, shape: LoadShape): Promise<LoadFigures> {
  const server = await startServer(kind)
  try {
    return await runLoad(server, shape)
  } finally {
    await server.stop()
  }
}

/** S3: more tables of 5 typists until a run does not hold; the largest that held. */
async function capacity(kind: ServerKind) {
  const steps: Array<{ tables: number; figures: LoadFigures }> = []
  for (const tables of S3_STEPS) {
    const figures = await loadOn(kind, {
      tables,
      editorsPerTable: 5,
      moderators: 0,
      editsPerSecond: 2,
      durationMs: S3_SECONDS * 1000,
    })
    steps.push({ tables, figures })
    log(
      `  S3 ${kind} ${tables} tables: p99 ${figures.latency.p99.toFixed(1)} ms, lost ${figures.lost}, server ${figures.server.cpuShare.toFixed(2)} cores, generator ${figures.generator.cpuSecondsPerSecond.toFixed(2)} cores`,
    )
    if (!held(figures)) break
  }
  const heldSteps = steps.filter((step) => held(step.figures))
  return { steps, heldTables: heldSteps.at(-1)?.tables ?? 0 }
}

/** One scenario on each server in turn, so that all of them run under the same conditions. */
async function eachServer<T>(
  scenario: string,
  measure: (kind: ServerKind) => Promise<T>,
): Promise<Partial<Record<ServerKind, T>>> {
  const figures: Partial<Record<ServerKind, T>> = {}
  for (const kind of SERVERS) {
    log(`${scenario} ${kind}`)
    figures[kind] = await measure(kind)
  }
  return figures
}

async function main() {
  const started = Date.now()
  // The run itself drives S4's and the memory figure's clients: it is part of the generator.
  pinGenerator([process.pid])
  const results: Results = {
    quick,
    date: new Date().toISOString().slice(0, 16).replace('T', ' '),
    machine: `${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Linux ${os.release()}, Node ${process.version}`,
    versions: {
      tablenotes: 'this commit',
      'y-websocket': `@y/websocket-server ${version('@y/websocket-server')} (clients: y-websocket ${version('y-websocket')})`,
      hocuspocus: `@hocuspocus/server ${version('@hocuspocus/server')} + extension-database on SQLite (clients: @hocuspocus/provider ${version('@hocuspocus/provider')})`,
      yjs: version('yjs'),
    },
    generatorWorkers: GENERATOR_WORKERS,
    pinning: describePinning(PINNING),
    shapes: { S1, S2, s3Steps: S3_STEPS, s3Seconds: S3_SECONDS },
    s1: await eachServer('S1', (kind) => loadOn(kind, S1)),
    s2: await eachServer('S2', (kind) => loadOn(kind, S2)),
    s3: await eachServer('S3', capacity),
    s4: await eachServer('S4', (kind) => coldLoad(kind, COLD_SAMPLES)),
    memory: await eachServer('memory', (kind) => memoryPerIdleTable(kind, MEMORY_TABLES)),
    memoryTables: MEMORY_TABLES,
    s5: null,
  }
  log('S5 tablenotes on PostgreSQL + Redis, two instances')
  results.s5 = await scaleOut(S2, MERGE_TABLES)
  results.seconds = Math.round((Date.now() - started) / 1000)
  const file = fileURLToPath(new URL('../RESULTS.md', import.meta.url))
  writeFileSync(file, renderResults(results))
  log(`wrote ${file} in ${results.seconds} s`)
}

await main()
process.exit(0)
