import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { describeSaveState } from './describeSaveState.js'
import { SaveTracker } from './saveTracker.js'

function setUp(initialPending = 0) {
  const doc = new Y.Doc()
  let kept = initialPending
  const tracker = new SaveTracker(doc, {
    read: () => kept,
    write: (count) => {
      kept = count
    },
  })
  const text = () => describeSaveState(tracker.current).text
  const type = (word: string) => {
    doc.getText('t').insert(0, word)
    tracker.localChange()
  }
  const storedAll = (storedMessages: number) =>
    tracker.stored({ stateVector: Y.encodeStateVector(doc), storedMessages }, storedMessages)
  return { doc, tracker, text, type, storedAll, kept: () => kept }
}

describe('SaveTracker and the words it shows', () => {
  it('says saved on the server only when the stored message covers messages and content', () => {
    const { doc, tracker, text, type } = setUp()
    tracker.connection('connected')
    type('a')
    tracker.savedLocally()
    expect(text()).toBe('Saved on this device')
    // The server stored the content, but not yet every message this connection sent.
    tracker.stored({ stateVector: Y.encodeStateVector(doc), storedMessages: 1 }, 2)
    expect(text()).toBe('Saved on this device')
    // Every message, but a state vector that lacks the edit.
    tracker.stored({ stateVector: Y.encodeStateVector(new Y.Doc()), storedMessages: 2 }, 2)
    expect(text()).toBe('Saved on this device')
    tracker.stored({ stateVector: Y.encodeStateVector(doc), storedMessages: 2 }, 2)
    expect(text()).toBe('Saved on the server')
  })

  it('counts changes waiting while offline, and keeps the count across a reload', () => {
    const first = setUp()
    first.tracker.connection('offline')
    expect(first.text()).toBe('Offline — everything is saved on the server')
    first.type('a')
    expect(first.text()).toBe('Offline — 1 change waiting')
    first.type('b')
    expect(first.text()).toBe('Offline — 2 changes waiting')
    const reloaded = setUp(first.kept())
    reloaded.tracker.connection('offline')
    expect(reloaded.text()).toBe('Offline — 2 changes waiting')
    reloaded.tracker.connection('connected')
    reloaded.storedAll(1)
    expect(reloaded.text()).toBe('Saved on the server')
    expect(reloaded.kept()).toBe(0)
  })

  it('is never saved on the server while disconnected, and names a refusal', () => {
    const { tracker, text, storedAll } = setUp()
    tracker.connection('connected')
    storedAll(0)
    expect(text()).toBe('Saved on the server')
    tracker.connection('connecting')
    expect(text()).toBe('Reconnecting…')
    tracker.connection('refused', 4404)
    expect(text()).toBe('This table does not exist (any more).')
    tracker.connection('refused', 4413)
    expect(text()).toBe('A change was too large for the server. It is kept on this device.')
  })
})
