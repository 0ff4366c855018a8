/** The only link schemes an export writes as links: the web and mail. */
const SAFE_PROTOCOLS: ReadonlySet<string> = new Set(['http:', 'https:', 'mailto:'])

/**
 * The one link rule of every export (the notes model, Markdown, HTML and Word): a link mark's
 * `href` as the address to write, or null when it must stay plain text. The href is parsed as a
 * browser would (WHATWG URL: surrounding spaces and control characters trimmed, tabs and newlines
 * inside removed, the scheme lower-cased), so `JaVaScRiPt:`, ` javascript:` and `java\nscript:`
 * are all seen as `javascript:`; only absolute http, https and mailto addresses pass, which also
 * drops `data:`, `vbscript:`, protocol-relative `//host` and relative paths. The address returned
 * is the parsed, serialised one (spaces and angle brackets percent-encoded).
 */
export function safeHref(href: unknown): string | null {
  if (typeof href !== 'string') return null
  try {
    const url = new URL(href)
    return SAFE_PROTOCOLS.has(url.protocol) ? url.href : null
  } catch {
    // Not an absolute URL (relative, protocol-relative, or malformed): nothing to link to.
    return null
  }
}
