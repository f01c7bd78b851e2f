/**
 * Packets waiting for their instant: each is due at the wall time the live pacer gives its virtual
 * instant (`wallAt`, at the current speed; nothing is due while paused), sent in virtual-time order
 * (ties: in the order queued). One timer for the earliest; re-read at least every `RECHECK_MS` so a
 * change of speed or a pause is followed; at most BURST packets per turn of the event loop (and TURN_MS
 * while the world is behind the clock).
 *
 * Falling behind: a packet that has waited in the queue more than `maxLagMs` past its due time (the rig
 * cannot send as fast as the twin delivers at this speed: docs/omd-wire.md "Benchmark") is dropped — one
 * queued already late because the world itself ran late (a slow step) is not held against it — counted and reported through `onDrop` — so a drill
 * run faster than the rig can follow shows gaps the trace does not, and says so, rather than queueing
 * without bound.
 *
 * A series (`pushSeries`: a slice's runs or a snapshot's packets, spread over a second or a refresh cycle)
 * is one entry however many packets it holds: it sits in the queue at its next packet's instant, keeping
 * the place its packets would have had one by one (ties in the order queued), and a late stretch of it is
 * shed in one step (the first packet still in time found by bisection). At ×1000 a watched participant's
 * lines make millions of packets a virtual hour, nearly all shed: one heap entry and one `wallAt` per
 * packet cost the live world 15 times the engine's own time (bench/live.ts), a series a few per second.
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
/**
 * …and, while the world is behind the clock (`behind`), at most this much wall time (ms): such a world runs
 * its ticks back to back (40 ms each) and the rig's turns come between them, so a turn capped so keeps the
 * rig to a small share of the thread (bench/live.ts: at ×1000 the rig sheds nearly everything anyway).
 * A world on time is not capped: at 1× the rig may need a fifth of a core for its packets (the day's
 * reference data, snapshots), and a wall-time cap on a loaded machine (a turn preempted) would starve it.
 */
const TURN_MS = 1
/** Packets sent between two looks at the clock for TURN_MS. */
const CLOCK_EVERY = 16

export interface Outgoing {
  readonly at: Micros
  /** Sends; returns how many packets went (what the per-turn budget counts; nothing returned: 1). */
  readonly send: () => number | void
  /** Whose packets (a line): what is shed of it is counted under this key (`shedOf`). */
  readonly key?: string
}

/** `count` packets in one entry: packet `j` is due at `atOf(j)` (non-decreasing in `j`), sent by `send(j)`. */
export interface OutgoingSeries {
  readonly count: number
  readonly atOf: (j: number) => Micros
  /** Sends packet `j`; returns how many wire packets went (nothing returned: 1). */
  readonly send: (j: number) => number | void
  /** Whose packets (a line): what is shed of it is counted under this key (`shedOf`). */
  readonly key?: string
  /**
   * Useless in part (a refresh snapshot: a feed handler takes one whole or waits for the next, spec §4.4):
   * once a packet of it is shed for lateness, so is the rest. Sending on would spend the rig's time on a
   * snapshot no one can take, and keep every later one late too.
   */
  readonly whole?: boolean
}

/** A queue entry: the series' next packet `j`, due at `at`; `n` orders ties (the order queued). */
interface Entry {
  readonly series: OutgoingSeries
  j: number
  at: Micros
  readonly n: number
  readonly queuedAt: number
}

export class SendQueue {
  private readonly heap: Array<Entry> = []
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
  private readonly behind: () => boolean
  /** Packets dropped for lateness so far. */
  dropped = 0
  /** The same per key of the series they belonged to. */
  private readonly shedBy = new Map<string, number>()

  constructor(
    wallAt: (t: Micros) => number | undefined,
    now: () => number = Date.now,
    options: {
      readonly maxLagMs?: number
      readonly onDrop?: (dropped: number) => void
      /** Whether the world is behind the clock now: turns are then capped at TURN_MS (default: never). */
      readonly behind?: () => boolean
    } = {}
  ) {
    this.wallAt = wallAt
    this.now = now
    this.maxLagMs = options.maxLagMs ?? 2_000
    this.onDrop = options.onDrop ?? (() => undefined)
    this.behind = options.behind ?? (() => false)
  }

