import { describe, expect, it } from 'vitest'
import { openMemoryStore } from '../storage/memory/memoryStore.js'
import { UpdateWriter } from './UpdateWriter.js'

const bytes = (...values: number[]) => Uint8Array.from(values)

describe('UpdateWriter on the in-memory store', () => {
  it('commits the writes of every room made in one turn in one transaction, then flushes', async () => {
    const store = openMemoryStore()
    const batches: number[] = []
    const writer = new UpdateWriter(store, (_seconds, updates) => batches.push(updates))
    const stages: string[] = []
    const first = writer.write('s/t1', [{ update: bytes(1), fromClient: true }])
    const second = writer.write('s/t2', [
      { update: bytes(2), fromClient: true },
      { update: bytes(3), fromClient: false },
    ])
    void first.committed.then(() => stages.push('committed'))
    void first.onDisk.then(() => stages.push('on disk'))
    await Promise.all([first.onDisk, second.onDisk])

    expect(batches).toEqual([3])
    expect(store.progress.committed).toBe(1)
    expect(store.progress.onDisk).toBe(1)
    expect(stages).toEqual(['committed', 'on disk'])
    expect((await store.loadRoom('s/t1')).map((row) => row.update)).toStrictEqual([bytes(1)])
    expect((await store.loadRoom('s/t2')).map((row) => row.update)).toStrictEqual([
      bytes(2),
      bytes(3),
    ])
    expect([...(await store.lastEdits(['s/t1', 's/t2'])).keys()]).toEqual(['s/t1', 's/t2'])
    await store.close()
  })

  it('rejects both stages of a batch the store refused, and commits the next batch', async () => {
    const store = openMemoryStore()
    const writer = new UpdateWriter(store)
    const refusal = new Error('disk full')
    store.refuseWrites(refusal)
    const refused = writer.write('s/t1', [{ update: bytes(1), fromClient: true }])
    await expect(refused.committed).rejects.toBe(refusal)
    await expect(refused.onDisk).rejects.toBe(refusal)
    expect(await store.loadRoom('s/t1')).toEqual([])

    store.refuseWrites(null)
    const next = writer.write('s/t1', [{ update: bytes(2), fromClient: true }])
    await next.onDisk
    expect((await store.loadRoom('s/t1')).map((row) => row.update)).toStrictEqual([bytes(2)])
    expect(store.progress.onDisk).toBe(store.progress.committed)
    await store.close()
  })

  it('drains: resolves once everything written before is on disk', async () => {
    const store = openMemoryStore()
    const writer = new UpdateWriter(store)
    for (let n = 0; n < 5; n++)
      void writer.write(`s/t${n}`, [{ update: bytes(n), fromClient: false }])
    await writer.drain()
    expect(await store.listRooms()).toEqual(['s/t0', 's/t1', 's/t2', 's/t3', 's/t4'])
    expect(store.progress.onDisk).toBe(store.progress.committed)
    await store.close()
  })
})
