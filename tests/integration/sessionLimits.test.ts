import { describe, expect, it } from 'vitest'
import { serverForEachTest } from '../helpers/serverForEachTest.js'
import { mintToken } from '../helpers/tokens.js'

const fixture = serverForEachTest()
const organizer = () => mintToken({ sessionId: 'test-session', role: 'organizer' })

/** A session body whose title is a list nested 20,000 deep, as raw JSON text. */
const deepBody = (id: string) =>
  `{"id":"${id}","title":${'['.repeat(20_000)}"x"${']'.repeat(20_000)},"questions":[{"id":"q1","text":"Q?"}],"tables":[{"id":"t1","name":"T"}]}`

describe('session definitions sent to the API (the organizer’s upload and form)', () => {
  it.each([
    ['PUT', '/api/sessions/test-session', 'test-session'],
    ['POST', '/api/sessions', 'another-session'],
  ])('%s %s refuses a 20,000-deep body with 400 and the field, and keeps serving', async (method, path, id) => {
    const server = await fixture.start()
    const response = await fetch(`${server.httpUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${organizer()}`, 'content-type': 'application/json' },
      body: deepBody(id),
    })
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual({
      code: 'INVALID_SESSION',
      message: 'the session definition has problems',
      problems: [{ field: 'title[0][0]', message: 'nests more than 32 lists or mappings deep' }],
    })
    const session = await fetch(`${server.httpUrl}/api/sessions/test-session`, {
      headers: { authorization: `Bearer ${organizer()}` },
    })
    expect(session.status).toBe(200)
    expect(((await session.json()) as { title: string }).title).toBe('Test session')
  })
})
