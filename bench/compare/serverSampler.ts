import { cpuSeconds, rssMiB } from '../measure.js'

/** A server's CPU time and resident memory over a stretch of a run (summed over its processes). */
export class ServerSampler {
  private readonly timer: NodeJS.Timeout
  private peak = 0
  private readonly cpuAtStart: number

  constructor(private readonly pids: readonly number[]) {
    this.cpuAtStart = this.cpu()
    this.peak = this.rss()
    this.timer = setInterval(() => {
      this.peak = Math.max(this.peak, this.rss())
    }, 100)
  }

  rss(): number {
    return this.pids.reduce((sum, pid) => sum + rssMiB(pid), 0)
  }

  private cpu(): number {
    return this.pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0)
  }

  /** CPU seconds used and the highest RSS seen since the sampler started. */
  stop(): { cpuSeconds: number; peakRssMiB: number } {
    clearInterval(this.timer)
    return { cpuSeconds: this.cpu() - this.cpuAtStart, peakRssMiB: Math.max(this.peak, this.rss()) }
  }
}

/** The store write latency histogram of Tablenotes' /metrics, summed over instances. */
export function storeWrites(metrics: readonly string[]): {
  count: number
  sum: number
  buckets: Map<string, number>
} {
  let count = 0
  let sum = 0
  const buckets = new Map<string, number>()
  for (const text of metrics) {
    count += Number(/^tablenotes_store_write_seconds_count (\S+)$/m.exec(text)?.[1] ?? 0)
    sum += Number(/^tablenotes_store_write_seconds_sum (\S+)$/m.exec(text)?.[1] ?? 0)
    for (const match of text.matchAll(
      /^tablenotes_store_write_seconds_bucket\{le="([^"]+)"\} (\S+)$/gm,
    )) {
      buckets.set(match[1]!, (buckets.get(match[1]!) ?? 0) + Number(match[2]))
    }
  }
  return { count, sum, buckets }
}

/** Mean and p99 (as the histogram bucket holding it) of the writes between two readings. */
export function storeWriteLatency(
  before: ReturnType<typeof storeWrites>,
  after: ReturnType<typeof storeWrites>,
): { writes: number; meanMs: number; p99AtMostMs: number } | null {
  const writes = after.count - before.count
  if (writes <= 0) return null
  const target = writes * 0.99
  let p99AtMostMs = Number.POSITIVE_INFINITY
  for (const [bound, total] of after.buckets) {
    if (bound === '+Inf') continue
    if (total - (before.buckets.get(bound) ?? 0) >= target) {
      p99AtMostMs = Math.min(p99AtMostMs, Number(bound) * 1000)
    }
  }
  return { writes, meanMs: ((after.sum - before.sum) / writes) * 1000, p99AtMostMs }
}
