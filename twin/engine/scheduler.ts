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
 * Events not due soon wait outside the heap in a calendar (far-events.ts) until the heap runs dry before
 * their bucket: the heap stays small (a few hundred events rather than thousands of pending timers).
 * Measured in `npm run bench`.
 */
import { FarEvents } from "./far-events.ts"
import type { Micros } from "./time.ts"

/** An event as queued: its ordering key (due time, instant scheduled, sequence) and what it carries. */
export interface Queued<P> {
  readonly time: Micros
  readonly born: Micros
  readonly seq: number
  readonly kind: number
  readonly payload: P | undefined
  readonly arg: number
}

export class Scheduler<P> {
  // The heap: ordering key and slot per position.
  private times: Float64Array
  private borns: Float64Array
  private seqs: Float64Array
  private slots: Int32Array
  // The slots: what each event carries, and the free slots.
  private targets: Int32Array
  private kinds: Int32Array
  private args: Float64Array
  private payloads: Array<P | undefined>
  private free: Int32Array
  private freeCount: number
  /** Events in the heap; the others wait in `far`, all due at or after its horizon. */
  private size = 0
  /** The calendar of events not due soon; none: every event in the heap (a kernel of a few dozen). */
  private readonly far: FarEvents | undefined
  private nextSeq = 0
  /** Targets whose events go through `intercept` (1); others are not offered to it. */
  private watched: Uint8Array = new Uint8Array(0)
  /** How many targets are watched: none, and `runUntil` tests one count per event, no call. */
  private watching = 0
  /** The time of the event being run (or last run). */
  private time: Micros = 0
  /** Events run so far. */
  private count = 0

  /**
   * `capacity`: events it has room for before it grows (doubling): a simulation's kernel holds thousands,
   * a short-lived one (heartbeat elision's catch-up at every wake) a few dozen — and then no calendar
   * (`calendar: false`): every event goes in the heap, which for so few is all the ordering needed.
   */
  constructor(capacity = 1024, options: { readonly calendar?: boolean } = {}) {
    this.far = options.calendar === false ? undefined : new FarEvents()
    const n = Math.max(1, Math.floor(capacity))
    this.times = new Float64Array(n)
    this.borns = new Float64Array(n)
    this.seqs = new Float64Array(n)
    this.slots = new Int32Array(n)
    this.targets = new Int32Array(n)
    this.kinds = new Int32Array(n)
    this.args = new Float64Array(n)
    this.payloads = new Array(n)
    this.free = new Int32Array(n)
    this.freeCount = n
    for (let i = 0; i < n; i++) this.free[i] = n - 1 - i
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
    return this.size + (this.far?.count ?? 0)
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
    if (this.freeCount === 0) this.grow()
    const slot = this.free[--this.freeCount]!
    this.targets[slot] = target
    this.kinds[slot] = kind
    this.args[slot] = arg
    this.payloads[slot] = payload
    const seq = this.nextSeq++
    const far = this.far
    if (far !== undefined && time >= far.horizon) far.add(time, born, seq, slot)
    else this.push(time, born, seq, slot)
  }

  /**
   * The events queued for `target` and not run yet, in the order they will run. For a rare look (a cohort
   * of feed handlers splitting, twin/simulate/wire-omd.ts): it walks every queued event.
   */
  queuedFor(target: number): Array<Queued<P>> {
    const out: Array<Queued<P>> = []
    const take = (time: Micros, born: Micros, seq: number, slot: number): void => {
      if (this.targets[slot] === target) out.push({ time, born, seq, kind: this.kinds[slot]!, payload: this.payloads[slot], arg: this.args[slot]! })
    }
    for (let i = 0; i < this.size; i++) take(this.times[i]!, this.borns[i]!, this.seqs[i]!, this.slots[i]!)
    this.far?.forEach(take)
    return out.sort((a, b) => a.time - b.time || a.born - b.born || a.seq - b.seq)
  }

  /** Puts an event into the heap (its slot filled already). */
  private readonly push = (time: Micros, born: Micros, seq: number, slot: number): void => {
    if (this.size === this.times.length) this.growHeap()
    let i = this.size++
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
    for (;;) {
      // The heap holds everything due before the horizon; run dry, it takes the next bucket of the rest.
      if (this.size === 0 && (this.far === undefined || !this.far.release(this.push))) break
      if (this.times[0]! > until) break
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

  /** Doubles the slots (every one is in use: the new ones are the free ones). */
  private grow(): void {
    const old = this.targets.length
    const n = old * 2
    this.targets = doubled(this.targets, new Int32Array(n))
    this.kinds = doubled(this.kinds, new Int32Array(n))
    this.args = doubled(this.args, new Float64Array(n))
    this.payloads.length = n
    this.free = new Int32Array(n)
    for (let i = 0; i < n - old; i++) this.free[i] = n - 1 - i
    this.freeCount = n - old
  }

  /** Doubles the heap's room (its events may be fewer than the slots in use: the rest wait in `far`). */
  private growHeap(): void {
    const n = this.times.length * 2
    this.times = doubled(this.times, new Float64Array(n))
    this.borns = doubled(this.borns, new Float64Array(n))
    this.seqs = doubled(this.seqs, new Float64Array(n))
    this.slots = doubled(this.slots, new Int32Array(n))
  }
}

const doubled = <T extends Float64Array | Int32Array>(a: T, into: T): T => {
  into.set(a)
  return into
}
