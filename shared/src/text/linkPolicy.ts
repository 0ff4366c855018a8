/**
 * Which addresses may be links in the notes, in one place for the editor, the paste cleaner and
 * (so they never disagree) anything else that reads or writes links. Only web and mail links:
 * a notes document has no business with `javascript:`, `data:`, `file:` or in-page anchors
 * (`#_ftn1` from a Word footnote), which are dangerous or lead nowhere once pasted.
 */

/** The schemes a link may have, lower case, without the colon. */
export const LINK_SCHEMES: readonly string[] = ['http', 'https', 'mailto']

const LINK_PROTOCOLS: ReadonlySet<string> = new Set(LINK_SCHEMES.map((scheme) => `${scheme}:`))
const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:/i
const EMAIL = /^[^\s@:/?#<>()[\]"]+@[^\s@:/?#<>()[\]"]+\.[^\s@:/?#<>()[\]".]{2,}$/
const WEB = /^https?:\/\/[^\s/?#]/i
const WWW = /^www\.[^\s/?#.]+\.[^\s/?#]/i

/**
 * The one link rule of the editor, the server's schema check and every export: a link's `href`
 * as the address to write, or null when it must stay plain text. The href is parsed as a browser
 * would (WHATWG URL: surrounding spaces and control characters trimmed, tabs and newlines inside
 * removed, the scheme lower-cased), so `JaVaScRiPt:`, ` javascript:` and `java\nscript:` are all
 * seen as `javascript:`; only absolute http, https and mailto addresses pass, which also drops
 * `data:`, `vbscript:`, protocol-relative `//host`, fragments and relative paths. The address
 * returned is the parsed, serialised one (spaces and angle brackets percent-encoded).
 */
export function safeHref(href: unknown): string | null {
  if (typeof href !== 'string') return null
  try {
    const url = new URL(href)
    return LINK_PROTOCOLS.has(url.protocol) ? url.href : null
  } catch {
    // Not an absolute URL (relative, protocol-relative, or malformed): nothing to link to.
    return null
  }
}

/** Whether `href` may be stored as a link (see safeHref). */
export function isAllowedHref(href: string): boolean {
  return safeHref(href) !== null
}

/**
 * Whether text someone typed or pasted becomes a link by itself. Only what is unmistakably an
 * address: `http(s)://…`, `www.…` and e-mail addresses (with or without `mailto:`). A word
 * that merely contains a dot followed by a top-level domain ("so many.Global governance",
 * "file.md") stays text. `text` is the candidate as linkify found it (Tiptap Link's
 * `shouldAutoLink` argument), without surrounding white space.
 */
export function shouldAutoLink(text: string): boolean {
  return WEB.test(text) || WWW.test(text) || EMAIL.test(text.replace(/^mailto:/i, ''))
}

/**
 * The link an address typed into the link dialog stands for, or null when it cannot be one:
 * `https://…`, `http://…` and `mailto:…` stay as typed, an e-mail address gets `mailto:`, a
 * host without a scheme (`example.org/report`) gets `https://`, and any other scheme (`ftp:`,
 * `javascript:`) or text without a dot is refused.
 */
export function normalizeHref(input: string): string | null {
  const address = input.trim()
  if (address === '' || /\s/.test(address)) return null
  if (isAllowedHref(address)) return address
  if (EMAIL.test(address)) return `mailto:${address}`
  if (HAS_SCHEME.test(address) && !/^[^:]+\.[^:]+:\d/.test(address)) return null
  return /^[^\s/?#.]+\.[^\s/?#]/.test(address) ? `https://${address}` : null
}
