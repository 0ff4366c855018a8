import {
  decodeAwarenessUpdate,
  encodeAwarenessUpdate,
  MessageTooLargeError,
} from '@tablenotes/shared'
import { describe, expect, it } from 'vitest'
import { AwarenessRelay } from './AwarenessRelay.js'

const update = (clientId: number, clock: number, state: unknown) =>
  encodeAwarenessUpdate([{ clientId, clock, stateJson: JSON.stringify(state) }])

const relayed = (bytes: Uint8Array | null) => (bytes ? decodeAwarenessUpdate(bytes) : [])

/** A relay where one connection (`holder`) announced Amina as `clientId` at `clock`. */
function heldBy(clientId: number, clock: number) {
  const relay = new AwarenessRelay()
  const holder = {}
  relay.receive(holder, update(clientId, clock, { name: 'Amina' }))
  return { relay, holder, other: {} }
}

describe('AwarenessRelay', () => {
  it('relays newer states and drops stale ones', () => {
    const relay = new AwarenessRelay()
    const socket = {}
    expect(relayed(relay.receive(socket, update(1, 2, { name: 'A' })).relay)).toHaveLength(1)
    expect(relay.receive(socket, update(1, 1, { name: 'old' })).relay).toBeNull()
    expect(relay.receive(socket, update(1, 2, { name: 'same clock' })).relay).toBeNull()
    expect(relayed(relay.encodeAll())).toEqual([
      { clientId: 1, clock: 2, stateJson: '{"name":"A"}' },
    ])
  })

  it('lets a connection speak only for the first client id it used', () => {
    const relay = new AwarenessRelay()
    const socket = {}
    relay.receive(socket, update(1, 1, { name: 'me' }))
    expect(relay.receive(socket, update(2, 1, { name: 'someone else' })).relay).toBeNull()
    expect(relayed(relay.encodeAll()).map((entry) => entry.clientId)).toEqual([1])
  })

  it('removes a closed connection state and relays the removal', () => {
    const relay = new AwarenessRelay()
    const socket = {}
    relay.receive(socket, update(7, 3, { name: 'leaving' }))
    expect(relayed(relay.remove(socket))).toEqual([{ clientId: 7, clock: 4, stateJson: 'null' }])
    expect(relay.encodeAll()).toBeNull()
  })

  it('keeps a client id with its first connection while it lives: no rename, no removal', () => {
    const { relay, holder: victim, other: impostor } = heldBy(5, 1)
    expect(relay.receive(impostor, update(5, 99, { name: 'Mallory' })).relay).toBeNull()
    expect(relayed(relay.receive(victim, update(5, 2, { name: 'Amina B.' })).relay)).toHaveLength(1)
    // Bound to the id it tried to take, the impostor cannot speak as itself either.
    expect(relay.receive(impostor, update(6, 1, { name: 'me' })).relay).toBeNull()
    expect(relay.remove(impostor)).toBeNull()
    expect(relayed(relay.encodeAll())).toEqual([
      { clientId: 5, clock: 2, stateJson: '{"name":"Amina B."}' },
    ])
  })

  it('lets a reconnected client take its id over once the old socket has closed', () => {
    const { relay, holder: oldSocket, other: newSocket } = heldBy(5, 3)
    expect(relay.receive(newSocket, update(5, 3, { name: 'Amina' })).relay).toBeNull()
    expect(relayed(relay.remove(oldSocket))).toEqual([{ clientId: 5, clock: 4, stateJson: 'null' }])
    // What a y-protocols client sends on receiving the removal of its own state.
    expect(relayed(relay.receive(newSocket, update(5, 5, { name: 'Amina' })).relay)).toHaveLength(1)
    expect(relayed(relay.remove(newSocket))).toHaveLength(1)
  })

  it('answers a client that returns after its removal with that removal, then relays its renewal', () => {
    const relay = new AwarenessRelay()
    const dropped = {}
    const returned = {}
    relay.receive(dropped, update(5, 3, { name: 'Amina' }))
    expect(relayed(relay.remove(dropped))).toEqual([{ clientId: 5, clock: 4, stateJson: 'null' }])
    // y-websocket announces the state it had, with its old clock, which peers told of the
    // removal ignore: the server sends the removal back instead of relaying it.
    const back = relay.receive(returned, update(5, 3, { name: 'Amina' }))
    expect(back.relay).toBeNull()
    expect(relayed(back.reply)).toEqual([{ clientId: 5, clock: 4, stateJson: 'null' }])
    // The y-protocols client's answer: its state again, one past the removal.
    const renewed = relay.receive(returned, update(5, 5, { name: 'Amina' }))
    expect(relayed(renewed.relay)).toEqual([
      { clientId: 5, clock: 5, stateJson: '{"name":"Amina"}' },
    ])
    expect(renewed.reply).toBeNull()
    expect(relayed(relay.encodeAll()).map((entry) => entry.clock)).toEqual([5])
  })

  it('sends nothing back to a client that leaves by itself, and holds no closed connection', () => {
    const relay = new AwarenessRelay()
    const socket = {}
    relay.receive(socket, update(5, 3, { name: 'Amina' }))
    expect(relay.receive(socket, update(5, 4, null)).relay).not.toBeNull()
    expect(relay.remove(socket)).toBeNull()
    // A later connection may take the id, and a stale removal is not answered.
    expect(relay.receive({}, update(5, 4, null)).reply).toBeNull()
    expect(relayed(relay.receive({}, update(5, 5, { name: 'Amina' })).relay)).toHaveLength(1)
  })

  it('refuses a state over 64 KiB before applying anything of the update', () => {
    const relay = new AwarenessRelay()
    const socket = {}
    const huge = encodeAwarenessUpdate([
      { clientId: 1, clock: 1, stateJson: '{"name":"ok"}' },
      { clientId: 1, clock: 2, stateJson: JSON.stringify({ pad: 'x'.repeat(64 * 1024) }) },
    ])
    expect(() => relay.receive(socket, huge)).toThrow(MessageTooLargeError)
    expect(relay.encodeAll()).toBeNull()
  })

  it('drops remote presence for a client id a local connection holds, and takes the rest', () => {
    const relay = new AwarenessRelay()
    const local = {}
    relay.receive(local, update(5, 1, { name: 'Amina' }))
    expect(relay.receiveRemote(update(5, 9, { name: 'Mallory' }))).toBeNull()
    expect(relay.receiveRemote(update(5, 9, null))).toBeNull()
    expect(relayed(relay.receiveRemote(update(8, 1, { name: 'Bo' })))).toHaveLength(1)
    expect(relayed(relay.encodeAll()).map((entry) => entry.stateJson)).toEqual([
      '{"name":"Amina"}',
      '{"name":"Bo"}',
    ])
    // A local impostor cannot take a client another instance holds.
    expect(relay.receive({}, update(8, 5, { name: 'Mallory' })).relay).toBeNull()
  })
})
