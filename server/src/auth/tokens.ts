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

/**
 * Longest token accepted, in characters. Issued tokens are about 150–250 (the claims hold two
 * ids of at most 64 and 32 characters, a link id and an expiry), so this leaves ample room while
 * nothing longer is ever decoded.
 */
export const MAX_TOKEN_LENGTH = 1024

/** Two unpadded base64url parts (RFC 4648 §5) joined by one dot: the only shape ever issued. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/

/**
 * Whether `text` is exactly what encoding its own bytes gives back. Node's base64url decoder
 * is lenient (it skips padding, stray characters and unused low bits of the last character), so
 * without this check one token would have endless spellings.
 */
function isCanonicalBase64Url(text: string): boolean {
  return Buffer.from(text, 'base64url').toString('base64url') === text
}

/**
 * Checks a token's spelling, signature and expiry; revocation is the Gatekeeper's business.
 * Only the exact text that signToken issued is accepted: no padding, no appended or inserted
 * characters, at most MAX_TOKEN_LENGTH characters. `token` is whatever the request carried: a
 * value that is no string (a repeated `?token=`, which the query parser makes an array) is
 * malformed. `nowSeconds` is epoch seconds.
 */
export function verifyToken(
  secret: string,
  token: unknown,
  nowSeconds = Date.now() / 1000,
): TokenCheck {
  if (token === undefined || token === '') return { ok: false, problem: 'missing' }
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH || !TOKEN_SHAPE.test(token)) {
    return { ok: false, problem: 'malformed' }
  }
  const dot = token.indexOf('.')
  const body = token.slice(0, dot)
  const signature = token.slice(dot + 1)
  if (!isCanonicalBase64Url(body) || !isCanonicalBase64Url(signature)) {
    return { ok: false, problem: 'malformed' }
  }
  const claims = readTokenClaims(body)
  if (!claims) return { ok: false, problem: 'malformed' }
  const given = Buffer.from(signature, 'base64url')
  const expected = sign(secret, body)
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, problem: 'forged' }
  }
  if (claims.expires !== undefined && claims.expires <= nowSeconds) {
    return { ok: false, problem: 'expired' }
  }
  return { ok: true, claims }
}
