import { CloseCode, type RoomName, roomAccess, type TokenClaims } from '@tablenotes/shared'
import type { FastifyBaseLogger } from 'fastify'
import type { LinkStore } from '../storage/DocStore.js'
import { FailureLimiter } from './FailureLimiter.js'
import { verifyToken } from './tokens.js'

export type Admission =
  | { ok: true; claims: TokenClaims; writable: boolean }
  | { ok: false; code: number; reason: string; quiet: boolean }

export interface GatekeeperOptions {
  secret: string
  store: LinkStore
  log: FastifyBaseLogger
  /** How often revocations made by other processes (the command line) are looked for. */
  pollMs: number
  limiter?: FailureLimiter
}

const PROBLEMS = {
  missing: 'no token',
  malformed: 'not a token',
  forged: 'token signature does not match',
  expired: 'token expired',
} as const

/**
 * Decides who enters which room, from the token alone: its signature, expiry, the revoked links
 * and the rights table. Revocations are kept in memory and polled from the store, so admission
 * never waits on storage and a link revoked by the command line closes its sockets at once.
 */
export class Gatekeeper {
  private readonly revoked = new Set<string>()
  private readonly listeners = new Set<(linkId: string) => void>()
  private readonly limiter: FailureLimiter
  private cursor = 0
  private timer: NodeJS.Timeout | null = null
  private polling: Promise<void> = Promise.resolve()

  private constructor(private readonly options: GatekeeperOptions) {
    this.limiter = options.limiter ?? new FailureLimiter()
  }

  static async open(options: GatekeeperOptions): Promise<Gatekeeper> {
    const gatekeeper = new Gatekeeper(options)
    await gatekeeper.poll()
    gatekeeper.timer = setInterval(() => {
      gatekeeper.polling = gatekeeper.poll().catch((error: unknown) => {
        options.log.error({ err: error }, 'reading revoked links failed')
      })
    }, options.pollMs)
    gatekeeper.timer.unref()
    return gatekeeper
  }

  /** Whether `token` opens `room`, and for writing or reading only. */
  admit(token: unknown, room: RoomName, address: string): Admission {
    const session = this.admitSession(token, room.sessionId, address)
    if (!session.ok) return session
    const access = roomAccess(session.claims, room)
    if (access === 'none')
      return this.refuse(address, CloseCode.forbidden, 'link does not open this room')
    return { ok: true, claims: session.claims, writable: access === 'write' }
  }

  /** Whether `token` is a working link of `sessionId` (any role): what the HTTP API asks. */
  admitSession(token: unknown, sessionId: string, address: string): Admission {
    const admission = this.admitToken(token, address)
    if (admission.ok && admission.claims.sessionId !== sessionId) {
      return this.refuse(address, CloseCode.forbidden, 'link is for another session')
    }
    return admission
  }

  /** Whether `token` is a working organizer link of any session: who may create a session. */
  admitOrganizer(token: unknown, address: string): Admission {
    const admission = this.admitToken(token, address)
    if (admission.ok && admission.claims.role !== 'organizer') {
      return this.refuse(address, CloseCode.forbidden, 'only organizers create sessions')
    }
    return admission
  }

  /** A genuine, unexpired token of a link that was not revoked. */
  private admitToken(token: unknown, address: string): Admission {
    const check = verifyToken(this.options.secret, token)
    if (!check.ok) return this.refuse(address, CloseCode.unauthenticated, PROBLEMS[check.problem])
    if (this.revoked.has(check.claims.linkId)) {
      return this.refuse(address, CloseCode.revoked, 'link revoked')
    }
    return { ok: true, claims: check.claims, writable: false }
  }

  /** Calls `listener` with each link revoked from now on; returns the unsubscribe function. */
  onRevoked(listener: (linkId: string) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Looks for revocations now, e.g. right after this process revoked a link itself. */
  async refresh(): Promise<void> {
    await this.polling
    await this.poll()
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    await this.polling
  }

  /** Past the limit, refusals say so (CloseCode.tooMany) and are not logged one by one. */
  private refuse(address: string, code: number, reason: string): Admission {
    const failures = this.limiter.fail(address)
    if (failures <= this.limiter.limit) return { ok: false, code, reason, quiet: false }
    if (failures === this.limiter.limit + 1) {
      this.options.log.warn(
        { address },
        'too many failed attempts from one address; its refusals go unlogged for a minute',
      )
    }
    return { ok: false, code: CloseCode.tooMany, reason: 'too many failed attempts', quiet: true }
  }

  private async poll(): Promise<void> {
    for (const { id, revokedAt } of await this.options.store.revokedSince(this.cursor)) {
      this.cursor = Math.max(this.cursor, revokedAt)
      if (this.revoked.has(id)) continue
      this.revoked.add(id)
      for (const listener of this.listeners) listener(id)
    }
  }
}
