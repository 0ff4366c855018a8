import type { FastifyRequest } from 'fastify'
import { TooManyRequestsError } from './errors.js'

/**
 * A route's `config` for @fastify/rate-limit (registered with `global: false` in app.ts): at most
 * `perMinute` requests a minute from one link to that route, then 429 `TOO_MANY_REQUESTS` with
 * the message "at most <perMinute> <what> a minute from one link". The plugin keeps one count
 * per route, so two routes sharing a config each allow `perMinute`; `bucket` names the key.
 *
 * Counted per link (`request.claims.linkId`, set by the route's `sessionAccess` hook, which runs
 * in `onRequest`, before this `preHandler`), or per address for a request without claims.
 */
export function perLinkRateLimit(bucket: string, perMinute: number, what: string) {
  return {
    rateLimit: {
      max: perMinute,
      timeWindow: 60_000,
      hook: 'preHandler' as const,
      keyGenerator: (request: FastifyRequest) =>
        `${bucket}:${request.claims?.linkId ?? request.ip}`,
      errorResponseBuilder: () =>
        new TooManyRequestsError(`at most ${perMinute} ${what} a minute from one link`),
    },
  }
}
