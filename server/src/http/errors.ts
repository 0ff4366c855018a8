import {
  ApiErrorSchema,
  CloseCode,
  EXPORT_FORMATS,
  MAX_SEARCH_QUERY,
  ROLES,
  type SessionProblem,
} from '@tablenotes/shared'
import type {
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  FastifySchemaValidationError,
} from 'fastify'
import { SECURITY_HEADERS } from './securityHeaders.js'

/**
 * Every `code` an API error body carries. Codes are stable: clients and scripts may branch on
 * them, so one is never reused for another meaning (Fastify's `FST_ERR_*` habit). README "HTTP
 * errors" lists them.
 */
export const ErrorCode = {
  unauthenticated: 'UNAUTHENTICATED',
  forbidden: 'FORBIDDEN',
  linkRevoked: 'LINK_REVOKED',
  tooManyAttempts: 'TOO_MANY_ATTEMPTS',
  invalidRequest: 'INVALID_REQUEST',
  invalidSession: 'INVALID_SESSION',
  sessionIdChanged: 'SESSION_ID_CHANGED',
  badRole: 'BAD_ROLE',
  badTable: 'BAD_TABLE',
  badExpiry: 'BAD_EXPIRY',
  badFormat: 'BAD_FORMAT',
  sessionNotFound: 'SESSION_NOT_FOUND',
  tableNotFound: 'TABLE_NOT_FOUND',
  linkNotFound: 'LINK_NOT_FOUND',
  sessionExists: 'SESSION_EXISTS',
  roomNotFound: 'ROOM_NOT_FOUND',
  versionNotFound: 'VERSION_NOT_FOUND',
  questionNotFound: 'QUESTION_NOT_FOUND',
  badLabel: 'BAD_LABEL',
  badQuery: 'BAD_QUERY',
  roundLocked: 'ROUND_LOCKED',
  tooManyRequests: 'TOO_MANY_REQUESTS',
  commentNotFound: 'COMMENT_NOT_FOUND',
  quoteNotFound: 'QUOTE_NOT_FOUND',
  commentsFull: 'COMMENTS_FULL',
  notFound: 'NOT_FOUND',
  badUrl: 'BAD_URL',
  internal: 'INTERNAL_ERROR',
} as const
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode]

/**
 * The response schema of every refusal, to spread into a route's `response`: any 4xx is
 * `{ code, message }` (ApiErrorSchema), as the error handler below writes it.
 */
export const REFUSALS = { '4xx': ApiErrorSchema }

/** A refusal the API answers with `{ code, message }` and `statusCode`; see the subclasses. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message)
  }

  /** The JSON body of the answer (ApiErrorSchema of shared/schemas/apiSchemas.ts). */
  body(): { code: string; message: string; problems?: SessionProblem[] } {
    return { code: this.code, message: this.message }
  }
}

/** 400: the request is malformed or asks for something impossible. */
export class BadRequestError extends ApiError {
  constructor(code: ErrorCode, message: string) {
    super(400, code, message)
  }
}

/** 400 `INVALID_SESSION`: a session definition with every problem found, each with its field. */
export class InvalidSessionError extends BadRequestError {
  constructor(readonly problems: SessionProblem[]) {
    super(ErrorCode.invalidSession, 'the session definition has problems')
  }

  override body() {
    return { ...super.body(), problems: this.problems }
  }
}

/** 404: the session, table or link the path names does not exist. */
export class NotFoundError extends ApiError {
  constructor(code: ErrorCode, message: string) {
    super(404, code, message)
  }
}

/** 409: the thing to create exists already. */
export class ConflictError extends ApiError {
  constructor(code: ErrorCode, message: string) {
    super(409, code, message)
  }
}

/** 422: the request is well formed but names something the document does not hold (a quote). */
export class UnprocessableError extends ApiError {
  constructor(code: ErrorCode, message: string) {
    super(422, code, message)
  }
}

/** 423 `ROUND_LOCKED`: a moderator locked the round, and with it every table write. */
export class RoundLockedError extends ApiError {
  constructor(message: string) {
    super(423, ErrorCode.roundLocked, message)
  }
}

/** 429 `TOO_MANY_REQUESTS`: one link asked for more of a costly write than its share. */
export class TooManyRequestsError extends ApiError {
  constructor(message: string) {
    super(429, ErrorCode.tooManyRequests, message)
  }
}

/** The HTTP status and code for each refusal of the gatekeeper (its close codes, PROTOCOL.md). */
const ADMISSION_REFUSALS: Record<number, { status: number; code: ErrorCode }> = {
  [CloseCode.unauthenticated]: { status: 401, code: ErrorCode.unauthenticated },
  [CloseCode.forbidden]: { status: 403, code: ErrorCode.forbidden },
  [CloseCode.revoked]: { status: 410, code: ErrorCode.linkRevoked },
  [CloseCode.tooMany]: { status: 429, code: ErrorCode.tooManyAttempts },
}

