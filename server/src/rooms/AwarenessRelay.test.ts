import { decodeAwarenessUpdate, encodeAwarenessUpdate } from '@tablenotes/shared'
import { describe, expect, it } from 'vitest'
import { AwarenessRelay } from './AwarenessRelay.js'

const update = (clientId: number, clock: number, state: unknown) =>
  encodeAwarenessUpdate([{ clientId, clock, stateJson: JSON.stringify(state) }])

const relayed = (bytes: Uint8Array | null) => (bytes ? decodeAwarenessUpdate(bytes) : [])

describe('AwarenessRelay', () => {
  it('relays newer states and drops stale ones', () => {
    const relay = new AwarenessRelay()
    const socket = {}
    expect(relayed(relay.receive(socket, update(1, 2, { name: 'A' })))).toHaveLength(1)
    expect(relay.receive(socket, update(1, 1, { name: 'old' }))).toBeNull()
    expect(relay.receive(socket, update(1, 2, { name: 'same clock' }))).toBeNull()
    expect(relayed(relay.encodeAll())).toEqual([
      { clientId: 1, clock: 2, stateJson: '{"name":"A"}' },
    ])
  })

  it('lets a connection speak only for the first client id it used', () => {
    const relay = new AwarenessRelay()
    const socket = {}
    relay.receive(socket, update(1, 1, { name: 'me' }))
    expect(relay.receive(socket, update(2, 1, { name: 'someone else' }))).toBeNull()
    expect(relayed(relay.encodeAll()).map((entry) => entry.clientId)).toEqual([1])
  })

  it('removes a closed connection state and relays the removal', () => {
    const relay = new AwarenessRelay()
    const socket = {}
    relay.receive(socket, update(7, 3, { name: 'leaving' }))
    expect(relayed(relay.remove(socket))).toEqual([{ clientId: 7, clock: 4, stateJson: 'null' }])
    expect(relay.encodeAll()).toBeNull()
  })

  it('hands a state over to the reconnected socket; the stale socket cannot remove it', () => {
    const relay = new AwarenessRelay()
    const oldSocket = {}
    const newSocket = {}
    relay.receive(oldSocket, update(5, 1, { name: 'Amina' }))
    relay.receive(newSocket, update(5, 1, { name: 'Amina' }))
    expect(relay.remove(oldSocket)).toBeNull()
    expect(relayed(relay.encodeAll()).map((entry) => entry.clientId)).toEqual([5])
    expect(relayed(relay.remove(newSocket))).toHaveLength(1)
  })
})
