/**
 * The address a pasted link leads to, or null when it is not a Tablenotes link: a page under
 * `/s/` that carries a token. A link from another server (the venue's, say) is followed as is.
 */
export function linkTarget(pasted: string, here: string): string | null {
  let url: URL
  try {
    url = new URL(pasted.trim(), here)
  } catch {
    return null
  }
  const isPage = url.pathname.startsWith('/s/') && url.searchParams.has('token')
  return isPage && /^https?:$/.test(url.protocol) ? url.href : null
}
