import { describe, expect, it } from 'vitest'
import { roomAccess } from './rights.js'
import { encodeTokenClaims, readTokenClaims } from './tokenClaims.js'

describe('roomAccess', () => {
  it('opens nothing of another session, whatever the role', () => {
    for (const role of ['organizer', 'moderator', 'rapporteur'] as const) {
      expect(roomAccess({ sessionId: 'a', role }, { sessionId: 'b', roomId: '_control' })).toBe(
        'none',
      )
    }
    expect(
      roomAccess(
        { sessionId: 'a', role: 'editor', tableId: 't1' },
        { sessionId: 'b', roomId: 't1' },
      ),
    ).toBe('none')
  })
})

describe('token claims', () => {
  it('round-trip, with and without a table and an expiry', () => {
    const claims = [
      { linkId: 'x1', sessionId: 's', role: 'organizer' as const },
      {
        linkId: 'x2',
        sessionId: 's',
        role: 'viewer' as const,
        tableId: 't',
        expires: 1_900_000_000,
      },
    ]
    for (const each of claims) expect(readTokenClaims(encodeTokenClaims(each))).toEqual(each)
  })

  it('reject what is not shaped like our claims', () => {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
    expect(readTokenClaims('')).toBeNull()
    expect(readTokenClaims('not base64!')).toBeNull()
    expect(readTokenClaims(encode({ v: 2, id: 'x', s: 's', r: 'organizer' }))).toBeNull()
    expect(readTokenClaims(encode({ v: 1, id: 'x', s: 's', r: 'admin' }))).toBeNull()
    expect(readTokenClaims(encode({ v: 1, id: 'x', s: 's', r: 'editor' }))).toBeNull()
    expect(readTokenClaims(encode({ v: 1, id: 'x', s: 's', r: 'moderator', t: 't1' }))).toBeNull()
    expect(
      readTokenClaims(encode({ v: 1, id: 'x', s: 's', r: 'viewer', t: 't', x: 'soon' })),
    ).toBeNull()
  })
})
