import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { CloseCode, NOTES_FRAGMENT } from '@tablenotes/shared'
import { beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { isStoredOnServer, type TestClient, waitFor, waitForSync } from '../helpers/clients.js'
import { readDocx } from '../helpers/docx.js'
import { serverForAllTests } from '../helpers/serverForEachTest.js'
import type { TestServer } from '../helpers/startServer.js'
import { mintToken } from '../helpers/tokens.js'
import { writeAndAwaitClose } from '../helpers/writeAndAwaitClose.js'

/*
 * Issue 20, item 3: calls to action as structured blocks. A stock y-websocket client writes
 * them as a page does (PROTOCOL.md P13 refuses other shapes with 4422), and the compiled
 * synthesis lists each one on one line or table row with its actor, timeframe and table, in
 * Markdown, HTML and Word.
 */

let server: TestServer
const fixture = serverForAllTests()
const rapporteur = () => mintToken({ sessionId: 'test-session', role: 'rapporteur' })

/** The answer of a question (by index among the sections) of a table document. */
function answerOf(doc: Y.Doc, section = 1): Y.XmlElement {
  const question = doc.getXmlFragment(NOTES_FRAGMENT).get(section) as Y.XmlElement
  return question.get(0) as Y.XmlElement
}

/** A `callToAction` element as the editor writes it: its attributes and its one paragraph. */
function callToAction(action: string, actor: string, timeframe: string): Y.XmlElement {
  const call = new Y.XmlElement('callToAction')
  call.setAttribute('actor', actor)
  call.setAttribute('timeframe', timeframe)
  const paragraph = new Y.XmlElement('paragraph')
  paragraph.insert(0, [new Y.XmlText(action)])
  call.insert(0, [paragraph])
  return call
}

async function storedDoc(room: string): Promise<Y.Doc> {
  const doc = new Y.Doc()
  for (const row of await server.store.loadRoom(room)) Y.applyUpdate(doc, row.update)
  return doc
}

const CALLS = [
  {
    table: 't1',
    action: 'Open three shelters near the border',
    actor: 'Ministry of Labour',
    timeframe: 'by June 2027',
    label: 'Table one (Europe)',
  },
  {
    table: 't2',
    action: 'Publish the recruitment fees',
    actor: 'Employers',
    timeframe: 'within six months',
    label: 'Table two (Africa)',
  },
  {
    table: 't1',
    action: 'Count the people waiting',
    actor: 'Ministry of Labour',
    timeframe: 'this year',
    label: 'Table one (Europe)',
  },
]

describe('calls to action', () => {
  beforeAll(async () => {
    server = await fixture.start()
  })

  it('are refused without a paragraph, with other children or bad attributes (4422), and nothing of them is stored', async () => {
    const room = 'test-session/t3'
    const honest = fixture.join(room)
    await waitForSync(honest)
    const typed = new Y.XmlText()
    ;(answerOf(honest.doc).get(0) as Y.XmlElement).insert(0, [typed])
    typed.insert(0, 'honest')
    await waitFor('the honest start to be stored', () => isStoredOnServer(honest))

    const hostile: Array<[string, (answer: Y.XmlElement) => void]> = [
      [
        'without its paragraph',
        (answer) => {
          const empty = new Y.XmlElement('callToAction')
          empty.setAttribute('actor', 'HOSTILE')
          answer.insert(0, [empty])
        },
      ],
      [
        'with text beside its paragraph',
        (answer) => {
          const call = callToAction('HOSTILE', 'x', 'y')
          call.insert(1, [new Y.XmlText('loose')])
          answer.insert(0, [call])
        },
      ],
      [
        'with a heading',
        (answer) => {
          const call = new Y.XmlElement('callToAction')
          const heading = new Y.XmlElement('heading')
          heading.insert(0, [new Y.XmlText('HOSTILE')])
          call.insert(0, [heading])
          answer.insert(0, [call])
        },
      ],
      [
        'with a 201-character actor',
        (answer) => answer.insert(0, [callToAction('HOSTILE', 'x'.repeat(201), '')]),
      ],
    ]
    for (const [index, [kind, write]] of hostile.entries()) {
      const attacker: TestClient = fixture.connect(room)
      await waitForSync(attacker)
      const code = await writeAndAwaitClose(attacker, (doc) => write(answerOf(doc)))
      expect(code, kind).toBe(CloseCode.invalidUpdate)
      attacker.destroy()
      // Barrier: an honest edit sent after the refusal is stored, so the server is done with
      // the hostile update; the store holds the honest edit and nothing of the hostile one.
      typed.insert(typed.length, ` ${index}`)
      await waitFor(`the honest edit after a call ${kind}`, () => isStoredOnServer(honest))
      const stored = (await storedDoc(room)).getXmlFragment(NOTES_FRAGMENT).toString()
      expect(stored, kind).toContain(` ${index}`)
      // Y.XmlElement.toString writes node names in lower case.
      expect(stored, kind).not.toContain('calltoaction')
      expect(stored, kind).not.toContain('HOSTILE')
    }

    // The shape a page writes is stored, and typing in its action afterwards too.
    const call = callToAction('Keep the', 'Unions', 'next week')
    answerOf(honest.doc).insert(1, [call])
    ;((call.get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(8, ' register open')
    await waitFor('the call to be stored', () => isStoredOnServer(honest))
    const stored = (await storedDoc(room)).getXmlFragment(NOTES_FRAGMENT).toString()
    expect(stored).toContain('<calltoaction actor="Unions" timeframe="next week">')
    expect(stored).toContain('Keep the register open')
  }, 120_000)

  describe('in the compiled synthesis', () => {
    let exports: { md: string; html: string; docxFile: string; table: string }

    beforeAll(async () => {
      for (const table of ['t1', 't2']) {
        const client = fixture.join(`test-session/${table}`)
        await waitForSync(client)
        const calls = CALLS.filter((call) => call.table === table)
        client.doc.transact(() => {
          const answer = answerOf(client.doc)
          answer.insert(
            answer.length,
            calls.map((call) => callToAction(call.action, call.actor, call.timeframe)),
          )
        })
        await waitFor(`the calls of ${table} to be stored`, () => isStoredOnServer(client))
      }
      const compiled = await fetch(
        `${server.httpUrl}/api/sessions/test-session/synthesis/compile`,
        { method: 'POST', headers: { authorization: `Bearer ${rapporteur()}` } },
      )
      expect(compiled.status).toBe(200)
      const download = async (route: string, format: string) => {
        const response = await fetch(
          `${server.httpUrl}/api/sessions/test-session/${route}/export?format=${format}`,
          { headers: { authorization: `Bearer ${rapporteur()}` } },
        )
        expect(response.status).toBe(200)
        return response
      }
      const docxFile = path.join(server.dataDir, 'calls.docx')
      await writeFile(
        docxFile,
        Buffer.from(await (await download('synthesis', 'docx')).arrayBuffer()),
      )
      exports = {
        md: await (await download('synthesis', 'md')).text(),
        html: await (await download('synthesis', 'html')).text(),
        docxFile,
        table: await (await download('tables/t1', 'md')).text(),
      }
    })

    it('lists each call on one Markdown line with its actor, timeframe and table, grouped by actor', () => {
      const section = exports.md.slice(exports.md.indexOf('## Calls to action'))
      expect(section).not.toBe(exports.md)
      // The contributions above hold each call as written; the section's lines are the list.
      const lines = section.split('\n')
      for (const call of CALLS) {
        const line = lines.find((candidate) => candidate.includes(call.action))
        expect(line, call.action).toBeDefined()
        for (const field of [call.actor, call.timeframe, call.label]) expect(line).toContain(field)
      }
      // Grouped by actor (alphabetical): the employers' group, then both of the ministry's.
      const employers = section.indexOf('### Employers')
      const ministry = section.indexOf('### Ministry of Labour')
      expect(employers).toBeGreaterThan(-1)
      expect(ministry).toBeGreaterThan(employers)
      expect(section.indexOf(CALLS[1]!.action)).toBeLessThan(ministry)
      expect(section.indexOf(CALLS[0]!.action)).toBeGreaterThan(ministry)
      expect(section.indexOf(CALLS[2]!.action)).toBeGreaterThan(ministry)
    })

    it('lists each call in one HTML table row with its actor, timeframe and table', () => {
      const rows = exports.html.match(/<tr>[\s\S]*?<\/tr>/g) ?? []
      for (const call of CALLS) {
        const row = rows.find((candidate) => candidate.includes(call.action))
        expect(row, call.action).toBeDefined()
        for (const field of [call.actor, call.timeframe, call.label]) expect(row).toContain(field)
      }
      expect(exports.html).toContain('Calls to action')
    })

    it('lists each call in one Word table row with its actor, timeframe and table', () => {
      const { tables, text } = readDocx(exports.docxFile)
      const rows = tables.flat()
      for (const call of CALLS) {
        const row = rows.find((candidate) => candidate.cells[0]?.text === call.action)
        expect(
          row?.cells.map((cell) => cell.text),
          call.action,
        ).toEqual([call.action, call.actor, call.timeframe, call.label])
      }
      expect(text).toContain('Calls to action')
    })

    it('shows each call readably in its own table’s export', () => {
      const line = exports.table
        .split('\n')
        .find((candidate) => candidate.includes(CALLS[0]!.action))
      expect(line).toBe(
        '**Call to action:** Open three shelters near the border (Who: Ministry of Labour; By when: by June 2027)',
      )
    })
  })

  it('keep both writers’ actions when two clients offline each replace the card’s paragraph', async () => {
    const room = 'test-session/t3'
    const setup = fixture.join(room)
    await waitForSync(setup)
    answerOf(setup.doc).insert(1, [callToAction('Draft action', 'Cooperatives', 'by spring')])
    await waitFor('the card to be stored', () => isStoredOnServer(setup))

    const [alpha, bravo] = [fixture.join(room), fixture.join(room)] as const
    for (const client of [alpha, bravo]) {
      await waitForSync(client)
      await waitFor('the card to reach the client', () =>
        answerOf(client.doc).toString().includes('Draft action'),
      )
      client.provider.disconnect()
    }
    const closes: number[] = []
    bravo.provider.on('connection-close', (event: { code: number } | null) => {
      closes.push(event?.code ?? 0)
    })
    /** What the page's editor writes when a whole action is replaced: the paragraph deleted
     * and a new one inserted, in one transaction. */
    const replaceAction = (client: TestClient, text: string) =>
      client.doc.transact(() => {
        const card = answerOf(client.doc).get(1) as Y.XmlElement
        const paragraph = new Y.XmlElement('paragraph')
        paragraph.insert(0, [new Y.XmlText(text)])
        card.delete(0, 1)
        card.insert(0, [paragraph])
      })
    replaceAction(alpha, 'Alpha funds the shelters')
    replaceAction(bravo, 'Bravo trains the staff')
    // Bravo's other offline work, sent in the same sync step 2 as its replacement.
    const other = new Y.XmlText()
    ;(answerOf(bravo.doc).get(0) as Y.XmlElement).insert(0, [other])
    other.insert(0, 'Bravo other offline note')

    alpha.provider.connect()
    await waitFor('alpha’s replacement to be stored', () => isStoredOnServer(alpha))
    bravo.provider.connect()
    await waitFor('bravo’s offline work to be stored', () => isStoredOnServer(bravo))
    expect(closes).not.toContain(CloseCode.invalidUpdate)

    const stored = answerOf(await storedDoc(room))
    const card = stored.get(1) as Y.XmlElement
    expect(card.nodeName).toBe('callToAction')
    const actions = card.toArray().map((child) => (child as Y.XmlElement).toString())
    expect(actions).toHaveLength(2)
    expect(actions.join()).toContain('Alpha funds the shelters')
    expect(actions.join()).toContain('Bravo trains the staff')
    expect(actions.join()).not.toContain('Draft action')
    expect(stored.toString()).toContain('Bravo other offline note')

    const compiled = await fetch(`${server.httpUrl}/api/sessions/test-session/synthesis/compile`, {
      method: 'POST',
      headers: { authorization: `Bearer ${rapporteur()}` },
    })
    expect(compiled.status).toBe(200)
    const md = await (
      await fetch(`${server.httpUrl}/api/sessions/test-session/synthesis/export?format=md`, {
        headers: { authorization: `Bearer ${rapporteur()}` },
      })
    ).text()
    const section = md.slice(md.indexOf('## Calls to action'))
    // One row: the action holds both writers' paragraphs, joined by a space.
    const row = section.split('\n').find((line) => line.includes('Alpha funds the shelters'))
    expect(row).toBeDefined()
    for (const field of ['Bravo trains the staff', 'Cooperatives', 'by spring', 'Table three']) {
      expect(row).toContain(field)
    }
  }, 120_000)
})
