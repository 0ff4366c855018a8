import { NOTES_FRAGMENT, SynthesisNode } from '@tablenotes/shared'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { isStoredOnServer, waitFor, waitForSync } from '../helpers/clients.js'
import { serverForEachTest } from '../helpers/serverForEachTest.js'
import type { TestServer } from '../helpers/startServer.js'
import { mintToken } from '../helpers/tokens.js'

let server: TestServer
const fixture = serverForEachTest()

const join = fixture.join

const rapporteur = () => mintToken({ sessionId: 'test-session', role: 'rapporteur' })

function compile(token = rapporteur()) {
  return fetch(`${server.httpUrl}/api/sessions/test-session/synthesis/compile`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
  })
}

/** The first paragraph of the first question's answer in a table, or its first summary. */
function firstParagraph(doc: Y.Doc, container: string, child: string): Y.XmlElement | null {
  const holder = doc
    .getXmlFragment(NOTES_FRAGMENT)
    .toArray()
    .find((node) => node instanceof Y.XmlElement && node.nodeName === container) as
    | Y.XmlElement
    | undefined
  const inner = holder
    ?.toArray()
    .find((node) => node instanceof Y.XmlElement && node.nodeName === child) as
    | Y.XmlElement
    | undefined
  return (inner?.get(0) as Y.XmlElement | undefined) ?? null
}

describe('compiling the synthesis', () => {
  it('keeps every keystroke of a rapporteur typing in a summary while compiles run', async () => {
    server = await fixture.start()
    const table = join('test-session/t1')
    await waitForSync(table)
    const answer = firstParagraph(table.doc, 'questionSection', 'answer')!
    answer.insert(0, [new Y.XmlText('first words ')])
    await waitFor('the table to be stored', () => isStoredOnServer(table))
    expect((await compile()).status).toBe(200)

    const writer = join('test-session/_synthesis', rapporteur())
    await waitFor('the compiled synthesis to arrive', () => {
      return firstParagraph(writer.doc, SynthesisNode.question, SynthesisNode.summary) !== null
    })
    const summary = firstParagraph(writer.doc, SynthesisNode.question, SynthesisNode.summary)!
    const text = new Y.XmlText()
    summary.insert(0, [text])
    let typed = ''
    const compiles: Promise<Response>[] = []
    for (let n = 0; n < 200; n++) {
      const character = String.fromCharCode(97 + (n % 26))
      text.insert(text.length, character)
      typed += character
      if (n % 20 === 0) {
        ;(answer.get(0) as Y.XmlText).insert(0, `w${n} `)
        compiles.push(compile())
      }
      await new Promise((resolve) => setTimeout(resolve, 2))
    }
    for (const response of await Promise.all(compiles)) expect(response.status).toBe(200)
    expect((await compile()).status).toBe(200)
    await waitFor('every keystroke to be stored', () => isStoredOnServer(writer))

    const reader = join('test-session/_synthesis', rapporteur())
    await waitFor('a fresh reader to see the final compile', () => {
      return reader.doc.getXmlFragment(NOTES_FRAGMENT).toString().includes('w180 ')
    })
    const stored = firstParagraph(reader.doc, SynthesisNode.question, SynthesisNode.summary)!
    expect(stored.toString()).toBe(`<paragraph>${typed}</paragraph>`)
    expect(typed).toHaveLength(200)
    const xml = reader.doc.getXmlFragment(NOTES_FRAGMENT).toString()
    expect(xml.split('first words').length - 1).toBe(1)
  })

  it('is for rapporteurs, moderators and the organizer, and says which tables changed since', async () => {
    server = await fixture.start()
    const editor = mintToken({ sessionId: 'test-session', role: 'editor', tableId: 't1' })
    expect((await compile(editor)).status).toBe(403)
    expect(
      (await compile(mintToken({ sessionId: 'test-session', role: 'viewer', tableId: 't1' })))
        .status,
    ).toBe(403)
    expect(
      (await compile(mintToken({ sessionId: 'test-session', role: 'moderator' }))).status,
    ).toBe(200)

    const status = async () => {
      const response = await fetch(`${server.httpUrl}/api/sessions/test-session/synthesis`, {
        headers: { authorization: `Bearer ${rapporteur()}` },
      })
      return (await response.json()) as { compiledAt: string | null; changedTables: string[] }
    }
    expect((await status()).changedTables).toEqual([])
    const table = join('test-session/t2')
    await waitForSync(table)
    firstParagraph(table.doc, 'questionSection', 'answer')!.insert(0, [new Y.XmlText('new')])
    await waitFor('the edit to be stored', () => isStoredOnServer(table))
    expect((await status()).changedTables).toEqual(['t2'])
  })

  it('limits one link to 10 compiles a minute with 429 TOO_MANY_REQUESTS', async () => {
    server = await fixture.start()
    const token = rapporteur()
    for (let count = 0; count < 10; count++) expect((await compile(token)).status).toBe(200)
    const refused = await compile(token)
    expect(refused.status).toBe(429)
    expect(refused.headers.get('retry-after')).toBe('60')
    expect(await refused.json()).toMatchObject({ code: 'TOO_MANY_REQUESTS' })
    // Another link keeps its own share.
    expect((await compile(rapporteur())).status).toBe(200)
  })
})
