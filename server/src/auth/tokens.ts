import { createHmac, timingSafeEqual } from 'node:crypto'
import { encodeTokenClaims, readTokenClaims, type TokenClaims } from '@tablenotes/shared'

export type TokenCheck =
  | { ok: true; claims: TokenClaims }
  | { ok: false; problem: 'missing' | 'malformed' | 'forged' | 'expired' }

/**
 * HMAC-SHA256 cut to 128 bits, as RFC 2104 allows: forging one still takes 2^128 tries, and the
 * shorter token keeps the QR codes on the printed table sheets coarse enough to scan.
 */
function sign(secret: string, body: string): Buffer {
  return createHmac('sha256', secret).update(body).digest().subarray(0, 16)
}

/** `<claims>.<truncated HMAC-SHA256 of the claims>`, both base64url: what a link carries. */
export function signToken(secret: string, claims: TokenClaims): string {
  const body = encodeTokenClaims(claims)
  return `${body}.${sign(secret, body).toString('base64url')}`
}

/** Checks a token's signature and expiry; revocation is the Gatekeeper's business. */
export function verifyToken(
  secret: string,
  token: string | undefined,
  nowSeconds = Date.now() / 1000,
): TokenCheck {
  if (!token) return { ok: false, problem: 'missing' }
  const dot = token.indexOf('.')
  const claims = dot > 0 ? readTokenClaims(token.slice(0, dot)) : null
  if (!claims) return { ok: false, problem: 'malformed' }
  const given = Buffer.from(token.slice(dot + 1), 'base64url')
  const expected = sign(secret, token.slice(0, dot))
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, problem: 'forged' }
  }
  if (claims.expires !== undefined && claims.expires <= nowSeconds) {
    return { ok: false, problem: 'expired' }
  }
  return { ok: true, claims }
}
