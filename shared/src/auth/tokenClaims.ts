import { fromBase64, toBase64 } from 'lib0/buffer'
import { type Grant, isTableRole, ROLES, type Role } from './rights.js'

/**
 * What a capability token says, before its signature: `<claims>.<signature>`, the claims as
 * base64url JSON with short keys so that a link still fits a small QR code. Only the server can
 * check the signature; the page reads the claims to show what its link allows.
 */
export interface TokenClaims extends Grant {
  /** The link's id: what `revoke` names. */
  linkId: string
  /** Seconds since the epoch after which the token no longer opens anything; absent: never. */
  expires?: number
}

interface WireClaims {
  v: 1
  id: string
  s: string
  r: Role
  t?: string
  x?: number
}

export function encodeTokenClaims(claims: TokenClaims): string {
  const wire: WireClaims = { v: 1, id: claims.linkId, s: claims.sessionId, r: claims.role }
  if (claims.tableId !== undefined) wire.t = claims.tableId
  if (claims.expires !== undefined) wire.x = claims.expires
  return toBase64Url(new TextEncoder().encode(JSON.stringify(wire)))
}

/** The claims of a token, unverified; null if it is not shaped like one of ours. */
export function readTokenClaims(token: string): TokenClaims | null {
  const [body] = token.split('.')
  if (!body || !/^[A-Za-z0-9_-]+$/.test(body)) return null
  let wire: Partial<WireClaims>
  try {
    wire = JSON.parse(new TextDecoder().decode(fromBase64Url(body))) as Partial<WireClaims>
  } catch {
    return null
  }
  if (wire.v !== 1 || typeof wire.id !== 'string' || typeof wire.s !== 'string') return null
  if (!ROLES.includes(wire.r as Role)) return null
  const role = wire.r as Role
  if (isTableRole(role) !== (typeof wire.t === 'string')) return null
  if (wire.x !== undefined && typeof wire.x !== 'number') return null
  return {
    linkId: wire.id,
    sessionId: wire.s,
    role,
    ...(wire.t !== undefined ? { tableId: wire.t } : {}),
    ...(wire.x !== undefined ? { expires: wire.x } : {}),
  }
}

export function toBase64Url(bytes: Uint8Array): string {
  return toBase64(bytes).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '')
}

function fromBase64Url(text: string): Uint8Array {
  const padded = text.replaceAll('-', '+').replaceAll('_', '/')
  return fromBase64(padded + '='.repeat((4 - (padded.length % 4)) % 4))
}
