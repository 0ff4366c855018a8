import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { MapStorage } from '../testing/MapStorage.js'
import { DeviceJournal } from './deviceJournal.js'

/** Types `word` into a document and records the change the way openRoom does. */
function typeInto(doc: Y.Doc, journal: DeviceJournal, word: string): number {
  const updates: Uint8Array[] = []
  const keep = (update: Uint8Array) => updates.push(update)
  doc.on('update', keep)
  doc.getText('t').insert(doc.getText('t').length, word)
  doc.off('update', keep)
  for (const update of updates) journal.record(update)
  return journal.latest
}

function replay(journal: DeviceJournal): string {
  const doc = new Y.Doc()
  for (const update of journal.recovered) Y.applyUpdate(doc, update)
  return doc.getText('t').toString()
}

describe('DeviceJournal', () => {
  it('gives a new page the changes the last page recorded but never confirmed', () => {
    const storage = new MapStorage()
    const doc = new Y.Doc()
    const journal = new DeviceJournal('s/t1', storage, 'page-1')
    typeInto(doc, journal, 'first ')
    typeInto(doc, journal, 'second')

    expect(replay(new DeviceJournal('s/t1', storage, 'page-2'))).toBe('first second')
  })

  it('forgets what IndexedDB confirmed and keeps what came after', () => {
    const storage = new MapStorage()
    const doc = new Y.Doc()
    const journal = new DeviceJournal('s/t1', storage, 'page-1')
    const confirmedUpTo = typeInto(doc, journal, 'written ')
    const inIndexedDb = Y.encodeStateAsUpdate(doc)
    typeInto(doc, journal, 'waiting')
    journal.confirm(confirmedUpTo)

    const next = new DeviceJournal('s/t1', storage, 'page-2')
    expect(next.recovered).toHaveLength(1)
    const reopened = new Y.Doc()
    Y.applyUpdate(reopened, inIndexedDb)
    for (const update of next.recovered) Y.applyUpdate(reopened, update)
    expect(reopened.getText('t').toString()).toBe('written waiting')

    journal.confirm(journal.latest)
    next.confirm(next.latest)
    expect(storage.length).toBe(0)
  })

  it('drops recovered entries once confirmed, unless their page wrote more since', () => {
    const storage = new MapStorage()
    const closedPage = new DeviceJournal('s/t1', storage, 'closed')
    typeInto(new Y.Doc(), closedPage, 'from a closed tab')
    const openTab = new DeviceJournal('s/t1', storage, 'open')
    const openDoc = new Y.Doc()
    typeInto(openDoc, openTab, 'from ')

    const page = new DeviceJournal('s/t1', storage, 'new')
    expect(page.recovered).toHaveLength(2)
    typeInto(openDoc, openTab, 'an open tab')
    page.confirm(page.latest)

    expect(storage.getItem('tablenotes:journal:s/t1:closed')).toBeNull()
    expect(replay(new DeviceJournal('s/t1', storage, 'later'))).toBe('from an open tab')
  })

  it('keeps rooms apart', () => {
    const storage = new MapStorage()
    typeInto(new Y.Doc(), new DeviceJournal('s/t1', storage, 'a'), 'one')
    expect(new DeviceJournal('s/t2', storage, 'b').recovered).toEqual([])
    expect(new DeviceJournal('s/t10', storage, 'c').recovered).toEqual([])
  })

  it('skips damaged entries and keeps typing when localStorage is full', () => {
    const storage = new MapStorage()
    storage.setItem('tablenotes:journal:s/t1:broken', 'not json')
    storage.setItem('tablenotes:journal:s/t1:wrong-shape', '[["x", 1], {"a": 2}]')
    expect(new DeviceJournal('s/t1', storage, 'a').recovered).toEqual([])

    storage.failWrites = true
    const journal = new DeviceJournal('s/t1', storage, 'b')
    expect(() => typeInto(new Y.Doc(), journal, 'still typing')).not.toThrow()
    expect(journal.latest).toBe(1)
  })
})
