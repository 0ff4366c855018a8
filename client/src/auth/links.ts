import { readTokenClaims, roomAccess, type TokenClaims } from '@tablenotes/shared'

const tokenKey = (sessionId: string) => `tablenotes:token:${sessionId}`

/**
 * Takes the token of the link just opened out of the address: remembers it for its session, for
 * this tab (sessionStorage: it survives reloads, also offline, and another tab opening another
 * link of the session does not change it) and for the browser (localStorage: a new tab reached by
 * plain navigation keeps its rights), then removes it from the address bar with
 * history.replaceState, and so from the history, bookmarks and what a shared screen shows.
 * Called once, before the app renders.
 */
export function adoptTokenFromAddress(): void {
  const address = new URL(location.href)
  const token = address.searchParams.get('token')
  if (!token) return
  const claims = readTokenClaims(token)
  if (claims) {
    sessionStorage.setItem(tokenKey(claims.sessionId), token)
    localStorage.setItem(tokenKey(claims.sessionId), token)
  }
  address.searchParams.delete('token')
  history.replaceState(history.state, '', address)
}

/** The token this page works with for `sessionId` (see adoptTokenFromAddress), or null. */
export function tokenFor(sessionId: string): string | null {
  return sessionStorage.getItem(tokenKey(sessionId)) ?? localStorage.getItem(tokenKey(sessionId))
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
