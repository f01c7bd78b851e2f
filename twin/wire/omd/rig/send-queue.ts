/**
 * Packets waiting for their instant: each is due at the wall time the live pacer gives its virtual
 * instant (`wallAt`, at the current speed; nothing is due while paused), sent in virtual-time order
 * (ties: in the order queued). One timer for the earliest; re-read at least every `RECHECK_MS` so a
 * change of speed or a pause is followed; at most BURST packets per turn of the event loop.
 *
 * Falling behind: a packet that has waited in the queue more than `maxLagMs` past its due time (the rig
 * cannot send as fast as the twin delivers at this speed: docs/omd-wire.md "Benchmark") is dropped — one
 * queued already late because the world itself ran late (a slow step) is not held against it — counted and reported through `onDrop` — so a drill
 * run faster than the rig can follow shows gaps the trace does not, and says so, rather than queueing
 * without bound.
 */
import type { Micros } from "../../../engine/time.ts"

const RECHECK_MS = 50
/**
 * Packets sent per turn of the event loop before yielding (setImmediate) — a burst that is due at once
 * (reference data, a snapshot, a catch-up after a pause) leaves room for receivers in the same process
 * (tests, the bench: a UDP socket reads 32 datagrams a turn, libuv) and for the rig's own TCP sessions.
 */
const BURST = 32
/**
 * …but a turn that comes long after the previous one (the live hub ran its ticks back to back, 40 ms each,
 * with the rig endpoints' per-step work: issue 18) may send BURST per millisecond since, up to MAX_TURN: a
 * fixed 32 a turn was ~800 packets/s under such ticks, less than one watched participant's feed, and the
 * queue fell more than 2 s behind and dropped (docs/omd-wire.md "Pacing"). 1,024 full packets are 1.5 MB,
 * within a listener's receive buffer (listen/multicast.ts asks 8 MB).
 */
const MAX_TURN = 1_024

export interface Outgoing {
  readonly at: Micros
  /** Sends; returns how many packets went (what the per-turn budget counts; nothing returned: 1). */
  readonly send: () => number | void
}

export class SendQueue {
  private readonly heap: Array<{ readonly item: Outgoing; readonly n: number; readonly queuedAt: number }> = []
  private counter = 0
  private timer: ReturnType<typeof setTimeout> | undefined
  private immediate: ReturnType<typeof setImmediate> | undefined
  private closed = false
  /** When the previous drain turn began (the per-turn budget grows with the time since). */
  private lastTurnMs: number | undefined
  private readonly wallAt: (t: Micros) => number | undefined
  private readonly now: () => number
  private readonly maxLagMs: number
  private readonly onDrop: (dropped: number) => void
  /** Packets dropped for lateness so far. */
  dropped = 0

  constructor(
    wallAt: (t: Micros) => number | undefined,
    now: () => number = Date.now,
    options: { readonly maxLagMs?: number; readonly onDrop?: (dropped: number) => void } = {}
  ) {
    this.wallAt = wallAt
    this.now = now
    this.maxLagMs = options.maxLagMs ?? 2_000
    this.onDrop = options.onDrop ?? (() => undefined)
  }

  get size(): number {
    return this.heap.length
  }

  push(item: Outgoing): void {
    if (this.closed) return
    const h = this.heap
    h.push({ item, n: this.counter++, queuedAt: this.now() })
    let i = h.length - 1
    while (i > 0) {
      const p = (i - 1) >> 1
      if (!before(h[i]!, h[p]!)) break
      ;[h[i], h[p]] = [h[p]!, h[i]!]
      i = p
    }
  }

  /** Sends everything due now and arms the timer for the rest. */
  drain(): void {
    if (this.closed) return
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = undefined
    if (this.immediate !== undefined) return
    const now = this.now()
    const since = this.lastTurnMs === undefined ? 0 : now - this.lastTurnMs
    this.lastTurnMs = now
    let budget = Math.min(MAX_TURN, Math.max(BURST, Math.floor(BURST * since)))
    while (this.heap.length > 0) {
      const due = this.wallAt(this.heap[0]!.item.at)
      if (due === undefined || due > now) break
      if (now - Math.max(due, this.heap[0]!.queuedAt) > this.maxLagMs) {
        this.pop()
        this.onDrop(++this.dropped)
        continue
      }
      if (budget <= 0) {
        this.immediate = setImmediate(() => {
          this.immediate = undefined
          this.drain()
        })
        return
      }
      budget -= this.pop().send() ?? 1
    }
    if (this.heap.length === 0) return
    const due = this.wallAt(this.heap[0]!.item.at)
    const wait = due === undefined ? RECHECK_MS : Math.max(0, Math.min(RECHECK_MS, due - now))
    this.timer = setTimeout(() => this.drain(), wait)
  }

  close(): void {
    this.closed = true
    if (this.timer !== undefined) clearTimeout(this.timer)
    if (this.immediate !== undefined) clearImmediate(this.immediate)
    this.heap.length = 0
  }

  private pop(): Outgoing {
    const h = this.heap
    const top = h[0]!
    const last = h.pop()!
    if (h.length > 0) {
      h[0] = last
      let i = 0
      for (;;) {
        const l = 2 * i + 1
        const r = l + 1
        let m = i
        if (l < h.length && before(h[l]!, h[m]!)) m = l
        if (r < h.length && before(h[r]!, h[m]!)) m = r
        if (m === i) break
        ;[h[i], h[m]] = [h[m]!, h[i]!]
        i = m
      }
    }
    return top.item
  }
}

const before = (a: { readonly item: Outgoing; readonly n: number }, b: { readonly item: Outgoing; readonly n: number }): boolean =>
  a.item.at < b.item.at || (a.item.at === b.item.at && a.n < b.n)
