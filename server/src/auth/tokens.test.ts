import { describe, expect, it } from 'vitest'
import { MAX_TOKEN_LENGTH, signToken, verifyToken } from './tokens.js'

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
    // A repeated `?token=` reaches the check as an array, even of the genuine token.
    expect(verifyToken(SECRET, [token, token])).toEqual({ ok: false, problem: 'malformed' })
    expect(verifyToken(SECRET, [token])).toEqual({ ok: false, problem: 'malformed' })
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

describe('the spelling of a token', () => {
  const token = signToken(SECRET, claims)
  const [body, signature] = token.split('.') as [string, string]

  it('is unpadded base64url, as issued', () => {
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/)
  })

  it.each([
    ['padding', `${token}==`],
    ['exclamation marks', `${token}!!`],
    ['2,000 exclamation marks', `${token}${'!'.repeat(2000)}`],
    ['a trailing dot', `${token}.`],
    ['a third part', `${token}.${signature}`],
    ['whitespace', `${token} `],
    ['a plus sign (standard base64)', `${body}.${signature.slice(0, -1)}+`],
    ['padding inside the claims', `${body}=.${signature}`],
    ['a longer signature', `${token}AAAA`],
    ['an empty signature', `${body}.`],
  ])('refuses a token with %s', (_what, spelling) => {
    expect(verifyToken(SECRET, spelling).ok).toBe(false)
  })

  it('refuses a signature whose last character only changes unused bits', () => {
    // 16 bytes are 22 base64url characters; the last one carries 2 bits and 4 unused ones.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
    const last = alphabet.indexOf(signature.at(-1) ?? '')
    const sibling = `${body}.${signature.slice(0, -1)}${alphabet[last ^ 1]}`
    expect(Buffer.from(sibling.split('.')[1] ?? '', 'base64url')).toEqual(
      Buffer.from(signature, 'base64url'),
    )
    expect(verifyToken(SECRET, sibling)).toEqual({ ok: false, problem: 'malformed' })
  })

  it('refuses anything longer than the limit without decoding it', () => {
    expect(verifyToken(SECRET, `${'a'.repeat(MAX_TOKEN_LENGTH)}.${signature}`)).toEqual({
      ok: false,
      problem: 'malformed',
    })
  })
})
