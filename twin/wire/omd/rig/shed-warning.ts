/**
 * The console line that tells the instructor the rig is shedding packets (the wire then has gaps the trace
 * does not): at most one every EVERY_MS, and always the last count — drops between two lines are told
 * when the interval is up, so a burst shed just after a line is not left at that line's count (seen: "1
 * packets dropped so far" while a listener's lines had lost 49,406).
 */
const EVERY_MS = 10_000

export class ShedWarning {
  private warnedAt = -Infinity
  private later: ReturnType<typeof setTimeout> | undefined
  private closed = false
  private readonly log: (line: string) => void
  private readonly now: () => number
  /** The count now (read when a deferred line is due). */
  private readonly count: () => number

  constructor(log: (line: string) => void, count: () => number, now: () => number = Date.now) {
    this.log = log
    this.count = count
    this.now = now
  }

  /** The rig dropped packets: `dropped` in all so far. */
  dropped(dropped: number): void {
    if (this.closed) return
    if (this.now() - this.warnedAt >= EVERY_MS) return this.warn(dropped)
    this.later ??= setTimeout(() => {
      this.later = undefined
      if (!this.closed) this.warn(this.count())
    }, this.warnedAt + EVERY_MS - this.now())
  }

  close(): void {
    this.closed = true
    if (this.later !== undefined) clearTimeout(this.later)
  }

  private warn(dropped: number): void {
    this.warnedAt = this.now()
    this.log(`omd-c: the rig cannot keep up at this speed: ${dropped} packet${dropped === 1 ? "" : "s"} dropped so far (more than 2 s late); the wire now has gaps the trace does not — slow the drill down`)
  }
}
