import { NOTES_FRAGMENT } from '@tablenotes/shared'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { isStoredOnServer, waitFor, waitForSync } from '../helpers/clients.js'
import { serverForEachTest } from '../helpers/serverForEachTest.js'
import { mintToken } from '../helpers/tokens.js'

const fixture = serverForEachTest()

describe('the server’s clock and each table’s last edit', () => {
  it('tells anyone the time, uncached, by the server’s clock', async () => {
    const server = await fixture.start()
    const before = Date.now()
    const response = await fetch(`${server.httpUrl}/api/time`)
    const after = Date.now()
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toBe('no-store')
    const { now } = (await response.json()) as { now: number }
    expect(now).toBeGreaterThanOrEqual(before)
    expect(now).toBeLessThanOrEqual(after)
  })

  it('gives those who read every table the time of each table’s last edit by a client', async () => {
    const server = await fixture.start()
    const activity = (token?: string) =>
      fetch(`${server.httpUrl}/api/sessions/test-session/activity`, {
        headers: token ? { authorization: `Bearer ${token}` } : {},
      })
    const moderator = mintToken({ sessionId: 'test-session', role: 'moderator' })
    expect(await (await activity(moderator)).json()).toMatchObject({ lastEdits: {} })

    const before = Date.now()
    const writer = fixture.join('test-session/t1')
    await waitForSync(writer)
    const answer = (writer.doc.getXmlFragment(NOTES_FRAGMENT).get(1) as Y.XmlElement).get(
      0,
    ) as Y.XmlElement
    ;(answer.get(0) as Y.XmlElement).insert(0, [new Y.XmlText('Cities lead')])
    await waitFor('the edit to be stored', () => isStoredOnServer(writer))
    // Another table opened (and so seeded by the server) but never written in.
    await waitForSync(fixture.join('test-session/t2'))

    for (const role of ['moderator', 'organizer', 'rapporteur'] as const) {
      const response = await activity(mintToken({ sessionId: 'test-session', role }))
      expect(response.status, role).toBe(200)
      const body = (await response.json()) as { now: number; lastEdits: Record<string, number> }
      expect(Object.keys(body.lastEdits), role).toEqual(['t1'])
      expect(body.lastEdits.t1).toBeGreaterThanOrEqual(before)
      expect(body.lastEdits.t1).toBeLessThanOrEqual(body.now)
    }
    const editor = mintToken({ sessionId: 'test-session', role: 'editor', tableId: 't1' })
    expect((await activity(editor)).status).toBe(403)
    expect((await activity()).status).toBe(401)
    expect((await activity(mintToken({ sessionId: 'other', role: 'moderator' }))).status).toBe(403)
  })
})
