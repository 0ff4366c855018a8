import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Grant, Session } from '@tablenotes/shared'
import { roomKey } from '@tablenotes/shared'
import type { FastifyInstance, InjectOptions } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { buildApp } from '../app.js'
import { signToken } from '../auth/tokens.js'
import { createLink } from '../sessions/sessionLinks.js'
import type { Store } from '../storage/DocStore.js'
import { openSqliteStore } from '../storage/sqlite/sqliteStore.js'

// The API's refusals, per route family, through Fastify's inject() against a real SQLite store:
// the order is 401/403 (the link), then 404 (the session), then 400 (the request, its body
// parsed only after the link was checked), and every
// refusal is `{ code, message }` with the code README "HTTP errors" lists.

const SECRET = 'routes-test-secret-0123456789abcdef-0123456789abcdef'
const SESSION: Session = {
  id: 'routes',
  title: 'Routes',
  questions: [{ id: 'q1', text: 'What works?' }],
  tables: [
    { id: 't1', name: 'Table one' },
    { id: 't2', name: 'Table two' },
  ],
}

let linkIds = 0
const tokenFor = (grant: Grant) => signToken(SECRET, { ...grant, linkId: `l${++linkIds}` })
const organizer = tokenFor({ sessionId: SESSION.id, role: 'organizer' })
const moderator = tokenFor({ sessionId: SESSION.id, role: 'moderator' })
const editor = tokenFor({ sessionId: SESSION.id, role: 'editor', tableId: 't1' })
const otherSession = tokenFor({ sessionId: 'elsewhere', role: 'organizer' })
/** A working organizer link of a session that is not stored. */
const ofMissingSession = tokenFor({ sessionId: 'gone', role: 'organizer' })

/** The built app's index.html, as far as these tests need one. */
const PAGE = '<!doctype html><title>Tablenotes</title>'

let dataDir: string
let store: Store
let app: FastifyInstance

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'tablenotes-routes-'))
  store = await openSqliteStore(path.join(dataDir, 'tablenotes.sqlite'))
  await store.putSession(SESSION)
  await mkdir(path.join(dataDir, 'client'))
  await writeFile(path.join(dataDir, 'client', 'index.html'), PAGE)
  app = await buildApp({
    store,
    secret: SECRET,
    logger: false,
    maxMessageBytes: 1024 * 1024,
    // inject() never listens, so links take their origin from here (sessions/linkOrigin.ts).
    publicUrl: 'https://notes.example',
    clientDist: path.join(dataDir, 'client'),
  })
})

afterAll(async () => {
  await app.close()
  await store.close()
  await rm(dataDir, { recursive: true, force: true })
})

interface Call {
  method: 'GET' | 'POST' | 'PUT'
  /** The path with `:session` for the session's id. */
  url: string
  token?: string
  body?: unknown
}

// Each call comes from an address of its own, so that the refusals below stay under the limit
// of failed attempts per address (auth/FailureLimiter.ts), which has a test of its own.
let addresses = 0
const nextAddress = () => `10.0.${(++addresses >> 8) & 255}.${addresses & 255}`

const call = ({ method, url, token, body }: Call, sessionId = SESSION.id, from = nextAddress()) =>
  app.inject({
    method,
    url: `/api${url.replace(':session', sessionId)}`,
    remoteAddress: from,
    headers: token ? { authorization: `Bearer ${token}` } : {},
    ...(body === undefined ? {} : { payload: body as NonNullable<InjectOptions['payload']> }),
  })

/**
 * A route family: its name, one route (`METHOD path`, `:session` for the session's id), the link
 * that may use it, one that may not, and the body it takes.
 */
type Family = readonly [
  family: string,
  route: string,
  allowed: string,
  refused: string,
  body?: unknown,
]

/** A family as the tests below take it, named `$family ($route.method $route.url)`. */
function familyCase([family, route, allowed, refused, body]: Family) {
  const [method, url] = route.split(' ') as [Call['method'], string]
  return {
    family,
    route: { method, url, ...(body === undefined ? {} : { body }) },
    allowed,
    refused,
  }
}

