import { readFileSync } from 'node:fs'
import type { Session } from '@tablenotes/shared'

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** The p-th percentile of ascending values; NaN when there are none. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN
}

/** A process's resident memory (VmRSS), in MiB, from /proc. */
export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]) / 1024
}

/** CPU seconds (user + system) a process has used, from /proc. */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  return (Number(fields[11]) + Number(fields[12])) / 100
}

/** A session for a benchmark: three guiding questions and `tables` numbered tables. */
export function benchSession(
  id: string,
  title: string,
  tables: number,
  region?: (index: number) => string,
): Session {
  return {
    id,
    title,
    questions: [
      { id: 'q1', text: 'What works?' },
      { id: 'q2', text: 'What should change?' },
      { id: 'q3', text: 'What do we recommend?' },
    ],
    tables: Array.from({ length: tables }, (_, i) => ({
      id: `t${i + 1}`,
      name: `Table ${i + 1}`,
      ...(region ? { region: region(i) } : {}),
    })),
  }
}
