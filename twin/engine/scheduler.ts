/**
 * The kernel: a min-heap of events ordered by (time, instant scheduled, insertion sequence), so that events
 * at the same instant run in the order they were scheduled — the root of determinism. The middle key only
 * matters for an event put back with the instant it was first scheduled (`born`, for events a model
 * elided and restores): it then sorts as it would have. The heap is 4-ary: half the
 * levels of a binary heap, and a node's four children sit side by side in memory (the keys are unique,
 * so any heap shape pops the same sequence).
 *
 * Struct-of-arrays storage keeps scheduling allocation-free apart from the payload: the heap holds only the
 * ordering key (time, born, sequence in typed arrays) and a slot number; an event's target, kind, number and
 * payload sit in a slot of their own (recycled), so sifting moves four numbers per level instead of seven.
 * Measured in `npm run bench`.
 */
import type { Micros } from "./time.ts"

export class Scheduler<P> {
  // The heap: ordering key and slot per position.
  private times = new Float64Array(1024)
  private borns = new Float64Array(1024)
  private seqs = new Float64Array(1024)
  private slots = new Int32Array(1024)
  // The slots: what each event carries, and the free slots.
  private targets = new Int32Array(1024)
  private kinds = new Int32Array(1024)
  private args = new Float64Array(1024)
  private payloads: Array<P | undefined> = new Array(1024)
  private free = new Int32Array(1024)
  private freeCount = 1024
  private size = 0
  private nextSeq = 0
  /** Targets whose events go through `intercept` (1); others are not offered to it. */
  private watched: Uint8Array = new Uint8Array(0)
  /** How many targets are watched: none, and `runUntil` tests one count per event, no call. */
  private watching = 0
  /** The time of the event being run (or last run). */
  private time: Micros = 0
  /** Events run so far. */
  private count = 0

  constructor() {
    for (let i = 0; i < 1024; i++) this.free[i] = 1023 - i
  }

  /** The time of the event being run (or last run); `until` after a `runUntil` that ran out of events. */
  get now(): Micros {
    return this.time
  }

  /** Events run so far (counted as they run, so a reading in the middle of a run is exact). */
  get ran(): number {
    return this.count
  }

  get pending(): number {
    return this.size
  }

  /** Events for `target` go through `runUntil`'s `intercept` first (`on`), or no longer. */
  watch(target: number, on: boolean): void {
    if (target >= this.watched.length) {
      if (!on) return
      const grown = new Uint8Array(Math.max(64, 2 * (target + 1)))
      grown.set(this.watched)
      this.watched = grown
    }
    if ((this.watched[target] === 1) === on) return
    this.watched[target] = on ? 1 : 0
    this.watching += on ? 1 : -1
  }

  /**
   * Queues an event; `arg` is a number carried beside the payload (saves allocating a payload object).
   * `born` (default now) is the instant it counts as scheduled at, for the order among same-time events.
   */
  schedule(time: Micros, target: number, kind: number, payload?: P, arg = 0, born: Micros = this.time): void {
    if (time < this.time) throw new Error(`cannot schedule in the past: ${time} < ${this.time}`)
    // NaN compares false with everything: it would sort anywhere and end the run at once (issue 17, item 1).
    if (!Number.isFinite(time)) throw new Error(`cannot schedule at a time that is not a finite number: ${time}`)
    if (this.size === this.times.length) this.grow()
    const slot = this.free[--this.freeCount]!
    this.targets[slot] = target
    this.kinds[slot] = kind
    this.args[slot] = arg
    this.payloads[slot] = payload
    let i = this.size++
    const seq = this.nextSeq++
    const times = this.times
    const borns = this.borns
    const seqs = this.seqs
    const slots = this.slots
    // Sift up.
    while (i > 0) {
      const parent = (i - 1) >> 2
      const pt = times[parent]!
      if (pt < time || (pt === time && (borns[parent]! < born || (borns[parent] === born && seqs[parent]! < seq)))) break
      times[i] = pt
      borns[i] = borns[parent]!
      seqs[i] = seqs[parent]!
      slots[i] = slots[parent]!
      i = parent
    }
    times[i] = time
    borns[i] = born
    seqs[i] = seq
    slots[i] = slot
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
    const before = this.count
    while (this.size > 0 && this.times[0]! <= until) {
      this.time = this.times[0]!
      const slot = this.slots[0]!
      const target = this.targets[slot]!
      // The next event may first need others put back before it (see twin/engine/elision.ts): look again.
      if (this.watching > 0 && this.watched[target] === 1 && intercept !== undefined) {
        if (intercept(target, this.kinds[slot]!, this.payloads[slot], this.args[slot]!)) continue
      }
      const kind = this.kinds[slot]!
      const payload = this.payloads[slot]
      const arg = this.args[slot]!
      this.payloads[slot] = undefined
      this.free[this.freeCount++] = slot
      this.pop()
      this.count++
      dispatch(target, kind, payload, arg)
    }
    if (this.time < until) this.time = until
    return this.count - before
  }

  /** Removes the root (its slot already freed). */
  private pop(): void {
    const last = --this.size
    if (last === 0) return
    const times = this.times
    const borns = this.borns
    const seqs = this.seqs
    const slots = this.slots
    const time = times[last]!
    const born = borns[last]!
    const seq = seqs[last]!
    const slot = slots[last]!
    // Sift the former last element down from the root.
    let i = 0
    for (;;) {
      const first = 4 * i + 1
      if (first >= last) break
      let child = first
      let ct = times[first]!
      let cb = borns[first]!
      let cs = seqs[first]!
      const end = Math.min(first + 4, last)
      for (let c = first + 1; c < end; c++) {
        const t = times[c]!
        if (t > ct) continue
        const b = borns[c]!
        if (t === ct && (b > cb || (b === cb && seqs[c]! > cs))) continue
        child = c
        ct = t
        cb = b
        cs = seqs[c]!
      }
      if (time < ct || (time === ct && (born < cb || (born === cb && seq < cs)))) break
      times[i] = ct
      borns[i] = cb
      seqs[i] = cs
      slots[i] = slots[child]!
      i = child
    }
    times[i] = time
    borns[i] = born
    seqs[i] = seq
    slots[i] = slot
  }

  private grow(): void {
    const old = this.times.length
    const n = old * 2
    const copy = <T extends Float64Array | Int32Array>(a: T, make: (n: number) => T): T => {
      const b = make(n)
      b.set(a)
      return b
    }
    this.times = copy(this.times, (k) => new Float64Array(k))
    this.borns = copy(this.borns, (k) => new Float64Array(k))
    this.seqs = copy(this.seqs, (k) => new Float64Array(k))
    this.slots = copy(this.slots, (k) => new Int32Array(k))
    this.targets = copy(this.targets, (k) => new Int32Array(k))
    this.kinds = copy(this.kinds, (k) => new Int32Array(k))
    this.args = copy(this.args, (k) => new Float64Array(k))
    this.payloads.length = n
    // Every slot is in use when the heap is full: the new ones are the free ones.
    this.free = new Int32Array(n)
    for (let i = 0; i < n - old; i++) this.free[i] = n - 1 - i
    this.freeCount = n - old
  }
}
