import { readTokenClaims, roomAccess, type TokenClaims } from '@tablenotes/shared'

const tokenKey = (sessionId: string) => `tablenotes:token:${sessionId}`

/**
 * The token this page works with for `sessionId`: the one in the address (a link just opened),
 * which is then remembered, or else the one remembered from the last link of that session this
 * browser opened, so pages reached by plain navigation (or reopened offline) keep their rights.
 */
export function tokenFor(sessionId: string): string | null {
  const fromAddress = new URLSearchParams(location.search).get('token')
  if (fromAddress && readTokenClaims(fromAddress)?.sessionId === sessionId) {
    localStorage.setItem(tokenKey(sessionId), fromAddress)
    return fromAddress
  }
  return localStorage.getItem(tokenKey(sessionId))
}

/** The claims of the page's token; the server alone checks them, the page only follows them. */
export function claimsFor(sessionId: string): TokenClaims | null {
  const token = tokenFor(sessionId)
  return token ? readTokenClaims(token) : null
}

/** Whether the page's link may write the room, as far as the page can tell before the server says. */
export function expectsToWrite(sessionId: string, roomId: string): boolean {
  const claims = claimsFor(sessionId)
  return claims !== null && roomAccess(claims, { sessionId, roomId }) === 'write'
}

/** Sessions this browser holds a link for, most useful on the front page. */
export function rememberedSessionIds(): string[] {
  const ids: string[] = []
  for (let index = 0; index < localStorage.length; index++) {
    const key = localStorage.key(index)
    if (key?.startsWith(tokenKey(''))) ids.push(key.slice(tokenKey('').length))
  }
  return ids.sort()
}