const FAMILIES = (
  [
    ['session', 'GET /sessions/:session', editor, otherSession],
    ['session edit', 'PUT /sessions/:session', organizer, moderator, SESSION],
    ['links', 'GET /sessions/:session/links', organizer, moderator],
    ['new link', 'POST /sessions/:session/links', organizer, editor, { role: 'moderator' }],
    ['synthesis status', 'GET /sessions/:session/synthesis', moderator, editor],
    ['synthesis compile', 'POST /sessions/:session/synthesis/compile', moderator, editor],
    [
      'synthesis export',
      'GET /sessions/:session/synthesis/export?format=md',
      moderator,
      otherSession,
    ],
    ['table export', 'GET /sessions/:session/tables/t1/export?format=html', editor, otherSession],
    ['activity', 'GET /sessions/:session/activity', moderator, editor],
    ['search', 'GET /sessions/:session/search?q=word', editor, otherSession],
  ] satisfies Family[]
).map(familyCase)

describe.each(FAMILIES)('$family ($route.method $route.url)', ({ route, allowed, refused }) => {
  it('answers the link that may use it', async () => {
    const response = await call({ ...route, token: allowed })
    expect(response.statusCode, response.body).toBeLessThan(300)
  })

  it('refuses no token and a forged one with 401 UNAUTHENTICATED', async () => {
    for (const token of [undefined, 'forged.token', `${allowed}x`]) {
      const response = await call({ ...route, ...(token ? { token } : {}) })
      expect(response.statusCode).toBe(401)
      expect(response.json()).toEqual({ code: 'UNAUTHENTICATED', message: expect.any(String) })
    }
  })

  it('refuses no token with 401 before reading a body that is not JSON, too large or XML', async () => {
    const bodies = [
      { 'content-type': 'application/json', payload: '{"unclosed' },
      { 'content-type': 'application/json', payload: `"${'x'.repeat(2 * 1024 * 1024)}"` },
      { 'content-type': 'application/xml', payload: '<session/>' },
    ]
    for (const { payload, ...headers } of bodies) {
      const response = await app.inject({
        method: route.method,
        url: `/api${route.url.replace(':session', SESSION.id)}`,
        remoteAddress: nextAddress(),
        headers,
        payload,
      })
      expect(response.statusCode).toBe(401)
      expect(response.json()).toMatchObject({ code: 'UNAUTHENTICATED' })
    }
  })

  it('refuses a link without the right with 403 FORBIDDEN', async () => {
    const response = await call({ ...route, token: refused })
    expect(response.statusCode).toBe(403)
    expect(response.json()).toEqual({ code: 'FORBIDDEN', message: expect.any(String) })
  })

  it('refuses a session that does not exist with 404 SESSION_NOT_FOUND, after the link', async () => {
    const missing = await call({ ...route, token: ofMissingSession }, 'gone')
    expect(missing.statusCode).toBe(404)
    expect(missing.json()).toEqual({ code: 'SESSION_NOT_FOUND', message: 'no such session' })
    // A link of another session learns nothing of whether this one exists.
    expect((await call({ ...route, token: organizer }, 'gone')).statusCode).toBe(403)
  })
})

