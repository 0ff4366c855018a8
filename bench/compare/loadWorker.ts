/**
 * One process of the load generator: opens its share of the clients, types on command, and
 * reports what arrived when. Forked by ./loadGenerator.ts; several run side by side so the
 * generator never shares one event loop with hundreds of clients.
 */
import { createHash } from 'node:crypto'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import * as Y from 'yjs'
import { benchText } from '../benchText.js'
import { type BenchClient, openBenchClient } from './benchClient.js'
import type { ClientPlan, FromWorker, ToWorker, WorkerReport } from './workerMessages.js'

/** `<client>.<seq>@<ms since epoch>;`: what an edit inserts, and all a receiver needs. */
const EDIT = /(\d+)\.(\d+)@(\d+(?:\.\d+)?);/g

/** Milliseconds on a clock every process of this machine shares. */
const now = () => performance.timeOrigin + performance.now()

interface Running {
  plan: ClientPlan
  client: BenchClient
  text: Y.Text
  seen: Set<string>
  seq: number
}

const running: Running[] = []
const latenciesMs: number[] = []
let delivered = 0
let duplicates = 0
const loopDelay = monitorEventLoopDelay({ resolution: 1 })
let cpuAtStart = process.cpuUsage()

function send(message: FromWorker) {
  process.send?.(message)
}

function listen(entry: Running) {
  entry.text.observe((event) => {
    if (event.transaction.local) return
    const arrived = now()
    for (const op of event.delta) {
      if (typeof op.insert !== 'string') continue
      for (const match of op.insert.matchAll(EDIT)) {
        const key = `${match[1]}.${match[2]}`
        if (entry.seen.has(key)) {
          duplicates++
          continue
        }
        entry.seen.add(key)
        delivered++
        latenciesMs.push(arrived - Number(match[3]))
      }
    }
  })
}

async function connect(clients: ClientPlan[]) {
  // A deserialized message's bytes are views into a buffer the next message may reuse: copy.
  const seeds = new Map(clients.map((plan) => [plan.id, plan.seed?.slice()]))
  const syncMs: number[] = []
  await Promise.all(
    clients.map(async (plan) => {
      const started = now()
      const client = openBenchClient(plan.address)
      const entry: Running = {
        plan,
        client,
        text: benchText(client.doc),
        seen: new Set(),
        seq: 0,
      }
      running.push(entry)
      await client.synced
      syncMs.push(now() - started)
      const seed = seeds.get(plan.id)
      if (seed) Y.applyUpdate(client.doc, seed)
      listen(entry)
    }),
  )
  send({ type: 'connected', syncMs })
}

async function type(editsPerSecond: number, durationMs: number, startAt: number) {
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, startAt - Date.now())))
  loopDelay.reset()
  loopDelay.enable()
  cpuAtStart = process.cpuUsage()
  const interval = 1000 / editsPerSecond
  const typists = running.filter((entry) => entry.plan.types)
  const timers = typists.map((entry) => {
    // Spread the typists over the interval, as people do not type in step.
    const first = setTimeout(() => {
      const tick = () => {
        entry.seq++
        entry.text.insert(entry.text.length, `${entry.plan.id}.${entry.seq}@${now().toFixed(2)};`)
      }
      tick()
      timers.push(setInterval(tick, interval))
    }, Math.random() * interval)
    return first
  })
  await new Promise((resolve) => setTimeout(resolve, durationMs))
  for (const timer of timers) clearTimeout(timer)
  loopDelay.disable()
  send({ type: 'typed' })
}

function report(): WorkerReport {
  const cpu = process.cpuUsage(cpuAtStart)
  const finalTexts: WorkerReport['finalTexts'] = {}
  const sent: Record<number, number> = {}
  for (const entry of running) {
    if (entry.plan.types) sent[entry.plan.id] = entry.seq
    const text = entry.text.toString()
    const room = entry.plan.address.room
    finalTexts[room] = finalTexts[room] ?? []
    finalTexts[room].push({
      digest: createHash('sha1').update(text).digest('hex'),
      edits: [...text.matchAll(EDIT)].length,
    })
  }
  return {
    syncMs: [],
    latenciesMs,
    sent,
    delivered,
    duplicates,
    finalTexts,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
    loopDelayMaxMs: loopDelay.max / 1e6,
  }
}

process.setMaxListeners(0)
process.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'connect':
      void connect(message.clients)
      return
    case 'type':
      void type(message.editsPerSecond, message.durationMs, message.startAt)
      return
    case 'report':
      send({ type: 'report', report: report() })
      return
    case 'close':
      for (const entry of running) entry.client.destroy()
      process.exit(0)
  }
})
