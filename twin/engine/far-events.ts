/**
 * The kernel's events that are not due soon (scheduler.ts), kept out of its heap until their time comes:
 * a calendar of buckets `BUCKET` µs wide by due time (adding is O(1)), and beyond the calendar's span a
 * small heap by due time. The kernel releases the next non-empty bucket into its heap when the heap runs
 * dry, so the heap holds only what is due before its horizon (`horizon`).
 *
 * Why: a trading hour keeps ~8,000 events pending, three quarters of them heartbeat and idle timers 20–60 s
 * ahead that are re-armed as often as they fire; in one heap every event paid ~6 levels of sifting among
 * them. Only the order of events matters, and the heap orders every event it holds by its whole key (time,
 * instant scheduled, sequence), so releasing a bucket before anything of its time runs keeps the order
 * exactly: every event in the heap is due before the horizon, every event here at or after it.
 *
 * Entries are four numbers: due time, instant scheduled (`born`), sequence, and the kernel's slot.
 */
import type { Micros } from "./time.ts"

/** Bucket width (µs, ~131 ms): about a hundred events of a trading hour each. */
const BUCKET_BITS = 17
const BUCKET: Micros = 2 ** BUCKET_BITS
/** Buckets in the calendar (a power of two): ~134 s ahead, past the 60 s idle timers. */
const RING = 1024

const bucketOf = (time: Micros): number => Math.floor(time / BUCKET)

export class FarEvents {
  /**
   * Per calendar bucket, its entries (flat, four numbers each); bucket b sits at b mod RING. A bucket's
   * array is made when first used: a short-lived kernel (heartbeat elision's catch-up queue, made at every
   * wake) uses a handful, and making all 1,024 cost more than its whole run.
   */
  private readonly ring: Array<Array<number> | undefined> = new Array<Array<number> | undefined>(RING).fill(undefined)
  /** Entries in the calendar. */
  private inRing = 0
  /** Beyond the calendar: a binary min-heap by due time (four numbers per entry). */
  private readonly later: Array<number> = []
  /** The first bucket not released yet: everything here is due at or after `horizon`. */
  private next = 0

  /** How many events are held here. */
  get count(): number {
    return this.inRing + this.later.length / 4
  }

  /** Events due before this instant are the kernel heap's; at or after it, here. */
  get horizon(): Micros {
    return this.next * BUCKET
  }

  /** Holds an event due at `time` (≥ `horizon`). */
  add(time: Micros, born: Micros, seq: number, slot: number): void {
    const b = bucketOf(time)
    if (b - this.next < RING) {
      this.bucket(b).push(time, born, seq, slot)
      this.inRing++
    } else this.pushLater(time, born, seq, slot)
  }

  /**
   * Moves the entries of the next non-empty bucket out (`take` each) and moves the horizon past it; false
   * when nothing is held.
   */
  release(take: (time: Micros, born: Micros, seq: number, slot: number) => void): boolean {
    if (this.count === 0) return false
    if (this.inRing === 0) this.next = bucketOf(this.later[0]!) // nothing in the calendar: jump ahead
    for (;;) {
      this.fromLater()
      const bucket = this.ring[this.next & (RING - 1)]
      this.next++
      if (bucket === undefined || bucket.length === 0) continue
      for (let i = 0; i < bucket.length; i += 4) take(bucket[i]!, bucket[i + 1]!, bucket[i + 2]!, bucket[i + 3]!)
      this.inRing -= bucket.length / 4
      bucket.length = 0
      return true
    }
  }

  /** Hands `visit` every entry held here, in no particular order (the caller sorts: scheduler.ts `queuedFor`). */
  forEach(visit: (time: Micros, born: Micros, seq: number, slot: number) => void): void {
    for (const bucket of this.ring) {
      if (bucket === undefined) continue
      for (let i = 0; i < bucket.length; i += 4) visit(bucket[i]!, bucket[i + 1]!, bucket[i + 2]!, bucket[i + 3]!)
    }
    const later = this.later
    for (let i = 0; i < later.length; i += 4) visit(later[i]!, later[i + 1]!, later[i + 2]!, later[i + 3]!)
  }

  /** Moves what the calendar now spans from the heap beyond it into its buckets. */
  private fromLater(): void {
    const later = this.later
    while (later.length > 0 && bucketOf(later[0]!) - this.next < RING) {
      const time = later[0]!
      const born = later[1]!
      const seq = later[2]!
      const slot = later[3]!
      this.popLater()
      this.bucket(bucketOf(time)).push(time, born, seq, slot)
      this.inRing++
    }
  }

  /** Bucket `b`'s array, made on first use. */
  private bucket(b: number): Array<number> {
    const i = b & (RING - 1)
    let bucket = this.ring[i]
    if (bucket === undefined) this.ring[i] = bucket = []
    return bucket
  }

  private pushLater(time: Micros, born: Micros, seq: number, slot: number): void {
    const h = this.later
    let i = h.length / 4
    h.push(time, born, seq, slot)
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (h[4 * parent]! <= time) break
      for (let k = 0; k < 4; k++) h[4 * i + k] = h[4 * parent + k]!
      i = parent
    }
    h[4 * i] = time
    h[4 * i + 1] = born
    h[4 * i + 2] = seq
    h[4 * i + 3] = slot
  }

  private popLater(): void {
    const h = this.later
    const n = h.length / 4 - 1
    const time = h[4 * n]!
    const born = h[4 * n + 1]!
    const seq = h[4 * n + 2]!
    const slot = h[4 * n + 3]!
    h.length = 4 * n
    if (n === 0) return
    let i = 0
    for (;;) {
      let child = 2 * i + 1
      if (child >= n) break
      if (child + 1 < n && h[4 * (child + 1)]! < h[4 * child]!) child++
      if (time <= h[4 * child]!) break
      for (let k = 0; k < 4; k++) h[4 * i + k] = h[4 * child + k]!
      i = child
    }
    h[4 * i] = time
    h[4 * i + 1] = born
    h[4 * i + 2] = seq
    h[4 * i + 3] = slot
  }
}
