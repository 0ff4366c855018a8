import { type ChildProcess, fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { percentile } from '../measure.js'
import { pinGenerator } from './pinning.js'
import type { ClientPlan, FromWorker, ToWorker, WorkerReport } from './workerMessages.js'

const WORKER = fileURLToPath(new URL('./loadWorker.ts', import.meta.url))

/** What one typing run measured, over every worker. */
export interface LoadResult {
  clients: number
  syncP50Ms: number
  syncP99Ms: number
  latency: { p50: number; p95: number; p99: number; max: number }
  editsSent: number
  deliveriesExpected: number
  deliveriesPerSecond: number
  lost: number
  duplicated: number
  /** Every client of every room ended with the same text, holding every edit typed there. */
  converged: boolean
  generator: { cpuSecondsPerSecond: number; loopDelayP99Ms: number; loopDelayMaxMs: number }
}

/** A set of worker processes driving clients; the clients live as long as the generator. */
export class LoadGenerator {
  private readonly workers: ChildProcess[]
  private readonly plans: ClientPlan[][]

  constructor(workers: number) {
    this.workers = Array.from({ length: workers }, () =>
      fork(WORKER, [], {
        execArgv: ['--import', 'tsx'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        // Seeds travel as bytes and latencies as long arrays: structured clone, not JSON.
        serialization: 'advanced',
      }),
    )
    this.plans = this.workers.map(() => [])
    pinGenerator(this.workers.map((worker) => worker.pid!))
  }

  private ask(worker: ChildProcess, message: ToWorker, answer: FromWorker['type']) {
    return new Promise<FromWorker>((resolve, reject) => {
      const onMessage = (reply: FromWorker) => {
        if (reply.type !== answer) return
        worker.off('message', onMessage)
        worker.off('exit', onExit)
        resolve(reply)
      }
      const onExit = (code: number | null) => reject(new Error(`load worker exited (${code})`))
      worker.on('message', onMessage)
      worker.once('exit', onExit)
      worker.send(message)
    })
  }

  /** Opens the clients, spread over the workers; resolves with each one's time to first sync. */
  async connect(clients: ClientPlan[]): Promise<number[]> {
    const shares = this.workers.map((): ClientPlan[] => [])
    for (const [index, client] of clients.entries()) shares[index % shares.length]!.push(client)
    const replies = await Promise.all(
      this.workers.map((worker, index) => {
        this.plans[index]!.push(...shares[index]!)
        return this.ask(worker, { type: 'connect', clients: shares[index]! }, 'connected')
      }),
    )
    return replies.flatMap((reply) => (reply.type === 'connected' ? reply.syncMs : []))
  }

  /** Every editor types `editsPerSecond` for `durationMs`; then the figures of the whole run. */
  async type(
    editsPerSecond: number,
    durationMs: number,
    settleMs = 2000,
  ): Promise<Omit<LoadResult, 'syncP50Ms' | 'syncP99Ms'>> {
    const startAt = Date.now() + 300
    await Promise.all(
      this.workers.map((worker) =>
        this.ask(worker, { type: 'type', editsPerSecond, durationMs, startAt }, 'typed'),
      ),
    )
    await new Promise((resolve) => setTimeout(resolve, settleMs))
    const reports = (
      await Promise.all(
        this.workers.map((worker) => this.ask(worker, { type: 'report' }, 'report')),
      )
    ).flatMap((reply) => (reply.type === 'report' ? [reply.report] : []))
    return this.summarise(reports, durationMs)
  }

  private summarise(reports: WorkerReport[], durationMs: number) {
    const plans = this.plans.flat()
    const sent: Record<number, number> = Object.assign({}, ...reports.map((r) => r.sent))
    const clientsInRoom = new Map<string, number>()
    for (const plan of plans) {
      clientsInRoom.set(plan.address.room, (clientsInRoom.get(plan.address.room) ?? 0) + 1)
    }
    let expected = 0
    const editsInRoom = new Map<string, number>()
    for (const plan of plans) {
      const typed = sent[plan.id] ?? 0
      expected += typed * ((clientsInRoom.get(plan.address.room) ?? 1) - 1)
      editsInRoom.set(plan.address.room, (editsInRoom.get(plan.address.room) ?? 0) + typed)
    }
    const texts = new Map<string, Array<{ digest: string; edits: number }>>()
    for (const report of reports) {
      for (const [room, list] of Object.entries(report.finalTexts)) {
        texts.set(room, [...(texts.get(room) ?? []), ...list])
      }
    }
    const converged = [...texts].every(
      ([room, list]) =>
        list.every((text) => text.digest === list[0]?.digest) &&
        list.every((text) => text.edits === (editsInRoom.get(room) ?? 0)),
    )
    const latencies = reports.flatMap((r) => r.latenciesMs).sort((a, b) => a - b)
    const delivered = reports.reduce((sum, r) => sum + r.delivered, 0)
    const seconds = durationMs / 1000
    return {
      clients: plans.length,
      latency: {
        p50: percentile(latencies, 50),
        p95: percentile(latencies, 95),
        p99: percentile(latencies, 99),
        max: latencies.at(-1) ?? Number.NaN,
      },
      editsSent: Object.values(sent).reduce((sum, n) => sum + n, 0),
      deliveriesExpected: expected,
      deliveriesPerSecond: delivered / seconds,
      lost: expected - delivered,
      duplicated: reports.reduce((sum, r) => sum + r.duplicates, 0),
      converged,
      generator: {
        cpuSecondsPerSecond: reports.reduce((sum, r) => sum + r.cpuSeconds, 0) / seconds,
        loopDelayP99Ms: Math.max(...reports.map((r) => r.loopDelayP99Ms)),
        loopDelayMaxMs: Math.max(...reports.map((r) => r.loopDelayMaxMs)),
      },
    }
  }

  async close(): Promise<void> {
    await Promise.all(
      this.workers.map(
        (worker) =>
          new Promise<void>((resolve) => {
            if (worker.exitCode !== null) return resolve()
            worker.once('exit', () => resolve())
            worker.send({ type: 'close' } satisfies ToWorker)
          }),
      ),
    )
  }
}

export function syncFigures(syncMs: number[]): { syncP50Ms: number; syncP99Ms: number } {
  const sorted = [...syncMs].sort((a, b) => a - b)
  return { syncP50Ms: percentile(sorted, 50), syncP99Ms: percentile(sorted, 99) }
}
