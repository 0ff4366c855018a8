/**
 * Tablenotes under S2's load with V8's CPU profiler on: writes the profile (open it in Chrome's
 * DevTools or speedscope for a flame graph) and prints where the server's time went.
 * Run: pnpm bench:profile [editsPerSecond] [seconds]
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { benchSession } from '../measure.js'
import { pinGenerator } from './pinning.js'
import { runLoad } from './scenarios.js'
import { startTablenotes } from './servers.js'

const editsPerSecond = Number(process.argv[2] ?? 2)
const seconds = Number(process.argv[3] ?? 10)
pinGenerator([process.pid])
const profiles = mkdtempSync(path.join(tmpdir(), 'tablenotes-profile-'))
const server = await startTablenotes(benchSession('bench', 'Benchmark', 50), {
  nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${profiles}`],
})
const shape = {
  tables: 50,
  editorsPerTable: 5,
  moderators: 2,
  editsPerSecond,
  durationMs: seconds * 1000,
}
const figures = await runLoad(server, shape)
// The profile is written when the server exits.
await server.stop()
process.stdout.write(
  `propagation p50 ${figures.latency.p50.toFixed(2)} ms, p99 ${figures.latency.p99.toFixed(2)} ms; server ${figures.server.cpuShare.toFixed(2)} cores\n`,
)

interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>
  samples: number[]
  timeDeltas: number[]
}
const file = readdirSync(profiles).find((name) => name.endsWith('.cpuprofile'))!
const profile = JSON.parse(readFileSync(path.join(profiles, file), 'utf8')) as CpuProfile
const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]))
const selfTime = new Map<string, number>()
profile.samples.forEach((sample, index) => {
  const frame = frames.get(sample)!
  const name = `${frame.functionName || '(anonymous)'} ${path.basename(frame.url)}:${frame.lineNumber}`
  selfTime.set(name, (selfTime.get(name) ?? 0) + (profile.timeDeltas[index] ?? 0))
})
const total = [...selfTime.values()].reduce((sum, time) => sum + time, 0)
process.stdout.write(`profile: ${path.join(profiles, file)}\nself time, whole run:\n`)
for (const [name, time] of [...selfTime].sort((a, b) => b[1] - a[1]).slice(0, 15)) {
  process.stdout.write(`${((time / total) * 100).toFixed(1).padStart(5)} %  ${name}\n`)
}
process.exit(0)
