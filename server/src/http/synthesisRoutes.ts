import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  ApiErrorSchema,
  CompiledSynthesisSchema,
  type Role,
  SessionParamsSchema,
  SynthesisStatusSchema,
  TokenQuerySchema,
} from '@tablenotes/shared'
import { compileSession, sessionSynthesisStatus } from '../synthesis/compileSession.js'
import { perLinkRateLimit } from './perLinkRateLimit.js'
import { type ApiRoutesOptions, admitted, sessionAccess } from './sessionAccess.js'

/** Who may compile: the people who write the synthesis and run the session. */
const COMPILERS: readonly Role[] = ['rapporteur', 'moderator', 'organizer']

/**
 * Compiles a link may run in a minute: each reads every table of the session (half a second for
 * 200 tables), and a rapporteur compiles a few times an event.
 */
const COMPILES_PER_MINUTE = 10

/** Refused past COMPILES_PER_MINUTE with 429 `TOO_MANY_REQUESTS`. */
const compileLimit = perLinkRateLimit('compile', COMPILES_PER_MINUTE, 'compiles')

/** Compiling the synthesis, and asking how current it is. */
export const synthesisRoutes: FastifyPluginAsyncTypebox<ApiRoutesOptions> = async (
  app,
  { store, gatekeeper, registry },
) => {
  const compilers = sessionAccess(gatekeeper, store, COMPILERS)

  app.post(
    '/sessions/:sessionId/synthesis/compile',
    {
      onRequest: compilers,
      config: compileLimit,
      schema: {
        params: SessionParamsSchema,
        querystring: TokenQuerySchema,
        response: { 200: CompiledSynthesisSchema, '4xx': ApiErrorSchema },
      },
    },
    async (request) => compileSession(registry, admitted(request).session, request.log),
  )

  app.get(
    '/sessions/:sessionId/synthesis',
    {
      onRequest: compilers,
      schema: {
        params: SessionParamsSchema,
        querystring: TokenQuerySchema,
        response: { 200: SynthesisStatusSchema, '4xx': ApiErrorSchema },
      },
    },
    async (request) => sessionSynthesisStatus(registry, admitted(request).session),
  )
}
