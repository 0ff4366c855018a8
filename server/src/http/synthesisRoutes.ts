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
import { type ApiRoutesOptions, admitted, sessionAccess } from './sessionAccess.js'

/** Who may compile: the people who write the synthesis and run the session. */
const COMPILERS: readonly Role[] = ['rapporteur', 'moderator', 'organizer']

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
