import type { LoadFigures, LoadShape } from './scenarios.js'
import type { ServerKind } from './servers.js'

type PerServer<T> = Partial<Record<ServerKind, T>>

export interface Results {
  quick: boolean
  date: string
  machine: string
  versions: Record<string, string>
  generatorWorkers: number
  /** Which CPUs the servers and the load generator ran on (pinning.ts). */
  pinning: string
  shapes: { S1: LoadShape; S2: LoadShape; s3Steps: number[]; s3Seconds: number }
  s1: PerServer<LoadFigures>
  s2: PerServer<LoadFigures>
  s3: PerServer<{ steps: Array<{ tables: number; figures: LoadFigures }>; heldTables: number }>
  s4: PerServer<{ inMemoryMs: number[]; fromStorageMs: Array<number | null> | null }>
  memory: PerServer<{ baseMiB: number; perTableKiB: number }>
  memoryTables: number
  s5: {
    load: LoadFigures
    merge: { tables: number; kiBPerTable: number; compileMs: number; markdownMs: number }
  } | null
  seconds?: number
}

const REFERENCES: ServerKind[] = ['y-websocket', 'hocuspocus']
const COLUMNS =
  '| | Tablenotes | y-websocket | Hocuspocus | Tablenotes / best reference |\n|---|---:|---:|---:|---:|'

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN

function format(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || Number.isNaN(value)) return 'n/a'
  return value.toLocaleString('en-US', {
    maximumFractionDigits: digits,
    minimumFractionDigits: digits,
  })
}

/** One row: each server's figure and Tablenotes' ratio to the best reference's. */
function row(
  label: string,
  values: PerServer<number | null>,
  better: 'lower' | 'higher' | 'none',
  digits = 1,
): string {
  const references = REFERENCES.map((kind) => values[kind]).filter(
    (value): value is number => typeof value === 'number' && !Number.isNaN(value),
  )
  const best = better === 'lower' ? Math.min(...references) : Math.max(...references)
  const own = values.tablenotes
  const ratio =
    better === 'none' || typeof own !== 'number' || references.length === 0 || best === 0
      ? ''
      : format(own / best, 2)
  return `| ${label} | ${format(values.tablenotes, digits)} | ${format(values['y-websocket'], digits)} | ${format(values.hocuspocus, digits)} | ${ratio} |`
}

function pick<T>(per: PerServer<T>, get: (value: T) => number | null): PerServer<number | null> {
  return Object.fromEntries(Object.entries(per).map(([kind, value]) => [kind, get(value as T)]))
}

/**
 * One row of a table of figures: its label, how a server's figure is read from its results,
 * which way is better (for the ratio column) and how many decimals it shows (1 unless given).
 */
type Metric<T> = readonly [
  label: string,
  read: (value: T) => number | null,
  better: 'lower' | 'higher' | 'none',
  digits?: number,
]

/** A table of figures: the header, then one row per metric with each server's figure. */
function metricRows<T>(per: PerServer<T>, metrics: ReadonlyArray<Metric<T>>): string {
  return [
    COLUMNS,
    ...metrics.map(([label, read, better, digits]) => row(label, pick(per, read), better, digits)),
  ].join('\n')
}

/** The rows of S1's and S2's tables, read from each server's load figures. */
const LOAD_METRICS: ReadonlyArray<Metric<LoadFigures>> = [
  ['clients', (f) => f.clients, 'none', 0],
  ['connect + first sync p50 (ms)', (f) => f.syncP50Ms, 'lower'],
  ['connect + first sync p99 (ms)', (f) => f.syncP99Ms, 'lower'],
  ['propagation p50 (ms)', (f) => f.latency.p50, 'lower', 2],
  ['propagation p95 (ms)', (f) => f.latency.p95, 'lower', 2],
  ['**propagation p99 (ms)**', (f) => f.latency.p99, 'lower', 2],
  ['propagation max (ms)', (f) => f.latency.max, 'lower'],
  ['edits typed', (f) => f.editsSent, 'none', 0],
  ['edits delivered per second', (f) => f.deliveriesPerSecond, 'higher', 0],
  ['edits lost', (f) => f.lost, 'none', 0],
  ['edits duplicated', (f) => f.duplicated, 'none', 0],
  ['all copies converged (1 = yes)', (f) => (f.converged ? 1 : 0), 'none', 0],
  ['server CPU (cores busy while typing)', (f) => f.server.cpuShare, 'lower', 2],
  ['server RSS, clients connected, idle (MiB)', (f) => f.server.idleRssMiB, 'lower'],
  ['server RSS, peak while typing (MiB)', (f) => f.server.peakRssMiB, 'lower'],
  ['store writes', (f) => f.storeWrite?.writes ?? null, 'none', 0],
  ['store write mean (ms)', (f) => f.storeWrite?.meanMs ?? null, 'none', 3],
  ['store write p99 at most (ms)', (f) => f.storeWrite?.p99AtMostMs ?? null, 'none', 1],
  ['generator CPU (cores)', (f) => f.generator.cpuSecondsPerSecond, 'none', 2],
  ['generator event-loop delay p99 (ms)', (f) => f.generator.loopDelayP99Ms, 'none', 1],
]

