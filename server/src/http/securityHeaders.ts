import helmet, { type FastifyHelmetOptions } from '@fastify/helmet'
import type { FastifyInstance } from 'fastify'

/**
 * The Content-Security-Policy of every page and API answer. The built app has no inline script
 * (client/dist/index.html loads modules from /assets), so scripts come from this origin only;
 * `connect-src 'self'` also admits ws: and wss: to this same origin (CSP Level 3, "'self'"
 * matching); nothing may frame a page (a link's page carries a token and takes clicks).
 * Inline styles stay allowed: Tiptap adds a <style> element for the editor (a table page under
 * `style-src 'self'` reports it as a violation), and carets and React set style attributes;
 * styles cannot run code.
 */
export const CONTENT_SECURITY_POLICY = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'"],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'manifest-src': ["'self'"],
  'worker-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
} as const

const options: FastifyHelmetOptions = {
  global: true,
  // Helmet's defaults would add upgrade-insecure-requests, which breaks a venue laptop served
  // over plain http on the LAN: only the directives above.
  contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
  // Links hold tokens: no page, asset or API answer passes its address on.
  referrerPolicy: { policy: 'no-referrer' },
  xFrameOptions: { action: 'deny' },
  // HSTS would pin browsers to https for a year; a laptop's self-signed certificate then could
  // not be clicked through, and the same name served over http later would not open at all.
  strictTransportSecurity: false,
}

/**
 * The headers below as a plain object, for the few answers Fastify sends before any hook runs
 * (see frameworkError): the policy, no referrer, no sniffing, no framing.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': Object.entries(CONTENT_SECURITY_POLICY)
    .map(([directive, sources]) => `${directive} ${sources.join(' ')}`)
    .join(';'),
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
}

/**
 * Security headers on every answer (pages, assets, API, errors), by @fastify/helmet:
 * the policy above, `Referrer-Policy: no-referrer`, `X-Content-Type-Options: nosniff`,
 * `X-Frame-Options: DENY`, and helmet's cross-origin isolation defaults.
 */
export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, options)
}
