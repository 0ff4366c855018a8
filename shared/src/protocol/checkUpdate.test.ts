import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { checkUpdate } from './checkUpdate.js'
import { ProtocolError } from './messages.js'

function docWithText(clientId: number, text: string): Y.Doc {
  const doc = new Y.Doc()
  doc.clientID = clientId
  doc.getText('t').insert(0, text)
  return doc
}

const stateOf = (doc: Y.Doc) => Y.decodeStateVector(Y.encodeStateVector(doc))

/** The update a local edit produces, as a client would send it. */
function captureUpdate(doc: Y.Doc, edit: () => void): Uint8Array {
  const updates: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => updates.push(update))
  edit()
  expect(updates).toHaveLength(1)
  return updates[0]!
}

describe('checkUpdate', () => {
  it('accepts an update whose history is known', () => {
    const server = docWithText(1, 'hello')
    const client = new Y.Doc()
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server))
    const update = captureUpdate(client, () => client.getText('t').insert(5, ' world'))
    expect(checkUpdate(update, stateOf(server))).toBe('ready')
  })

  it('accepts a full state against an empty document', () => {
    expect(checkUpdate(Y.encodeStateAsUpdate(docWithText(1, 'abc')), new Map())).toBe('ready')
  })

  it('holds an edit that builds on text the document has not seen', () => {
    const author = docWithText(1, 'hello')
    const update = captureUpdate(author, () => author.getText('t').insert(5, '!'))
    expect(checkUpdate(update, new Map())).toBe('waiting')
  })

  it('holds a deletion of text the document has not seen', () => {
    const author = docWithText(1, 'hello')
    const known = stateOf(new Y.Doc())
    const update = captureUpdate(author, () => author.getText('t').delete(0, 2))
    expect(checkUpdate(update, known)).toBe('waiting')
  })

  it('rejects bytes that are not an update, and a truncated update', () => {
    const full = Y.encodeStateAsUpdate(docWithText(1, 'hello'))
    expect(() => checkUpdate(Uint8Array.of(5, 200, 3), new Map())).toThrow(ProtocolError)
    expect(() => checkUpdate(full.subarray(0, full.length - 3), new Map())).toThrow(ProtocolError)
  })
})
