import type { AddressInfo } from 'node:net'

/** Addresses that mean "every interface": no one can open a link to them. */
const WILDCARDS = new Set(['0.0.0.0', '::', '0:0:0:0:0:0:0:0', ''])

/**
 * The origin (`scheme://host:port`) that links are printed and returned with: PUBLIC_URL when it
 * is set, else this server's own address as configured, with `localhost` for the wildcard
 * address. Never a request's Host header, which whoever sends the request chooses.
 */
export function linkOrigin(options: {
  /** PUBLIC_URL, already checked to be an origin by config.ts; null when unset. */
  publicUrl: string | null
  /** Whether the server speaks https (TLS_CERT and TLS_KEY). */
  tls: boolean
  /** HOST, or the address the server listens on. */
  host: string
  port: number
}): string {
  if (options.publicUrl) return options.publicUrl
  const host = WILDCARDS.has(options.host)
    ? 'localhost'
    : options.host.includes(':')
      ? `[${options.host}]`
      : options.host
  return `${options.tls ? 'https' : 'http'}://${host}:${options.port}`
}

/** linkOrigin for a listening server, from the address it actually bound (port 0 resolved). */
export function listeningOrigin(
  publicUrl: string | null,
  tls: boolean,
  address: AddressInfo | string | null,
): string {
  if (publicUrl) return publicUrl
  if (typeof address !== 'object' || address === null) {
    throw new Error('the server is not listening on a TCP port')
  }
  return linkOrigin({ publicUrl, tls, host: address.address, port: address.port })
}
