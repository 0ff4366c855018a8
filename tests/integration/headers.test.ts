import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { CONTENT_SECURITY_POLICY } from '@tablenotes/server'
import { describe, expect, it } from 'vitest'
import { serverForEachTest } from '../helpers/serverForEachTest.js'
import { mintToken } from '../helpers/tokens.js'

const fixture = serverForEachTest()
const ASSETS = fileURLToPath(new URL('../../client/dist/assets', import.meta.url))

describe('security headers', () => {
  it('are on every answer: pages, assets, the API, refusals, errors and health', async () => {
    const server = await fixture.start()
    const organizer = mintToken({ sessionId: 'test-session', role: 'organizer' })
    const script = readdirSync(ASSETS).find((file) => file.endsWith('.js'))
    const answers = await Promise.all(
      [
        `/s/test-session/t/t1?token=${organizer}`,
        '/',
        `/assets/${script}`,
        `/api/sessions/test-session?token=${organizer}`,
        '/api/sessions/test-session',
        '/api/no-such-route',
        '/healthz',
        `/api/sessions/test-session/tables/t1/export?format=html&token=${organizer}`,
      ].map(async (path) => ({ path, response: await fetch(`${server.httpUrl}${path}`) })),
    )
    expect(answers.map(({ response }) => response.status)).toEqual([
      200, 200, 200, 200, 401, 404, 200, 200,
    ])
    for (const { path, response } of answers) {
      const headers = Object.fromEntries(response.headers)
      expect({ path, ...headers }).toMatchObject({
        path,
        'content-security-policy': expect.any(String),
        'referrer-policy': 'no-referrer',
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
      })
      expect(headers).not.toHaveProperty('strict-transport-security')
      const policy = new Map(
        headers['content-security-policy']!.split(';').map((directive) => {
          const [name, ...values] = directive.trim().split(/\s+/)
          return [name!, values]
        }),
      )
      expect(Object.fromEntries(policy)).toEqual(CONTENT_SECURITY_POLICY)
    }
  })
})
