import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { UnsentRecord } from '../offline/unsentRecord.js'
import { MapStorage } from '../testing/MapStorage.js'
import { clockTime, describeSaveState } from './describeSaveState.js'
import { SaveTracker } from './saveTracker.js'

const NOW = Date.parse('2026-03-02T14:05:00')

/**
 * A page's tracker over a document, a device's storage (shared by "reloads" and tabs) and a
 * connection whose sent messages the test counts, as openRoom wires them.
 */
function setUp(storage = new MapStorage(), doc = new Y.Doc()) {
  let sent = 0
  let now = NOW
  const record = new UnsentRecord('s/t1', storage)
  const tracker = new SaveTracker(doc, { record, sentMessages: () => sent, now: () => now })
  const text = () => describeSaveState(tracker.current, { now }).text
  const type = (word: string) => {
    doc.getText('t').insert(0, word)
    if (tracker.current.connection === 'connected') sent++
    tracker.documentChanged(true)
  }
  const storedAll = (state: Y.Doc = doc) =>
    tracker.stored({ stateVector: Y.encodeStateVector(state), storedMessages: sent })
  return {
    doc,
    storage,
    record,
    tracker,
    text,
    type,
    storedAll,
    send: () => sent++,
    later: (minutes: number) => {
      now += minutes * 60_000
    },
  }
}

/**
 * A page that types `text` while offline, and the same page opened again on the same
 * localStorage with an empty document: its device copy is gone (the browser deleted the site's
 * IndexedDB, or the page reloaded before it was written), its record of unsent edits is not.
 */
function reopenedAfterOfflineEdit(text: string) {
  const storage = new MapStorage()
  const before = setUp(storage)
  before.tracker.connection('offline')
  before.type(text)
  return { before, after: setUp(storage) }
}

