/**
 * Counts failed authentications per address in a sliding window. Valid tokens are never limited:
 * a whole venue shares one address behind its NAT, so limiting successes would let one bad
 * client lock every table out. Past the limit, failures are refused without detail and logged
 * once, so a flood costs little and cannot drown the log.
 */
export class FailureLimiter {
  private readonly failures = new Map<string, number[]>()

  constructor(
    readonly limit = 30,
    private readonly windowMs = 60_000,
  ) {}

  /** Records a failure; returns how many the address has had within the window, this one too. */
  fail(address: string, now = Date.now()): number {
    const recent = (this.failures.get(address) ?? []).filter((at) => now - at < this.windowMs)
    recent.push(now)
    this.failures.set(address, recent)
    this.forgetQuietAddresses(now)
    return recent.length
  }

  /** Keeps the map from growing with every address that ever failed once. */
  private forgetQuietAddresses(now: number): void {
    if (this.failures.size < 1000) return
    for (const [address, times] of this.failures) {
      if (now - (times.at(-1) ?? 0) >= this.windowMs) this.failures.delete(address)
    }
  }
}