describe('links', () => {
  const session = { method: 'GET', url: '/sessions/:session' } as const

  it('answer with what the schema lets through: the session as stored, a new link whole', async () => {
    expect((await call({ ...session, token: editor })).json()).toEqual(SESSION)
    const body = { role: 'viewer', table: 't2' }
    const minted = await call({
      method: 'POST',
      url: '/sessions/:session/links',
      token: organizer,
      body,
    })
    expect(minted.statusCode).toBe(201)
    expect(minted.json()).toEqual({
      id: expect.any(String),
      role: 'viewer',
      table: 't2',
      room: roomKey(SESSION.id, 't2'),
      url: expect.stringMatching(/^https:\/\/notes\.example\/s\/routes\/t\/t2\?token=/),
      token: expect.any(String),
    })
  })

  it('past 30 failures a minute from one address answer 429, and a working link still gets in', async () => {
    const from = '192.0.2.7'
    const statuses = new Set<number>()
    for (let attempt = 0; attempt < 31; attempt++) {
      statuses.add(
        (await call({ ...session, token: `forged.${attempt}` }, SESSION.id, from)).statusCode,
      )
    }
    const refused = await call({ ...session, token: 'forged.again' }, SESSION.id, from)
    expect(refused.statusCode).toBe(429)
    expect(refused.json()).toEqual({ code: 'TOO_MANY_ATTEMPTS', message: expect.any(String) })
    expect(refused.headers['retry-after']).toBe('60')
    expect([...statuses]).toEqual([401, 429].slice(0, statuses.size))
    expect((await call({ ...session, token: editor }, SESSION.id, from)).statusCode).toBe(200)
  })

  it('list a new moderator link in place of one revoked and one expired', async () => {
    const list = { method: 'GET', url: '/sessions/:session/links', token: organizer } as const
    const moderatorLinks = async () =>
      ((await call(list)).json() as Array<{ id: string; role: string }>).filter(
        (link) => link.role === 'moderator',
      )
    for (const { id } of await moderatorLinks()) await store.revokeLink(id, Date.now())
    const expired = { ...createLink(SESSION.id, 'moderator', null), expiresAt: 1 }
    await store.putLink(expired)
    const listed = await moderatorLinks()
    expect(listed).toHaveLength(1)
    expect(listed[0]?.id).not.toBe(expired.id)
    expect((await store.getLink(listed[0]?.id ?? ''))?.expiresAt).toBeNull()
  })

  it('of a revoked link is 410 LINK_REVOKED', async () => {
    const link = createLink(SESSION.id, 'viewer', 't1', Date.now())
    await store.putLink(link)
    const token = signToken(SECRET, {
      sessionId: SESSION.id,
      role: 'viewer',
      tableId: 't1',
      linkId: link.id,
    })
    expect((await call({ ...session, token })).statusCode).toBe(200)
    const revoke = { method: 'POST', url: `/sessions/:session/links/${link.id}/revoke` } as const
    expect((await call({ ...revoke, token: organizer })).json()).toEqual({
      id: link.id,
      revokedAt: expect.any(Number),
    })
    const refused = await call({ ...session, token })
    expect(refused.statusCode).toBe(410)
    expect(refused.json()).toEqual({ code: 'LINK_REVOKED', message: expect.any(String) })
  })
})

