import { describe, expect, it } from 'vitest'
import { MapStorage } from '../testing/MapStorage.js'
import { UnsentRecord } from './unsentRecord.js'

describe('UnsentRecord', () => {
  it('is shared by the tabs of a room, and cleared by what the server stored', () => {
    const storage = new MapStorage()
    const tabA = new UnsentRecord('s/t1', storage)
    const tabB = new UnsentRecord('s/t1', storage)
    expect(tabA.since()).toBeNull()
    tabA.note(1, 5, false, 1000, 2)
    tabB.note(2, 9, false, 500)
    tabA.note(1, 8, false, 2000, 2)
    expect(tabB.since()).toBe(500)
    // The server stored writer 1 up to 8 and writer 2 up to 3: only writer 2's changes wait.
    tabA.acknowledge(
      new Map([
        [1, 8],
        [2, 3],
      ]),
      false,
    )
    expect(tabB.since()).toBe(500)
    tabB.acknowledge(new Map([[2, 9]]), false)
    expect(tabA.since()).toBeNull()
    expect(storage.length).toBe(0)
  })

  it('keeps a deletion until the whole document is confirmed', () => {
    const record = new UnsentRecord('s/t1', new MapStorage())
    record.note(1, 5, true, 1000)
    record.acknowledge(new Map([[1, 5]]), false)
    expect(record.since()).toBe(1000)
    record.acknowledge(new Map([[1, 5]]), true)
    expect(record.since()).toBeNull()
  })

  it('tells what a loaded copy lacks, and what the server had of it', () => {
    const record = new UnsentRecord('s/t1', new MapStorage())
    record.note(1, 10, false, 1000, 4)
    record.note(2, 3, false, 3000)
    const loaded = new Map([
      [1, 10],
      [7, 40],
    ])
    expect(record.missingFrom(loaded)).toEqual({ clocks: new Map([[2, 3]]), since: 3000 })
    expect(record.storedPartOf(loaded)).toEqual(
      new Map([
        [1, 4],
        [2, 0],
        [7, 40],
      ]),
    )
    record.forget([2])
    expect(record.missingFrom(loaded)).toBeNull()
  })

  it('goes on without a usable storage', () => {
    const storage = new MapStorage()
    storage.setItem('tablenotes:unsent:s/t1', 'not json')
    const record = new UnsentRecord('s/t1', storage)
    expect(record.since()).toBeNull()
    storage.failWrites = true
    record.note(1, 1, false, 1)
    expect(record.since()).toBeNull()
  })
})