describe('SaveTracker and the words it shows', () => {
  it('says saved on the server only when a stored message covers the messages and the content', () => {
    const { doc, tracker, text, type, storedAll } = setUp()
    tracker.connection('connected')
    storedAll()
    type('a')
    tracker.savedLocally()
    expect(text()).toBe('Saved on this device')
    // Every message this connection sent, but a state vector that lacks the edit.
    tracker.stored({ stateVector: Y.encodeStateVector(new Y.Doc()), storedMessages: 1 })
    expect(text()).toBe('Saved on this device')
    storedAll()
    expect(text()).toBe('Saved on the server')
    // The content, but not yet every message this connection sent.
    type('b')
    tracker.stored({ stateVector: Y.encodeStateVector(doc), storedMessages: 1 })
    expect(text()).not.toBe('Saved on the server')
    storedAll()
    expect(text()).toBe('Saved on the server')
  })

  it('tells offline edits by when they began, across a reload, and clears them once stored', () => {
    const first = setUp()
    first.tracker.connection('offline')
    expect(first.text()).toBe('Offline — everything is saved on the server')
    first.type('a')
    first.later(3)
    first.type('b')
    const since = clockTime(NOW, NOW)
    expect(first.text()).toBe(
      `Offline — your edits since ${since} are kept on this device and will be sent when the connection returns`,
    )
    // The same device reopens the page offline: the device's copy holds the edits.
    const doc = new Y.Doc()
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(first.doc))
    const reloaded = setUp(first.storage, doc)
    reloaded.tracker.connection('connecting')
    expect(reloaded.text()).toBe(
      `Reconnecting… your edits since ${since} are kept on this device and will be sent once connected`,
    )
    reloaded.tracker.connection('connected')
    reloaded.send() // the answer to the server's sync step 1
    expect(reloaded.text()).not.toBe('Saved on the server')
    reloaded.storedAll()
    expect(reloaded.text()).toBe('Saved on the server')
    expect(reloaded.record.since()).toBeNull()
    // Reopened offline again: the device's copy loads, and none of it waits.
    const again = setUp(first.storage, doc)
    again.tracker.connection('offline')
    again.tracker.documentChanged(false)
    expect(again.text()).toBe('Offline — everything is saved on the server')
  })

  it('never claims the server has text that came from another tab until the server says so', () => {
    const storage = new MapStorage()
    const online = setUp(storage)
    online.tracker.connection('connected')
    online.storedAll()
    expect(online.text()).toBe('Saved on the server')
    // Another tab of this browser, offline, types; its change reaches this tab, not the server.
    const offlineTab = setUp(storage)
    Y.applyUpdate(offlineTab.doc, Y.encodeStateAsUpdate(online.doc))
    offlineTab.tracker.connection('offline')
    offlineTab.type('OFFB1')
    Y.applyUpdate(online.doc, Y.encodeStateAsUpdate(offlineTab.doc))
    online.tracker.documentChanged(false)
    expect(online.text()).not.toBe('Saved on the server')
    // This tab's own typing does not make it true either.
    online.type('mine')
    // The server stores that message: it has everything but the other tab's text.
    const withoutOtherTab = Y.decodeStateVector(Y.encodeStateVector(online.doc))
    withoutOtherTab.delete(offlineTab.doc.clientID)
    online.tracker.stored({ stateVector: Y.encodeStateVector(withoutOtherTab), storedMessages: 1 })
    expect(online.text()).not.toBe('Saved on the server')
    // Once this tab sent it on and the server stored it all.
    online.send()
    online.storedAll()
    expect(online.text()).toBe('Saved on the server')
    // The other tab's record is covered by what the server stored.
    expect(storage.getItem('tablenotes:unsent:s/t1')).toBeNull()
  })

  it('counts a deletion as waiting until the server stored its message', () => {
    const { doc, tracker, text, storedAll, send } = setUp()
    doc.getText('t').insert(0, 'abc')
    tracker.connection('connected')
    send()
    storedAll()
    expect(text()).toBe('Saved on the server')
    doc.getText('t').delete(0, 1)
    send()
    tracker.documentChanged(true, true)
    expect(text()).not.toBe('Saved on the server')
    tracker.stored({ stateVector: Y.encodeStateVector(doc), storedMessages: 1 })
    expect(text()).not.toBe('Saved on the server')
    storedAll()
    expect(text()).toBe('Saved on the server')
  })

  it('says what a deleted device copy lost, and never that the server has it', () => {
    // The browser deletes the site's IndexedDB; the page reopens with an empty copy.
    const { after } = reopenedAfterOfflineEdit('written offline')
    const missing = after.record.missingFrom(Y.decodeStateVector(Y.encodeStateVector(after.doc)))
    expect(missing?.since).toBe(NOW)
    after.tracker.deviceCopyMissing(missing?.clocks ?? new Map(), missing?.since ?? 0)
    after.tracker.connection('offline')
    const since = clockTime(NOW, NOW)
    expect(after.text()).toBe(
      `This browser deleted its stored copy of your edits since ${since}. If the server stored them they will come back; otherwise they are lost.`,
    )
    // Back online, the server has none of it.
    after.tracker.connection('connected')
    after.send()
    after.storedAll(new Y.Doc())
    expect(after.text()).toBe(
      `Your edits since ${since} are lost: this browser deleted its stored copy before they reached the server.`,
    )
    after.storedAll()
    expect(after.text()).not.toBe('Saved on the server')
    after.tracker.dismissDeviceCopyLost()
    expect(after.text()).toBe('Saved on the server')
    expect(after.record.since()).toBeNull()
  })

  it('finds nothing lost when the server already had what the device lost', () => {
    const { before, after } = reopenedAfterOfflineEdit('stored just before the reload')
    const missing = after.record.missingFrom(new Map())
    after.tracker.deviceCopyMissing(missing?.clocks ?? new Map(), missing?.since ?? 0)
    after.tracker.connection('connected')
    after.send()
    Y.applyUpdate(after.doc, Y.encodeStateAsUpdate(before.doc))
    after.storedAll()
    expect(after.tracker.current.deviceCopyLost).toBeNull()
    expect(after.text()).toBe('Saved on the server')
  })

  it('stops taking edits once the link ends, and names why', () => {
    const revoked = setUp()
    revoked.tracker.connection('connected')
    expect(revoked.tracker.current.writable).toBe(true)
    revoked.tracker.connection('refused', 4410)
    expect(revoked.tracker.current.writable).toBe(false)
    expect(revoked.text()).toBe('This link was revoked. Ask the organizer for a new one.')
    const expired = setUp()
    expired.tracker.connection('connected')
    expired.tracker.linkExpired()
    expect(expired.tracker.current.writable).toBe(false)
    expect(expired.text()).toBe(
      'This link has expired, so the notes are read-only. Ask the organizer for a new link.',
    )
    // A refusal that is no verdict on the link keeps the editor: the edits stay on the device.
    const tooLarge = setUp()
    tooLarge.tracker.connection('refused', 4413)
    expect(tooLarge.tracker.current.writable).toBe(true)
    expect(tooLarge.text()).toBe(
      'A change was too large for the server. It is kept on this device.',
    )
  })

  it('is never saved on the server while disconnected', () => {
    const { tracker, text, storedAll } = setUp()
    tracker.connection('connected')
    storedAll()
    expect(text()).toBe('Saved on the server')
    tracker.connection('connecting')
    expect(text()).toBe('Reconnecting…')
    tracker.connection('refused', 4404)
    expect(text()).toBe('This table does not exist (any more).')
  })
})
