/** Upper bounds, in seconds, of the store write latency histogram. */
const STORE_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]

const HELP: Record<string, string> = {
  tablenotes_updates_stored_total: 'Updates appended to storage.',
  tablenotes_bytes_received_total: 'Bytes of frames received from clients.',
  tablenotes_bytes_sent_total: 'Bytes of frames sent to clients.',
  tablenotes_refused_connections_total: 'Connections closed by the server, by close code.',
}

/**
 * The process's counters for `/metrics`, in Prometheus text format. Plain counters and one
 * histogram, kept in memory; gauges are read when the page is asked for.
 */
export class Metrics {
  private readonly counters = new Map<string, Map<string, number>>()
  private readonly buckets = STORE_BUCKETS.map(() => 0)
  private storeWrites = 0
  private storeSeconds = 0

  count(name: keyof typeof HELP, by = 1, labels: Record<string, string> = {}): void {
    const series = this.counters.get(name) ?? new Map<string, number>()
    const key = Object.entries(labels)
      .map(([label, value]) => `${label}="${value.replace(/["\\\n]/g, '_')}"`)
      .join(',')
    series.set(key, (series.get(key) ?? 0) + by)
    this.counters.set(name, series)
  }

  /** One batch written to storage: how long it took and how many updates it held. */
  storeWrite(seconds: number, updates: number): void {
    this.storeWrites++
    this.storeSeconds += seconds
    STORE_BUCKETS.forEach((bound, index) => {
      if (seconds <= bound) this.buckets[index]!++
    })
    this.count('tablenotes_updates_stored_total', updates)
  }

  render(gauges: Record<string, { help: string; value: number }>): string {
    const lines: string[] = []
    for (const [name, { help, value }] of Object.entries(gauges)) {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`, `${name} ${value}`)
    }
    for (const [name, help] of Object.entries(HELP)) {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`)
      const series = this.counters.get(name) ?? new Map([['', 0]])
      for (const [labels, value] of series)
        lines.push(`${name}${labels ? `{${labels}}` : ''} ${value}`)
    }
    const histogram = 'tablenotes_store_write_seconds'
    lines.push(
      `# HELP ${histogram} Time to append one batch of updates to storage.`,
      `# TYPE ${histogram} histogram`,
    )
    STORE_BUCKETS.forEach((bound, index) => {
      lines.push(`${histogram}_bucket{le="${bound}"} ${this.buckets[index]}`)
    })
    lines.push(
      `${histogram}_bucket{le="+Inf"} ${this.storeWrites}`,
      `${histogram}_sum ${this.storeSeconds}`,
      `${histogram}_count ${this.storeWrites}`,
    )
    return `${lines.join('\n')}\n`
  }
}
