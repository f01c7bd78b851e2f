/**
 * The kernel: a min-heap of events ordered by (time, instant scheduled, insertion sequence), so that events
 * at the same instant run in the order they were scheduled — the root of determinism. The middle key only
 * matters for an event put back with the instant it was first scheduled (`born`, for events a model
 * elided and restores): it then sorts as it would have. The heap is 4-ary: half the
 * levels of a binary heap, and a node's four children sit side by side in memory (the keys are unique,
 * so any heap shape pops the same sequence).
 *
 * Struct-of-arrays storage (times, sequence numbers and two integer arguments in typed arrays, one payload
 * slot) keeps scheduling allocation-free apart from the payload; measured in `npm run bench`.
 */
import type { Micros } from "./time.ts"

export class Scheduler<P> {
  private times = new Float64Array(1024)
  private seqs = new Float64Array(1024)
  private borns = new Float64Array(1024)
  private targets = new Int32Array(1024)
  private kinds = new Int32Array(1024)
  private args = new Float64Array(1024)
  private payloads: Array<P | undefined> = new Array(1024)
  private size = 0
  private nextSeq = 0
  /** Whether `runUntil` calls its `intercept` (off: one flag test per event, no call). */
  intercepting = false
  /** Targets whose events go through `intercept` (1) while `intercepting`; others are not offered to it. */
  watched: Uint8Array = new Uint8Array(0)
  /** The time of the event being run (or last run). */
  now: Micros = 0

  get pending(): number {
    return this.size
  }

  /**
   * Queues an event; `arg` is a number carried beside the payload (saves allocating a payload object).
   * `born` (default now) is the instant it counts as scheduled at, for the order among same-time events.
   */
  schedule(time: Micros, target: number, kind: number, payload?: P, arg = 0, born: Micros = this.now): void {
    if (time < this.now) throw new Error(`cannot schedule in the past: ${time} < ${this.now}`)
    if (this.size === this.times.length) this.grow()
    let i = this.size++
    const seq = this.nextSeq++
    // Sift up.
    while (i > 0) {
      const parent = (i - 1) >> 2
      const pt = this.times[parent]!
      if (pt < time || (pt === time && (this.borns[parent]! < born || (this.borns[parent] === born && this.seqs[parent]! < seq)))) break
      this.move(parent, i)
      i = parent
    }
    this.times[i] = time
    this.borns[i] = born
    this.seqs[i] = seq
    this.targets[i] = target
    this.kinds[i] = kind
    this.args[i] = arg
    this.payloads[i] = payload
  }

  /**
   * Runs events in order until the queue is empty or the next event is after `until` (events at `until`
   * run). `dispatch` may schedule more events. Returns the number of events run.
   */
  runUntil(
    until: Micros,
    dispatch: (target: number, kind: number, payload: P | undefined, arg: number) => void,
    intercept?: (target: number, kind: number, payload: P | undefined, arg: number) => boolean
  ): number {
    let count = 0
    while (this.size > 0 && this.times[0]! <= until) {
      this.now = this.times[0]!
      // The next event may first need others put back before it (see Runtime.intercept): look again.
      const target = this.targets[0]!
      if (this.intercepting && this.watched[target] === 1 && intercept !== undefined && intercept(target, this.kinds[0]!, this.payloads[0], this.args[0]!)) {
        continue
      }
      const kind = this.kinds[0]!
      const payload = this.payloads[0]
      const arg = this.args[0]!
      this.pop()
      dispatch(target, kind, payload, arg)
      count++
    }
    if (this.now < until) this.now = until
    return count
  }

  private pop(): void {
    const last = --this.size
    if (last === 0) {
      this.payloads[0] = undefined
      return
    }
    const time = this.times[last]!
    const born = this.borns[last]!
    const seq = this.seqs[last]!
    const target = this.targets[last]!
    const kind = this.kinds[last]!
    const arg = this.args[last]!
    const payload = this.payloads[last]
    this.payloads[last] = undefined
    // Sift the former last element down from the root.
    let i = 0
    for (;;) {
      const first = 4 * i + 1
      if (first >= last) break
      let child = first
      const end = Math.min(first + 4, last)
      for (let c = first + 1; c < end; c++) if (this.before(c, child)) child = c
      const ct = this.times[child]!
      if (time < ct || (time === ct && (born < this.borns[child]! || (born === this.borns[child] && seq < this.seqs[child]!)))) break
      this.move(child, i)
      i = child
    }
    this.times[i] = time
    this.borns[i] = born
    this.seqs[i] = seq
    this.targets[i] = target
    this.kinds[i] = kind
    this.args[i] = arg
    this.payloads[i] = payload
  }

  private before(a: number, b: number): boolean {
    const ta = this.times[a]!
    const tb = this.times[b]!
    if (ta !== tb) return ta < tb
    const ba = this.borns[a]!
    const bb = this.borns[b]!
    return ba < bb || (ba === bb && this.seqs[a]! < this.seqs[b]!)
  }

  private move(from: number, to: number): void {
    this.times[to] = this.times[from]!
    this.seqs[to] = this.seqs[from]!
    this.borns[to] = this.borns[from]!
    this.targets[to] = this.targets[from]!
    this.kinds[to] = this.kinds[from]!
    this.args[to] = this.args[from]!
    this.payloads[to] = this.payloads[from]
  }

  private grow(): void {
    const n = this.times.length * 2
    const copy = <T extends Float64Array | Int32Array>(a: T, make: (n: number) => T): T => {
      const b = make(n)
      b.set(a)
      return b
    }
    this.times = copy(this.times, (k) => new Float64Array(k))
    this.seqs = copy(this.seqs, (k) => new Float64Array(k))
    this.borns = copy(this.borns, (k) => new Float64Array(k))
    this.targets = copy(this.targets, (k) => new Int32Array(k))
    this.kinds = copy(this.kinds, (k) => new Int32Array(k))
    this.args = copy(this.args, (k) => new Float64Array(k))
    this.payloads.length = n
  }
}
