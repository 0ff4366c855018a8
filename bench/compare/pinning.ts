import { execFileSync } from 'node:child_process'
import os from 'node:os'

/**
 * Which CPU the servers run on and which the load generator (its workers and this process) runs
 * on, so that neither steals the other's core (issue 19.4). Applied with util-linux's `taskset`
 * to every server process alike; null when the machine has one CPU or no `taskset`, and then
 * nothing is pinned and the report says so.
 */
export interface Pinning {
  serverCpu: number
  generatorCpu: number
}

function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['--version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

/** The last CPU for servers, the first for the generator; null if they cannot be separated. */
export const PINNING: Pinning | null =
  os.cpus().length >= 2 && hasTaskset()
    ? { serverCpu: os.cpus().length - 1, generatorCpu: 0 }
    : null

/**
 * Pins every thread of process `pid` to `cpu` (`taskset -a -p -c`); threads it starts later
 * inherit the affinity. Throws if taskset fails (no such process, a CPU that is not there).
 */
function pin(pid: number, cpu: number): void {
  execFileSync('taskset', ['-a', '-p', '-c', String(cpu), String(pid)], { stdio: 'ignore' })
}

/** Pins server processes to the server CPU; nothing without a pinning. */
export function pinServer(pids: readonly number[]): void {
  if (PINNING) for (const pid of pids) pin(pid, PINNING.serverCpu)
}

/** Pins load-generator processes (workers, the run itself) to the generator CPU. */
export function pinGenerator(pids: readonly number[]): void {
  if (PINNING) for (const pid of pids) pin(pid, PINNING.generatorCpu)
}

/** How the report names the pinning, e.g. "servers on CPU 1, load generator on CPU 0 (taskset)". */
export function describePinning(pinning: Pinning | null): string {
  return pinning
    ? `servers on CPU ${pinning.serverCpu}, load generator (workers and the run) on CPU ${pinning.generatorCpu}, with taskset`
    : 'not pinned (one CPU, or no taskset): servers and the load generator share every core'
}
