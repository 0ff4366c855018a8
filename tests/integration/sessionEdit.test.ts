import {
  CloseCode,
  listQuestionIds,
  NOTES_FRAGMENT,
  NodeName,
  RETIRED,
  type Session,
  SIGNALS_MAP,
} from '@tablenotes/shared'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { isStoredOnServer, waitFor, waitForSync } from '../helpers/clients.js'
import { testSession } from '../helpers/fixtures.js'
import { serverForEachTest } from '../helpers/serverForEachTest.js'
import type { TestServer } from '../helpers/startServer.js'
import { mintToken } from '../helpers/tokens.js'

let server: TestServer
const fixture = serverForEachTest()

const organizer = () => mintToken({ sessionId: testSession.id, role: 'organizer' })

function putSession(session: unknown, token = organizer()) {
  return fetch(`${server.httpUrl}/api/sessions/${testSession.id}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(session),
  })
}

function sectionOf(doc: Y.Doc, questionId: string): Y.XmlElement | undefined {
  return doc
    .getXmlFragment(NOTES_FRAGMENT)
    .toArray()
    .find(
      (node): node is Y.XmlElement =>
        node instanceof Y.XmlElement &&
        node.nodeName === NodeName.questionSection &&
        node.getAttribute('questionId') === questionId,
    )
}

/** Types into the first paragraph of a question's answer, as the editor would. */
function writeUnder(doc: Y.Doc, questionId: string, text: string): void {
  const answer = sectionOf(doc, questionId)!.get(0) as Y.XmlElement
  ;(answer.get(0) as Y.XmlElement).insert(0, [new Y.XmlText(text)])
}

const changed: Session = {
  ...testSession,
  questions: [
    { id: 'q1', text: 'What works well?' },
    { id: 'q3', text: 'Who should act first?' },
  ],
}

describe('editing a session during the event', () => {
  it('adds, renames and retires questions in every open table, live, losing no note', async () => {
    server = await fixture.start()
    const writer = fixture.join('test-session/t1')
    await waitForSync(writer)
    writeUnder(writer.doc, 'q2', 'written under the question that goes')
    await waitFor('the note to be stored', () => isStoredOnServer(writer))

    const response = await putSession(changed)
    expect(response.status).toBe(200)
    expect(((await response.json()) as { tablesChanged: number }).tablesChanged).toBe(1)

    await waitFor('the open table to show the new question', () =>
      listQuestionIds(writer.doc).includes('q3'),
    )
    expect(listQuestionIds(writer.doc)).toEqual(['q1', 'q3', 'q2'])
    expect(sectionOf(writer.doc, 'q1')?.getAttribute('prompt')).toBe('What works well?')
    expect(sectionOf(writer.doc, 'q2')?.getAttribute(RETIRED)).toBe('true')
    expect(sectionOf(writer.doc, 'q2')?.toString()).toContain(
      'written under the question that goes',
    )

    const stored = new Y.Doc()
    for (const row of await server.store.loadRoom('test-session/t1'))
      Y.applyUpdate(stored, row.update)
    expect(stored.getXmlFragment(NOTES_FRAGMENT).toString()).toBe(
      writer.doc.getXmlFragment(NOTES_FRAGMENT).toString(),
    )

    const fresh = fixture.join('test-session/t2')
    await waitForSync(fresh)
    expect(listQuestionIds(fresh.doc)).toEqual(['q1', 'q3'])
    const session = await fetch(`${server.httpUrl}/api/sessions/test-session`, {
      headers: { authorization: `Bearer ${organizer()}` },
    })
    expect(((await session.json()) as Session).questions.map((question) => question.id)).toEqual([
      'q1',
      'q3',
    ])
  })

  it('closes the open sockets of a table the organizer removes, and its link opens nothing after', async () => {
    server = await fixture.start()
    const staying = fixture.join('test-session/t1')
    const removed = fixture.join('test-session/t3')
    await waitForSync(staying)
    await waitForSync(removed)
    const closes: number[] = []
    removed.provider.on('connection-close', (event) => {
      if (event) closes.push(event.code)
    })

    const withoutT3 = { ...testSession, tables: testSession.tables.filter(({ id }) => id !== 't3') }
    expect((await putSession(withoutT3)).status).toBe(200)
    await waitFor('the removed table’s socket to close', () => closes.includes(CloseCode.notFound))
    // What its stock client writes now goes nowhere: no socket of that link opens the room.
    removed.doc.getMap(SIGNALS_MAP).set('helpAskedAt', 1)
    const again = fixture.join('test-session/t3')
    const refused = await new Promise<number>((resolve) =>
      again.provider.on('connection-close', (event) => resolve(event?.code ?? 0)),
    )
    expect(refused).toBe(CloseCode.notFound)
    const stored = new Y.Doc()
    for (const row of await server.store.loadRoom('test-session/t3'))
      Y.applyUpdate(stored, row.update)
    expect(stored.getMap(SIGNALS_MAP).has('helpAskedAt')).toBe(false)
    // The other table goes on as before.
    expect(staying.provider.wsconnected).toBe(true)
    writeUnder(staying.doc, 'q1', 'still writing')
    await waitFor('the other table’s note to be stored', () => isStoredOnServer(staying))
  })

  it('refuses an invalid definition, a changed id and a link that is not the organizer’s', async () => {
    server = await fixture.start()
    const invalid = await putSession({ ...testSession, questions: [{ id: 'q1' }] })
    expect(invalid.status).toBe(400)
    const body = (await invalid.json()) as { problems: Array<{ field: string }> }
    expect(body.problems.map((problem) => problem.field)).toContain('questions[0].text')
    expect((await putSession({ ...testSession, id: 'renamed' })).status).toBe(400)
    const editor = mintToken({ sessionId: testSession.id, role: 'editor', tableId: 't1' })
    expect((await putSession(changed, editor)).status).toBe(403)
    expect((await server.store.getSession(testSession.id))?.questions).toEqual(
      testSession.questions,
    )
  })
})
