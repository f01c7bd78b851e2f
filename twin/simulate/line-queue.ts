/**
 * Trace lines in time order, taken from the front: those before an instant, or all. A part's lines wait here
 * for the other part's to merge with (part-stream.ts); the one that waits is taken from at every pause of the
 * other, so taking costs what is taken, never a copy of what stays (the array is cut now and then).
 */
import type { Micros } from "../engine/time.ts"
import type { TraceEvent } from "../engine/trace.ts"

export class LineQueue {
  private lines: Array<TraceEvent> = []
  private start = 0

  get size(): number {
    return this.lines.length - this.start
  }

  push(line: TraceEvent): void {
    this.lines.push(line)
  }

  /** The lines before `t`, taken; the rest stay. */
  takeBefore(t: Micros): Array<TraceEvent> {
    let k = this.start
    while (k < this.lines.length && this.lines[k]!.t < t) k++
    const taken = this.lines.slice(this.start, k)
    this.start = k
    if (this.start > 65_536 && this.start * 2 > this.lines.length) {
      this.lines = this.lines.slice(this.start)
      this.start = 0
    }
    return taken
  }

  takeAll(): Array<TraceEvent> {
    const taken = this.start === 0 ? this.lines : this.lines.slice(this.start)
    this.lines = []
    this.start = 0
    return taken
  }
}
