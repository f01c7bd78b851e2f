/**
 * The speed the live world really holds: virtual seconds run per wall second over the last few seconds. The
 * pacer caps the world's debt at 2 s of wall time (pacer.ts), so a world that cannot keep the asked speed
 * shows `lagMs` stuck near 2,000 while its clock runs slower than asked — at ×1000 the default estate's
 * trading hours hold ~×550 on one thread (docs/live.md "×1000"). A status line that said "×1000" then would
 * contradict what the map shows; the clock message carries this figure beside the asked speed.
 *
 * Samples (wall ms, virtual µs reached) are noted at the end of every tick while the world runs. The pacer
 * keeps one (pacer.ts `note`, `held`) and starts it afresh where it re-anchors — a pause, a resume, a speed
 * change: the figure is about the speed asked now. Defined once the samples span a wall second; measured
 * over the last `WINDOW_MS`.
 */
import type { Micros } from "../engine/time.ts"

const WINDOW_MS = 5_000
const LEAST_MS = 1_000

export class HeldSpeed {
  private walls: Array<number> = []
  private reached: Array<Micros> = []

  /** The world had reached `reached` at wall ms `wall` (times never go back). */
  note(wall: number, reached: Micros): void {
    this.walls.push(wall)
    this.reached.push(reached)
    // Drop samples older than the window, keeping one at or before its start so the span covers it all.
    let drop = 0
    while (drop + 1 < this.walls.length && this.walls[drop + 1]! <= wall - WINDOW_MS) drop++
    if (drop > 0) {
      this.walls.splice(0, drop)
      this.reached.splice(0, drop)
    }
  }

  /** Starts afresh (a pause, a resume, a new speed). */
  reset(): void {
    this.walls = []
    this.reached = []
  }

  /** Virtual seconds per wall second over the samples (to a tenth), or undefined under a wall second of them. */
  get value(): number | undefined {
    const n = this.walls.length
    if (n < 2) return undefined
    const span = this.walls[n - 1]! - this.walls[0]!
    if (span < LEAST_MS) return undefined
    const virtualSeconds = (this.reached[n - 1]! - this.reached[0]!) / 1_000_000
    return Math.round((virtualSeconds / (span / 1000)) * 10) / 10
  }
}
