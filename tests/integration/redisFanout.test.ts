import { RedisFanout } from '@tablenotes/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { waitFor } from '../helpers/clients.js'
import { type RedisServer, startRedis } from '../helpers/redis.js'

const quietLog = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
} as unknown as Parameters<typeof RedisFanout.connect>[1]

let redis: RedisServer
const opened: RedisFanout[] = []

beforeAll(async () => {
  redis = await startRedis()
})

afterAll(async () => {
  for (const fanout of opened) await fanout.close()
  await redis?.stop()
})

async function instance(): Promise<RedisFanout> {
  const fanout = await RedisFanout.connect(redis.url, quietLog)
  opened.push(fanout)
  return fanout
}

describe('the Redis fan-out', () => {
  it('relays a room’s messages to the other instances only', async () => {
    const [one, two] = [await instance(), await instance()]
    const heard: Array<[string, string, number[]]> = []
    await one.join('s/t1', (kind, payload) => heard.push(['one', kind, [...payload]]))
    await two.join('s/t1', (kind, payload) => heard.push(['two', kind, [...payload]]))
    await two.join('s/t2', (kind, payload) => heard.push(['two, t2', kind, [...payload]]))
    one.publish('s/t1', 'update', new Uint8Array([1, 2, 3]))
    one.publish('s/t1', 'awareness', new Uint8Array([4]))
    await waitFor('both messages to arrive', () => heard.length >= 2)
    // Barriers: Redis delivers a subscriber's messages in the order it took them, so once `one`
    // hears what `two` published after hearing `one`'s, and `two`'s t2 listener hears what `one`
    // published on t2 after its t1 messages, anything misdelivered would already be here.
    two.publish('s/t1', 'update', new Uint8Array([9]))
    one.publish('s/t2', 'update', new Uint8Array([8]))
    await waitFor(
      'both barriers to arrive',
      () =>
        heard.some(([who, , payload]) => who === 'one' && payload[0] === 9) &&
        heard.some(([who, , payload]) => who === 'two, t2' && payload[0] === 8),
    )
    expect(heard.slice(0, 2)).toEqual([
      ['two', 'update', [1, 2, 3]],
      ['two', 'awareness', [4]],
    ])
    expect(heard.slice(2).sort()).toEqual([
      ['one', 'update', [9]],
      ['two, t2', 'update', [8]],
    ])
  })

  it('never runs two holders of one lock at once, across instances', async () => {
    const [one, two] = [await instance(), await instance()]
    const intervals: Array<[number, number]> = []
    const hold = (fanout: RedisFanout) =>
      fanout.exclusive('compile:s', async () => {
        const start = performance.now()
        await new Promise((resolve) => setTimeout(resolve, 20))
        intervals.push([start, performance.now()])
      })
    await Promise.all(Array.from({ length: 8 }, (_, index) => hold(index % 2 ? one : two)))
    intervals.sort((a, b) => a[0] - b[0])
    expect(intervals).toHaveLength(8)
    for (let index = 1; index < intervals.length; index++) {
      expect(intervals[index]![0]).toBeGreaterThanOrEqual(intervals[index - 1]![1])
    }
  })

  it('refuses to start when Redis cannot be reached, saying where it looked', async () => {
    await expect(RedisFanout.connect('redis://:hunter2@127.0.0.1:1/', quietLog)).rejects.toThrow(
      /Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:1\/ cannot be reached/,
    )
  })
})
