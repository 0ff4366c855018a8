/**
 * The bytes of client updates this process holds while they wait for history it lacks
 * (Room.receiveUpdate, PROTOCOL.md P6), over every connection of every room. Each connection may
 * hold up to `maxHeldBytes`; without a bound on the sum, a few hundred connections of one edit
 * link holding updates whose history never comes grew the server by gigabytes.
 */
export class HeldBudget {
  private used = 0

  /** `max`: bytes, in all. */
  constructor(readonly max: number) {}

  /** Counts `bytes` more as held; false, counting nothing, when that would pass `max`. */
  take(bytes: number): boolean {
    if (this.used + bytes > this.max) return false
    this.used += bytes
    return true
  }

  /** Counts `bytes` as no longer held (applied, or dropped with their connection). */
  give(bytes: number): void {
    this.used = Math.max(0, this.used - bytes)
  }

  /** Bytes held now. */
  get held(): number {
    return this.used
  }
}
