/**
 * Which addresses may be links in the notes, in one place for the editor, the paste cleaner and
 * (so they never disagree) anything else that reads or writes links. Only web and mail links:
 * a notes document has no business with `javascript:`, `data:`, `file:` or in-page anchors
 * (`#_ftn1` from a Word footnote), which are dangerous or lead nowhere once pasted.
 */

/** The schemes a link may have, lower case, without the colon. */
export const LINK_SCHEMES: readonly string[] = ['http', 'https', 'mailto']

const ALLOWED = /^(?:https?|mailto):/i
const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:/i
const EMAIL = /^[^\s@:/?#<>()[\]"]+@[^\s@:/?#<>()[\]"]+\.[^\s@:/?#<>()[\]".]{2,}$/
const WEB = /^https?:\/\/[^\s/?#]/i
const WWW = /^www\.[^\s/?#.]+\.[^\s/?#]/i

/**
 * Whether `href` may be stored as a link: it starts with `http:`, `https:` or `mailto:` (any
 * case, after leading white space, which browsers ignore too). Everything else, relative
 * addresses and fragments included, is refused.
 */
export function isAllowedHref(href: string): boolean {
  return ALLOWED.test(href.trim())
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