describe('bad requests', () => {
  const links = (body: unknown, token = organizer) =>
    call({ method: 'POST', url: '/sessions/:session/links', token, body })

  it.each([
    ['no role', 'BAD_ROLE', {}],
    ['an unknown role', 'BAD_ROLE', { role: 'admin' }],
    ['a role of the wrong type', 'BAD_ROLE', { role: ['organizer'] }],
    ['an editor without a table', 'BAD_TABLE', { role: 'editor' }],
    ['a moderator with a table', 'BAD_TABLE', { role: 'moderator', table: 't1' }],
    ['a table the session lacks', 'BAD_TABLE', { role: 'viewer', table: 't9' }],
    ['a table that is no id', 'BAD_TABLE', { role: 'viewer', table: 1 }],
    ['an expiry in the past', 'BAD_EXPIRY', { role: 'moderator', expires: 1 }],
    ['an expiry as text', 'BAD_EXPIRY', { role: 'moderator', expires: '4102444800' }],
    ['an expiry with a fraction', 'BAD_EXPIRY', { role: 'moderator', expires: 4102444800.5 }],
  ])('a new link with %s is 400 %s', async (_case, code, body) => {
    const response = await links(body)
    expect(response.statusCode).toBe(400)
    expect(response.json()).toEqual({ code, message: expect.any(String) })
  })

  it('a new link with a body that is not an object is 400 INVALID_REQUEST', async () => {
    const response = await links(['moderator'])
    expect(response.statusCode).toBe(400)
    expect(response.json()).toEqual({ code: 'INVALID_REQUEST', message: expect.any(String) })
  })

  it('a bad body is judged only once the link is: 401 first', async () => {
    const response = await call({ method: 'POST', url: '/sessions/:session/links', body: {} })
    expect(response.statusCode).toBe(401)
  })

  it('a body that is not JSON keeps Fastify’s code', async () => {
    const response = await app.inject({
      method: 'PUT',
      url: `/api/sessions/${SESSION.id}`,
      headers: { authorization: `Bearer ${organizer}`, 'content-type': 'application/json' },
      payload: '{"id": ',
    })
    expect(response.statusCode).toBe(400)
    expect(response.json()).toMatchObject({ code: 'FST_ERR_CTP_INVALID_JSON_BODY' })
  })

  it.each([
    'PUT',
    'POST',
  ] as const)('a session definition with problems (%s) is 400 INVALID_SESSION with each field', async (method) => {
    const url = method === 'PUT' ? '/sessions/:session' : '/sessions'
    const response = await call({ method, url, token: organizer, body: { ...SESSION, tables: [] } })
    expect(response.statusCode).toBe(400)
    expect(response.json()).toEqual({
      code: 'INVALID_SESSION',
      message: 'the session definition has problems',
      problems: [expect.objectContaining({ field: 'tables' })],
    })
  })

  it.each([
    [
      'an edit that changes the id',
      400,
      'SESSION_ID_CHANGED',
      'PUT',
      '/sessions/:session',
      { ...SESSION, id: 'renamed' },
    ],
    ['a new session whose id exists', 409, 'SESSION_EXISTS', 'POST', '/sessions', SESSION],
  ] as const)('%s is %i %s', async (_case, status, code, method, url, body) => {
    const response = await call({ method, url, token: organizer, body })
    expect(response.statusCode).toBe(status)
    expect(response.json()).toMatchObject({ code })
  })

  it('a new session is for organizer links only: 401, then 403', async () => {
    const fresh = { ...SESSION, id: 'fresh' }
    expect((await call({ method: 'POST', url: '/sessions', body: fresh })).statusCode).toBe(401)
    const byModerator = await call({
      method: 'POST',
      url: '/sessions',
      token: moderator,
      body: fresh,
    })
    expect(byModerator.statusCode).toBe(403)
    expect(await store.getSession('fresh')).toBeUndefined()
  })

  // Every route's params, query and body are checked by its schema, and each break is answered
  // with the code README "HTTP errors" documents for it.
  it.each([
    [
      'a comment without a quote',
      'INVALID_REQUEST',
      'POST',
      '/sessions/:session/rooms/t1/comments',
      { text: 'Hi' },
    ],
    [
      'an empty reply',
      'INVALID_REQUEST',
      'POST',
      '/sessions/:session/rooms/t1/comments/c1/replies',
      { text: '' },
    ],
    [
      'a resolve with a repeated token',
      'INVALID_REQUEST',
      'POST',
      '/sessions/:session/rooms/t1/comments/c1/resolve?token=a&token=b',
      undefined,
    ],
    [
      'comments asked with a repeated token',
      'INVALID_REQUEST',
      'GET',
      '/sessions/:session/rooms/t1/comments?token=a&token=b',
      undefined,
    ],
    [
      'a named version without a label',
      'BAD_LABEL',
      'POST',
      '/sessions/:session/versions',
      { label: '' },
    ],
    [
      'a named version whose label shows nothing',
      'BAD_LABEL',
      'POST',
      '/sessions/:session/versions',
      { label: ' \u200b\u202e\u0000 ' },
    ],
    [
      'a restore naming a question by number',
      'INVALID_REQUEST',
      'POST',
      '/sessions/:session/rooms/t1/versions/1/restore',
      { question: 5 },
    ],
    [
      'authors asked with a repeated token',
      'INVALID_REQUEST',
      'GET',
      '/sessions/:session/rooms/t1/authors?token=a&token=b',
      undefined,
    ],
    [
      'a version export as PDF',
      'BAD_FORMAT',
      'GET',
      '/sessions/:session/rooms/t1/versions/1/export?format=pdf',
      undefined,
    ],
    ['a search without q', 'BAD_QUERY', 'GET', '/sessions/:session/search', undefined],
  ] as const)('%s is 400 %s', async (_case, code, method, url, body) => {
    const response = await call({ method, url, token: organizer, body })
    expect(response.statusCode).toBe(400)
    expect(response.json()).toEqual({ code, message: expect.any(String) })
  })

  it.each(['pdf', '', 'MD'])('an export in format "%s" is 400 BAD_FORMAT', async (format) => {
    const url = `/sessions/:session/tables/t1/export?format=${format}`
    const response = await call({ method: 'GET', url, token: editor })
    expect(response.statusCode).toBe(400)
    expect(response.json()).toEqual({
      code: 'BAD_FORMAT',
      message: 'format must be one of md, html, docx',
    })
  })
})