function describeShape(shape: LoadShape): string {
  const moderators =
    shape.moderators > 0 ? `, plus ${shape.moderators} moderators watching every table` : ''
  return `${shape.tables} table${shape.tables === 1 ? '' : 's'} × ${shape.editorsPerTable} editors${moderators}, each editor typing ${shape.editsPerSecond} insertions a second for ${shape.durationMs / 1000} s`
}

export function renderResults(results: Results): string {
  const { s3, s4, memory, s5 } = results
  const capacityRows = metricRows(s3, [
    ['**largest load held (tables × 5 editors)**', (r) => r.heldTables, 'higher', 0],
    ['editors at that load', (r) => r.heldTables * 5, 'higher', 0],
    [
      'server CPU at that load (cores)',
      (r) => r.steps.find((step) => step.tables === r.heldTables)?.figures.server.cpuShare ?? null,
      'none',
      2,
    ],
    [
      'generator CPU at that load (cores)',
      (r) =>
        r.steps.find((step) => step.tables === r.heldTables)?.figures.generator
          .cpuSecondsPerSecond ?? null,
      'none',
      2,
    ],
  ])
  const steps = Object.entries(s3).flatMap(([kind, r]) =>
    (r?.steps ?? []).map(
      ({ tables, figures: f }) =>
        `| ${kind} | ${tables} | ${format(f.latency.p99, 2)} | ${f.lost} | ${f.duplicated} | ${f.converged ? 'yes' : 'no'} | ${format(f.server.cpuShare, 2)} | ${format(f.generator.cpuSecondsPerSecond, 2)} | ${format(f.generator.loopDelayP99Ms, 1)} |`,
    ),
  )
  const coldRows = metricRows(s4, [
    ['**fresh client, document in memory: median (ms)**', (r) => median(r.inMemoryMs), 'lower'],
    [
      'fresh client after a restart, from storage: median (ms)',
      (r) =>
        r.fromStorageMs
          ? median(r.fromStorageMs.map((ms) => ms ?? Number.POSITIVE_INFINITY))
          : null,
      'lower',
    ],
  ])
  const memoryRows = metricRows(memory, [
    ['server RSS before any table (MiB)', (r) => r.baseMiB, 'none'],
    ['**RSS per loaded idle table (KiB)**', (r) => r.perTableKiB, 'lower'],
  ])
  return `# Tablenotes beside the reference servers

Generated by \`pnpm bench${results.quick ? ' --quick' : ''}\` (bench/compare/run.ts) on ${results.date} UTC in ${results.seconds ?? '?'} s; rerunning it rewrites this file.${results.quick ? '\n\n**A quick run**: shorter typing and fewer capacity steps than `pnpm bench`; figures are indicative.' : ''}

- Machine: ${results.machine}.
- CPU pinning: ${results.pinning}.
- Servers, each started by the run as its own process on a free loopback port, in turn:
  - **Tablenotes** (${results.versions.tablenotes}): \`pnpm start\`'s compiled server on plain Node.js, on SQLite: every update committed to the WAL (synchronous=NORMAL) before it is relayed, and acknowledged after an fdatasync of the WAL off the event loop.
  - **y-websocket**: ${results.versions['y-websocket']}, stock, which stores nothing.
  - **Hocuspocus**: ${results.versions.hocuspocus}, storing a debounced snapshot (2 s, at most 10 s: the defaults), so a crash can lose the last seconds.
  - Yjs ${results.versions.yjs} everywhere.
- Load: stock clients, each with its own Y.Doc and its own socket, spread over ${results.generatorWorkers} worker processes. Each insertion carries its author, a sequence number and the time it was typed; every other client of the document records its arrival, so propagation is measured from typing to arrival, on the clock all processes share. Lost = expected deliveries − distinct deliveries; converged = every copy of every document ended with the same text holding every edit typed there.
- Every server serves the same documents: a Tablenotes table starts with its session's questions (the seed, about 1 KB of structure), and on the references the first client of each table writes that same seed. That first client connects alone, before the others; connect times cover both.
- CPU figures are cores busy (CPU seconds / seconds of typing), of the server's processes and of the generator's, each on the CPU the pinning above gives it.

## S1: one table, 10 editors

${describeShape(results.shapes.S1)}.

${metricRows(results.s1, LOAD_METRICS)}

## S2: 50 tables × 5 editors, 2 moderators watching every table

${describeShape(results.shapes.S2)}. Moderators open every table, as the wall does.

${metricRows(results.s2, LOAD_METRICS)}

## S3: capacity

Tables of 5 editors typing 2 insertions a second each, ${results.shapes.s3Seconds} s per step, steps ${results.shapes.s3Steps.join(', ')} tables, until a step's p99 propagation passes 50 ms or an edit is lost; the result is the largest load held.

${capacityRows}

| server | tables | p99 (ms) | lost | duplicated | converged | server cores | generator cores | generator loop p99 (ms) |
|---|---:|---:|---:|---:|---|---:|---:|---:|
${steps.join('\n')}

## S4: cold load of a table holding 1 MB of text

The text was typed as 1,024 changes of 1 KB; after 3 s to settle, a fresh client opens the table and is timed until it holds all of it (median of several fresh clients, one after the other). y-websocket keeps nothing once its last client leaves, so it has no "from storage" figure.

${coldRows}

## Memory per loaded idle table

${results.memoryTables} tables, one client each, each having written 1 KB, then idle for 3 s. Every server holds the same documents: the references' clients apply the seed a Tablenotes table starts with.

${memoryRows}

## S5: Tablenotes on PostgreSQL + Redis, two instances

${
  s5
    ? `S2's load (${describeShape(results.shapes.S2)}) with each table's clients split between two instances, so every edit crosses Redis to half of its readers; every update stored in PostgreSQL before relay.

| | Tablenotes, 2 instances | Tablenotes, 1 instance on SQLite (S2) |
|---|---:|---:|
| propagation p50 / p95 / p99 / max (ms) | ${format(s5.load.latency.p50, 2)} / ${format(s5.load.latency.p95, 2)} / ${format(s5.load.latency.p99, 2)} / ${format(s5.load.latency.max)} | ${results.s2.tablenotes ? `${format(results.s2.tablenotes.latency.p50, 2)} / ${format(results.s2.tablenotes.latency.p95, 2)} / ${format(results.s2.tablenotes.latency.p99, 2)} / ${format(results.s2.tablenotes.latency.max)}` : 'n/a'} |
| connect + first sync p50 / p99 (ms) | ${format(s5.load.syncP50Ms)} / ${format(s5.load.syncP99Ms)} | ${results.s2.tablenotes ? `${format(results.s2.tablenotes.syncP50Ms)} / ${format(results.s2.tablenotes.syncP99Ms)}` : 'n/a'} |
| edits delivered per second | ${format(s5.load.deliveriesPerSecond, 0)} | ${format(results.s2.tablenotes?.deliveriesPerSecond, 0)} |
| lost / duplicated / converged | ${s5.load.lost} / ${s5.load.duplicated} / ${s5.load.converged ? 'yes' : 'no'} | ${results.s2.tablenotes ? `${results.s2.tablenotes.lost} / ${results.s2.tablenotes.duplicated} / ${results.s2.tablenotes.converged ? 'yes' : 'no'}` : 'n/a'} |
| servers' CPU (cores, both instances) | ${format(s5.load.server.cpuShare, 2)} | ${format(results.s2.tablenotes?.server.cpuShare, 2)} |
| servers' peak RSS (MiB, both instances) | ${format(s5.load.server.peakRssMiB)} | ${format(results.s2.tablenotes?.server.peakRssMiB)} |
| store write mean (ms) | ${format(s5.load.storeWrite?.meanMs, 3)} | ${format(results.s2.tablenotes?.storeWrite?.meanMs, 3)} |

The merge: ${s5.merge.tables} tables of about ${format(s5.merge.kiBPerTable)} KiB each, compiled into the synthesis by \`POST /api/sessions/<id>/synthesis/compile\` on one instance in ${format(s5.merge.compileMs, 0)} ms; its Markdown export took ${format(s5.merge.markdownMs, 0)} ms.`
    : 'Not run.'
}
`
}
