import { describe, expect, it } from 'vitest'
import { signToken, verifyToken } from './tokens.js'

const SECRET = 'unit-test-secret-unit-test-secret-0123'
const claims = { linkId: 'abc', sessionId: 's', role: 'editor' as const, tableId: 't1' }

describe('capability tokens', () => {
  it('verify with the secret that signed them', () => {
    expect(verifyToken(SECRET, signToken(SECRET, claims))).toEqual({ ok: true, claims })
  })

  it('name the problem with any other token', () => {
    const token = signToken(SECRET, claims)
    const [body, signature] = token.split('.') as [string, string]
    const organizer = signToken(SECRET, { linkId: 'abc', sessionId: 's', role: 'organizer' })
    expect(verifyToken(SECRET, undefined)).toEqual({ ok: false, problem: 'missing' })
    expect(verifyToken(SECRET, 'nonsense')).toEqual({ ok: false, problem: 'malformed' })
    expect(verifyToken(`${SECRET}x`, token)).toEqual({ ok: false, problem: 'forged' })
    expect(verifyToken(SECRET, `${organizer.split('.')[0]}.${signature}`)).toEqual({
      ok: false,
      problem: 'forged',
    })
    expect(verifyToken(SECRET, `${body}.${signature.slice(0, -2)}`)).toEqual({
      ok: false,
      problem: 'forged',
    })
  })

  it('stop working at their expiry', () => {
    const token = signToken(SECRET, { ...claims, expires: 1000 })
    expect(verifyToken(SECRET, token, 999).ok).toBe(true)
    expect(verifyToken(SECRET, token, 1000)).toEqual({ ok: false, problem: 'expired' })
  })
})
