/**
 * Guessing the instructor's token is slow and seen (issue 17, item 9): every failed attempt (a control or a
 * hello with a token that is not the instructor's) is counted per connection and per address, in a sliding
 * window; past the limit, that connection or address gets no token checked at all — even the right one —
 * until the window has passed, and the refusal says for how long. Failures are logged, at most one line
 * per address per window plus the first blocks, so a flood cannot fill the log either.
 */
export interface TokenGuardOptions {
  /** Failed attempts a connection may make per window (default 5). */
  readonly perConnection?: number
  /** Failed attempts one address may make per window, over all its connections (default 20). */
  readonly perAddress?: number
  /** The window, wall ms (default 60 s). */
  readonly windowMs?: number
}

export type TokenVerdict = { readonly ok: true } | { readonly ok: false; readonly message: string }

export class TokenGuard {
  private readonly perConnection: number
  private readonly perAddress: number
  private readonly windowMs: number
  private readonly byAddress = new Map<string, Array<number>>()
  private readonly logged = new Map<string, number>()
  private readonly log: (line: string) => void

  constructor(log: (line: string) => void, options: TokenGuardOptions = {}) {
    this.log = log
    this.perConnection = options.perConnection ?? 5
    this.perAddress = options.perAddress ?? 20
    this.windowMs = options.windowMs ?? 60_000
  }

  /**
   * Whether a token may be checked now for `connection` (its own failure times) from `address`; when it
   * may, `check()` is the comparison, and a false result is recorded as a failure.
   */
  attempt(connection: Array<number>, address: string, now: number, check: () => boolean): TokenVerdict {
    const mine = recent(connection, now - this.windowMs)
    const theirs = recent(this.byAddress.get(address) ?? [], now - this.windowMs)
    this.byAddress.set(address, theirs)
    const blockedFor = Math.max(
      mine.length >= this.perConnection ? mine[mine.length - this.perConnection]! + this.windowMs - now : 0,
      theirs.length >= this.perAddress ? theirs[theirs.length - this.perAddress]! + this.windowMs - now : 0
    )
    if (blockedFor > 0) return { ok: false, message: `too many wrong tokens: try again in ${Math.ceil(blockedFor / 1000)} s` }
    if (check()) return { ok: true }
    connection.push(now)
    theirs.push(now)
    const last = this.logged.get(address)
    if (last === undefined || now - last >= this.windowMs || theirs.length === this.perAddress) {
      this.logged.set(address, now)
      this.log(`twin serve: wrong instructor token from ${address || "an unknown address"} (${theirs.length} in the last ${this.windowMs / 1000} s)`)
    }
    return { ok: false, message: "instructor token required" }
  }
}

/** The times after `since`, kept in place (the array is the connection's or address's record). */
const recent = (times: Array<number>, since: number): Array<number> => {
  let drop = 0
  while (drop < times.length && times[drop]! <= since) drop++
  if (drop > 0) times.splice(0, drop)
  return times
}