/**
 * 401, 403, 410 or 429: the caller's link does not allow this. Built from a gatekeeper refusal
 * (its close code and reason), so the API and the relay refuse alike; 403 without a close code.
 */
export class AccessRefusedError extends ApiError {
  constructor(reason: string, closeCode: number = CloseCode.forbidden) {
    const refusal = ADMISSION_REFUSALS[closeCode] ?? ADMISSION_REFUSALS[CloseCode.forbidden]!
    super(refusal.status, refusal.code, reason)
  }
}

/**
 * The precise code and sentence for a field that fails its route's schema, by field name (field
 * names are unique across the API); any other field is `INVALID_REQUEST` with Ajv's words.
 */
const FIELD_REFUSALS: Record<string, { code: ErrorCode; message: string }> = {
  role: { code: ErrorCode.badRole, message: `role must be one of ${ROLES.join(', ')}` },
  table: { code: ErrorCode.badTable, message: 'table is the id of one of the session’s tables' },
  expires: { code: ErrorCode.badExpiry, message: 'expires is a future time in epoch seconds' },
  label: {
    code: ErrorCode.badLabel,
    message: 'a named version needs a label of 1 to 200 characters',
  },
  q: {
    code: ErrorCode.badQuery,
    message: `q is the text to search for: 1 to ${MAX_SEARCH_QUERY} characters, not only spaces`,
  },
  format: {
    code: ErrorCode.badFormat,
    message: `format must be one of ${EXPORT_FORMATS.join(', ')}`,
  },
}

/**
 * Fastify's `schemaErrorFormatter`: the first schema failure of a request (Ajv stops at one) as a
 * BadRequestError, whose code names the field where the API has one (`BAD_ROLE`, …).
 */
export function schemaError(
  errors: FastifySchemaValidationError[],
  dataVar: string,
): BadRequestError {
  const first = errors[0]
  const missing = first?.params.missingProperty
  const field =
    typeof missing === 'string' ? missing : (first?.instancePath.split('/')[1] ?? undefined)
  const known = field === undefined ? undefined : FIELD_REFUSALS[field]
  if (known) return new BadRequestError(known.code, known.message)
  const where = `${dataVar}${first?.instancePath ?? ''}`
  return new BadRequestError(ErrorCode.invalidRequest, `${where} ${first?.message ?? 'is invalid'}`)
}

/**
 * The one error handler of the API: an ApiError is its status and body; Fastify's own client
 * errors (a body that is not JSON, too large, a wrong content type) keep their status and
 * `FST_ERR_*` code; anything else is logged and answered 500 `INTERNAL_ERROR`, without its
 * message (which may name files or rows).
 */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | ApiError, request, reply) => {
    if (error instanceof ApiError) {
      // Both limits count a minute (FailureLimiter, perLinkRateLimit): by then it has passed.
      if (error.statusCode === 429 && !reply.hasHeader('retry-after')) {
        reply.header('retry-after', '60')
      }
      return reply.code(error.statusCode).send(error.body())
    }
    const status = error.statusCode ?? 500
    if (status >= 400 && status < 500) {
      return reply
        .code(status)
        .send({ code: error.code ?? ErrorCode.invalidRequest, message: error.message })
    }
    request.log.error({ err: error }, 'request failed')
    return reply.code(500).send({ code: ErrorCode.internal, message: 'internal server error' })
  })
  // Fastify's own 404 names the whole URL, query and so the link's token included.
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({
      code: ErrorCode.notFound,
      message: `nothing answers ${request.method} ${pathOf(request.url)}`,
    }),
  )
}

/**
 * Fastify's `frameworkErrors`: a URL the router cannot decode (a bad percent escape) is 400
 * `BAD_URL`, saying neither the URL (whose query may hold a token) nor anything else of it.
 * Fastify answers these before any hook runs, so the security headers are set here.
 */
export function frameworkError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const badUrl = error.code === 'FST_ERR_BAD_URL'
  if (!badUrl) request.log.error({ err: error }, 'request failed')
  void reply
    .headers(SECURITY_HEADERS)
    .code(badUrl ? 400 : 500)
    .send(
      badUrl
        ? { code: ErrorCode.badUrl, message: 'the address holds an invalid percent-encoding' }
        : { code: ErrorCode.internal, message: 'internal server error' },
    )
}

/** A request's URL without its query, which may hold a token. */
export function pathOf(url: string): string {
  const query = url.indexOf('?')
  return query === -1 ? url : url.slice(0, query)
}
