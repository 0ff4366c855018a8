import type { FastifyBaseLogger } from 'fastify'

/** A logger that drops everything, for unit tests that provoke the failures the server logs. */
export const silentLog = {
  level: 'silent',
  fatal: () => undefined,
  error: () => undefined,
  warn: () => undefined,
  info: () => undefined,
  debug: () => undefined,
  trace: () => undefined,
  silent: () => undefined,
  child: () => silentLog,
} as unknown as FastifyBaseLogger