  /** Entries waiting (a series counts once): 0 when everything queued has been sent or shed. */
  get size(): number {
    return this.heap.length
  }

  push(item: Outgoing): void {
    this.pushSeries({ count: 1, atOf: () => item.at, send: () => item.send(), ...(item.key === undefined ? {} : { key: item.key }) })
  }

  /** Packets of series queued with `key` dropped for lateness so far. */
  shedOf(key: string): number {
    return this.shedBy.get(key) ?? 0
  }

  /** Queues a series of packets as one entry (see the header); an empty series is nothing. */
  pushSeries(series: OutgoingSeries): void {
    if (this.closed || series.count <= 0) return
    this.heap.push({ series, j: 0, at: series.atOf(0), n: this.counter++, queuedAt: this.now() })
    this.siftUp(this.heap.length - 1)
  }

  /**
   * Drains on the next turn of the event loop (once however often asked): what a step of the world calls,
   * so the sending runs between the hub's ticks, not inside the world's step.
   */
  drainSoon(): void {
    if (this.closed || this.immediate !== undefined) return
    this.immediate = setImmediate(() => {
      this.immediate = undefined
      this.drain()
    })
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
    const droppedBefore = this.dropped
    const capped = this.behind()
    let sends = 0
    try {
      while (this.heap.length > 0) {
        const top = this.heap[0]!
        const due = this.wallAt(top.at)
        if (due === undefined || due > now) break
        if (now - Math.max(due, top.queuedAt) > this.maxLagMs) {
          this.shed(top, now)
          continue
        }
        if (budget <= 0 || (capped && ++sends % CLOCK_EVERY === 0 && this.now() - now >= TURN_MS)) {
          this.drainSoon()
          return
        }
        budget -= top.series.send(top.j) ?? 1
        this.next(top)
      }
    } finally {
      if (this.dropped > droppedBefore) this.onDrop(this.dropped)
    }
    if (this.heap.length === 0) return
    const due = this.wallAt(this.heap[0]!.at)
    const wait = due === undefined ? RECHECK_MS : Math.max(0, Math.min(RECHECK_MS, due - now))
    this.timer = setTimeout(() => this.drain(), wait)
  }

  close(): void {
    this.closed = true
    if (this.timer !== undefined) clearTimeout(this.timer)
    if (this.immediate !== undefined) clearImmediate(this.immediate)
    this.heap.length = 0
  }

  /**
   * Drops the late stretch of the head entry `top` (its packet `top.j` is late): every packet of it due
   * more than `maxLagMs` before `now` (all of them late: their due times only grow), found by bisection —
   * or, for a series useful only whole, all the rest of it.
   */
  private shed(top: Entry, now: number): void {
    const s = top.series
    const late = (j: number): boolean => {
      const due = this.wallAt(s.atOf(j))
      return due !== undefined && now - due > this.maxLagMs
    }
    // top.j is late (the caller checked, queuedAt included: it is the same for the whole series).
    let lo = s.whole === true ? s.count : top.j + 1
    let hi = s.count
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (late(mid)) lo = mid + 1
      else hi = mid
    }
    this.dropped += lo - top.j
    if (s.key !== undefined) this.shedBy.set(s.key, (this.shedBy.get(s.key) ?? 0) + lo - top.j)
    top.j = lo - 1
    this.next(top)
  }

  /** The head entry's packet `top.j` is done: on to its next packet (back into place), or out of the queue. */
  private next(top: Entry): void {
    const h = this.heap
    if (top.j + 1 < top.series.count) {
      top.j++
      top.at = top.series.atOf(top.j)
      this.siftDown(0)
      return
    }
    const last = h.pop()!
    if (h.length > 0) {
      h[0] = last
      this.siftDown(0)
    }
  }

  private siftUp(from: number): void {
    const h = this.heap
    let i = from
    while (i > 0) {
      const p = (i - 1) >> 1
      if (!before(h[i]!, h[p]!)) break
      ;[h[i], h[p]] = [h[p]!, h[i]!]
      i = p
    }
  }

  private siftDown(from: number): void {
    const h = this.heap
    let i = from
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
}

const before = (a: Entry, b: Entry): boolean => a.at < b.at || (a.at === b.at && a.n < b.n)
