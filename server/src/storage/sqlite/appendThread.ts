import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import type { RoomUpdate } from '../DocStore.js'

/**
 * Appends updates from a worker thread with its own connection to the SQLite file. With
 * `synchronous = FULL` every commit waits for fsync; better-sqlite3 is synchronous, so on the
 * main thread that wait stopped the event loop, and every room's relaying with it (the largest
 * item of the server's CPU profile under load). Here only the updates being stored wait: the
 * caller still relays nothing before the promise resolves, so storing before relaying holds.
 */
export interface AppendThread {
  append(updates: readonly RoomUpdate[]): Promise<void>
  close(): Promise<void>
}

// Plain CommonJS evaluated in the worker, so it runs the same under tsx, vitest and plain node.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
const db = new Database(workerData.file)
db.pragma('busy_timeout = 5000')
db.pragma('synchronous = FULL')
const insert = db.prepare('INSERT INTO updates (room, data) VALUES (?, ?)')
const appendAll = db.transaction((updates) => {
  for (const { room, update } of updates) insert.run(room, Buffer.from(update.buffer, update.byteOffset, update.byteLength))
})
parentPort.on('message', ({ id, updates }) => {
  try {
    appendAll(updates)
    parentPort.postMessage({ id })
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.message ? error.message : error) })
  }
})
`

interface Pending {
  resolve: () => void
  reject: (error: Error) => void
}

export function startAppendThread(file: string): AppendThread {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3')
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver } })
  // An idle writer must not keep a finished process (a command, a test) alive.
  worker.unref()
  const pending = new Map<number, Pending>()
  let nextId = 1
  let failure: Error | null = null
  const failAll = (error: Error) => {
    failure = error
    for (const waiter of pending.values()) waiter.reject(error)
    pending.clear()
  }
  worker.on('message', ({ id, error }: { id: number; error?: string }) => {
    const waiter = pending.get(id)
    pending.delete(id)
    if (pending.size === 0) worker.unref()
    if (error === undefined) waiter?.resolve()
    else waiter?.reject(new Error(error))
  })
  worker.on('error', failAll)
  worker.on('exit', (code) => failAll(new Error(`the SQLite append thread exited (${code})`)))
  return {
    append(updates) {
      if (failure) return Promise.reject(failure)
      const id = nextId++
      // Keeps the process alive until the write is durable and answered.
      worker.ref()
      worker.postMessage({ id, updates })
      return new Promise((resolve, reject) => pending.set(id, { resolve, reject }))
    },
    async close() {
      // Messages are handled in order, so an empty append answers after every earlier one.
      if (!failure) await this.append([]).catch(() => undefined)
      failure = new Error('the store is closed')
      worker.removeAllListeners('exit')
      await worker.terminate()
    },
  }
}