describe('not found', () => {
  it('a table export of a table the session lacks is 404 TABLE_NOT_FOUND', async () => {
    const url = '/sessions/:session/tables/t9/export'
    const response = await call({ method: 'GET', url, token: organizer })
    expect(response.statusCode).toBe(404)
    expect(response.json()).toMatchObject({ code: 'TABLE_NOT_FOUND' })
  })

  it('revoking a link of another session is 404 LINK_NOT_FOUND, and leaves it working', async () => {
    const foreign = createLink('elsewhere', 'viewer', 't1', Date.now())
    await store.putLink(foreign)
    const url = `/sessions/:session/links/${foreign.id}/revoke`
    const response = await call({ method: 'POST', url, token: organizer })
    expect(response.statusCode).toBe(404)
    expect(response.json()).toMatchObject({ code: 'LINK_NOT_FOUND' })
    expect((await store.getLink(foreign.id))?.revokedAt).toBeNull()
  })
})

describe('addresses nothing answers', () => {
  const token = 'eyJ2IjoxfQ.secret-signature'
  it.each([
    ['a path no route has', 'GET', `/api/sessions/routes/?token=${token}`],
    ['a method the route lacks', 'DELETE', `/api/sessions/routes?token=${token}`],
    [
      'an id over the router’s 100 characters',
      'GET',
      `/api/sessions/${'x'.repeat(101)}?token=${token}`,
    ],
  ] as const)('%s is 404 NOT_FOUND, never echoing the token', async (_what, method, url) => {
    const response = await app.inject({ method, url })
    expect(response.statusCode).toBe(404)
    expect(response.json()).toEqual({ code: 'NOT_FOUND', message: expect.any(String) })
    expect(response.body).not.toContain('secret-signature')
    expect(response.headers['referrer-policy']).toBe('no-referrer')
  })

  it.each([
    `/api/sessions/routes%FF?token=${token}`,
    `/s/routes%FF?token=${token}`,
  ])('a bad percent-escape (%s) is 400 BAD_URL, with the security headers', async (url) => {
    const response = await app.inject({ url })
    expect(response.statusCode).toBe(400)
    expect(response.json()).toEqual({ code: 'BAD_URL', message: expect.any(String) })
    expect(response.body).not.toContain('secret-signature')
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'")
    expect(response.headers['x-frame-options']).toBe('DENY')
  })
})

describe('public routes', () => {
  it('answer without a token, in their schema’s shape', async () => {
    expect((await app.inject({ url: '/api/time' })).json()).toEqual({ now: expect.any(Number) })
    expect((await app.inject({ url: '/api/limits' })).json()).toEqual({
      maxMessageBytes: 1024 * 1024,
    })
    const health = await app.inject({ url: '/healthz' })
    expect(health.statusCode).toBe(200)
    expect(health.json()).toMatchObject({ status: 'ok', problems: [] })
    expect((await app.inject({ url: '/readyz' })).json()).toEqual({ status: 'ready' })
  })
})

describe('pages', () => {
  it.each([
    '/',
    '/s/routes',
    '/s/routes/t/t1?token=anything',
    '/s/routes/t/t1?token=a&token=b',
  ])('%s is the app, whatever the path or query holds', async (url) => {
    const response = await app.inject({ url })
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toMatch(/^text\/html/)
    expect(response.body).toBe(PAGE)
  })
})

describe('the collab socket', () => {
  // A socket needs a listening server: Fastify's injectWS never completes a close handshake.
  let collabUrl: string
  beforeAll(async () => {
    await app.listen({ port: 0, host: '127.0.0.1' })
    collabUrl = `ws://127.0.0.1:${(app.server.address() as AddressInfo).port}/collab`
  })

  /** The close code of a socket to `/collab<path>`; rejects if the handshake fails (a 400). */
  const closeCodeOf = (path: string) =>
    new Promise<number>((resolve, reject) => {
      const socket = new WebSocket(`${collabUrl}${path}`)
      socket.once('error', reject)
      socket.once('close', resolve)
    })

  it('refuses a repeated token like a forged one, with 4401 on the socket rather than a 400 [P10]', async () => {
    expect(await closeCodeOf(`/routes/t1?token=${editor}&token=${editor}`)).toBe(4401)
    expect(await closeCodeOf('/routes/t1?token=forged.token&stored=1&stored=1')).toBe(4401)
  })
})
