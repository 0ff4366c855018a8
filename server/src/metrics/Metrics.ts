import { monitorEventLoopDelay } from 'node:perf_hooks'

/** Upper bounds, in seconds, of the store write latency histogram. */
const STORE_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]

/**
 * The process's counters for `/metrics`, in Prometheus text format. Plain numbers, so counting a
 * frame in the relay's message loop costs an addition; gauges are read when the page is asked for.
 */
export class Metrics {
  bytesReceived = 0
  bytesSent = 0
  updatesStored = 0
  private readonly refusals = new Map<number, number>()
  private readonly buckets = STORE_BUCKETS.map(() => 0)
  private storeWrites = 0
  private storeSeconds = 0
  /**
   * How late the event loop ran its timers, sampled by libuv every 10 ms: a stalled loop delays
   * every relay, so this is the server's own share of a slow propagation.
   */
  private readonly loopDelay = monitorEventLoopDelay({ resolution: 10 })

  constructor() {
    this.loopDelay.enable()
  }

  /** Stops sampling the event loop. */
  close(): void {
    this.loopDelay.disable()
  }

  refused(code: number): void {
    this.refusals.set(code, (this.refusals.get(code) ?? 0) + 1)
  }

  /** One batch written to storage: how long it took and how many updates it held. */
  storeWrite(seconds: number, updates: number): void {
    this.storeWrites++
    this.storeSeconds += seconds
    this.updatesStored += updates
    STORE_BUCKETS.forEach((bound, index) => {
      if (seconds <= bound) this.buckets[index]!++
    })
  }

  render(gauges: Record<string, { help: string; value: number }>): string {
    const lines: string[] = []
    const metric = (name: string, type: string, help: string, samples: string[]) =>
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, ...samples)
    // prom-client's names for the loop's delay; like it, they cover the time since the previous
    // scrape (the histogram is reset below). The histogram counts nanoseconds.
    const loopDelay = {
      nodejs_eventloop_lag_p99_seconds: {
        help: 'Event loop delay, 99th percentile, since the previous scrape.',
        value: this.loopDelay.percentile(99) / 1e9,
      },
      nodejs_eventloop_lag_max_seconds: {
        help: 'Event loop delay, largest, since the previous scrape.',
        value: this.loopDelay.max / 1e9,
      },
    }
    for (const [name, { help, value }] of Object.entries({ ...gauges, ...loopDelay })) {
      metric(name, 'gauge', help, [`${name} ${value}`])
    }
    const counters: Array<[string, string, number]> = [
      ['tablenotes_updates_stored_total', 'Updates appended to storage.', this.updatesStored],
      [
        'tablenotes_bytes_received_total',
        'Bytes of frames received from clients.',
        this.bytesReceived,
      ],
      ['tablenotes_bytes_sent_total', 'Bytes of frames sent to clients.', this.bytesSent],
    ]
    for (const [name, help, value] of counters) metric(name, 'counter', help, [`${name} ${value}`])
    const refused = 'tablenotes_refused_connections_total'
    metric(
      refused,
      'counter',
      'Connections closed by the server, by close code.',
      [...this.refusals].map(([code, count]) => `${refused}{code="${code}"} ${count}`),
    )
    const histogram = 'tablenotes_store_write_seconds'
    metric(histogram, 'histogram', 'Time to commit one batch of updates, before its disk flush.', [
      ...STORE_BUCKETS.map(
        (bound, index) => `${histogram}_bucket{le="${bound}"} ${this.buckets[index]}`,
      ),
      `${histogram}_bucket{le="+Inf"} ${this.storeWrites}`,
      `${histogram}_sum ${this.storeSeconds}`,
      `${histogram}_count ${this.storeWrites}`,
    ])
    this.loopDelay.reset()
    return `${lines.join('\n')}\n`
  }
}
