import type { DocAddress } from './servers.js'

/** A client the generator runs: who it is, what it opens, and whether it types. */
export interface ClientPlan {
  id: number
  address: DocAddress
  /** Editors type; watchers (moderators) only receive. */
  types: boolean
  /**
   * The table's seed, for a reference server's first client to apply: a Tablenotes table starts
   * with its questions, so the references' documents must hold the same.
   */
  seed?: Uint8Array
}

export type ToWorker =
  | { type: 'connect'; clients: ClientPlan[] }
  | { type: 'type'; editsPerSecond: number; durationMs: number; startAt: number }
  | { type: 'report' }
  | { type: 'close' }

/** What a worker saw: every figure the parent needs, nothing per message. */
export interface WorkerReport {
  /** Milliseconds from opening to first sync, per client. */
  syncMs: number[]
  /** Milliseconds from an edit's typing to its arrival, per delivery. */
  latenciesMs: number[]
  /** Edits typed, by client id. */
  sent: Record<number, number>
  /** Distinct edits received from others, counted once per receiving client. */
  delivered: number
  /** Edits a client received more than once. */
  duplicates: number
  /** Per room, per client: a digest of the final text and how many edits it holds. */
  finalTexts: Record<string, Array<{ digest: string; edits: number }>>
  /** The worker's own load while typing: CPU seconds and event-loop delay. */
  cpuSeconds: number
  loopDelayP99Ms: number
  loopDelayMaxMs: number
}

export type FromWorker =
  | { type: 'connected'; syncMs: number[] }
  | { type: 'typed' }
  | { type: 'report'; report: WorkerReport }
