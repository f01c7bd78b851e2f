/**
 * A loaded trace made fast to scrub: checkpoints of the reduced state every `every` events, so the state at
 * any cursor is one restore plus at most `every` reducer steps; and, from the same single pass, what the
 * timeline and charts need (phase and fault spans, health counts per time bucket, the notable events) and
 * the cause chains of its changes of the world (twin/contract/cause-chain.ts, as the report reads them).
 *
 * A health sample is a bucket's worst, never one instant (issue 15): sample t holds, per service, the most
 * participants down, degraded or worse, and not served at any settled instant of [t, t + step) — so a
 * 4-second loss of both lines shows at a whole-window zoom of 600 buckets. An instant counts once all its
 * events are applied (a status changed and changed back within one microsecond never happened).
 *
 * `stateAt(t)` = `reduceEvents(events with e.t ≤ t)` exactly (the returned object is reused: read it, don't keep it) — checkpoints are copies taken on the way, and
 * the forward path continues from the current state only when no event before it changed.
 */
import type { HealthStatus, Service, TraceEvent } from "../trace/types.ts"
import { services } from "../trace/types.ts"
import { CauseIndex } from "../../../twin/contract/cause-chain.ts"
import { FailureIndex, type Harm } from "./failures.ts"
import { applyEvent, cloneState, initialState, type ViewState } from "./view-state.ts"

export interface Span {
  readonly id: string
  readonly name: string
  readonly start: number
  /** Undefined while open at the end of the trace. */
  readonly end: number | undefined
  /** Last status (phases: completed, rolled-back, …; faults: start/end). */
  readonly status: string
}

export interface HealthSample {
  readonly t: number
  /**
   * Each service's worst in the bucket as a stack: down, then the rest degraded or worse, the rest not
   * served, the rest served. Per service: two services' worsts may be of different instants.
   */
  readonly counts: Record<Service, Record<HealthStatus, number>>
  /** The bucket's worst at one instant, over all services: the most participant-services down at once, and degraded at once. */
  readonly atOnce: { readonly down: number; readonly degraded: number }
}

/** Participants at a status or worse, and in all, of one service. */
interface Levels {
  down: number
  degradedOrWorse: number
  notServed: number
  total: number
}

const levelsOf = (s: ViewState): Record<Service, Levels> =>
  Object.fromEntries(services.map((sv) => {
    const c = s.counts[sv]
    return [sv, { down: c.down, degradedOrWorse: c.down + c.degraded, notServed: c.down + c.degraded + c["served-without-redundancy"], total: c.served + c["served-without-redundancy"] + c.degraded + c.down }]
  })) as Record<Service, Levels>

const maxLevels = (a: Record<Service, Levels>, b: Record<Service, Levels>): Record<Service, Levels> =>
  Object.fromEntries(services.map((sv) => [sv, {
    down: Math.max(a[sv].down, b[sv].down),
    degradedOrWorse: Math.max(a[sv].degradedOrWorse, b[sv].degradedOrWorse),
    notServed: Math.max(a[sv].notServed, b[sv].notServed),
    total: Math.max(a[sv].total, b[sv].total)
  }])) as Record<Service, Levels>

/** The estate's harm at one instant, summed over the services. */
const harmOf = (l: Record<Service, Levels>): Harm => {
  let down = 0
  let degradedOrWorse = 0
  let notServed = 0
  for (const sv of services) {
    down += l[sv].down
    degradedOrWorse += l[sv].degradedOrWorse
    notServed += l[sv].notServed
  }
  return { down, degradedOrWorse, notServed }
}

const maxAtOnce = (a: HealthSample["atOnce"] | undefined, h: Harm): HealthSample["atOnce"] =>
  a === undefined ? { down: h.down, degraded: h.degradedOrWorse - h.down } : { down: Math.max(a.down, h.down), degraded: Math.max(a.degraded, h.degradedOrWorse - h.down) }

const stacked = (l: Record<Service, Levels>): Record<Service, Record<HealthStatus, number>> =>
  Object.fromEntries(services.map((sv) => [sv, {
    served: l[sv].total - l[sv].notServed,
    "served-without-redundancy": l[sv].notServed - l[sv].degradedOrWorse,
    degraded: l[sv].degradedOrWorse - l[sv].down,
    down: l[sv].down
  }])) as Record<Service, Record<HealthStatus, number>>

/** Kinds worth a line in the event log and a stop for "next event". The rest are there with "all events". */
export const isNotable = (e: TraceEvent): boolean =>
  e.kind.startsWith("scenario.") ||
  e.kind.startsWith("world.") ||
  (e.kind === "health" && e.data.previous !== null) ||
  e.kind === "ocg.gateway" && e.data.event !== "logon" ||
  e.kind === "omd.publisher" || e.kind === "ocg.lookup" || e.kind === "otp.host" || e.kind === "omd.cohort.split" ||
  e.kind === "omd.dr-signal" || e.kind === "otp.cancel-on-disconnect" || (e.kind === "ecp.server" && e.data.event !== "response-ready")

/** Index of the first event with e.t > t (events are in time order). */
export const upperBound = (events: ReadonlyArray<TraceEvent>, t: number): number => {
  let lo = 0
  let hi = events.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (events[mid]!.t <= t) lo = mid + 1
    else hi = mid
  }
  return lo
}

export class TraceIndex {
  readonly events: Array<TraceEvent> = []
  readonly every: number
  private readonly checkpoints: Array<ViewState> = []
  readonly phases: Array<Span> = []
  readonly faults: Array<Span> = []
  readonly notable: Array<number> = []
  readonly samples: Array<HealthSample> = []
  /**
   * The market's trading sessions as the first OMD channel announces them (Trading Session Status):
   * pre-opening, continuous, closing auction, closed — the day's rhythm under the timeline.
   */
  readonly market: Array<{ readonly t: number; readonly status: number; readonly name: string }> = []
  private marketSubject: string | undefined
  from = 0
  to = 0
  /** The state after every event so far (live mode appends to it). */
  readonly final: ViewState = initialState()
  private current: ViewState = initialState()
  /** The scenario's steps, rollbacks and faults: what changed before a participant's status (the affected list). */
  readonly causes = new CauseIndex()
  /** Failure episodes and worsenings: where "next failure" and "pause when worse" stop (failures.ts). */
  readonly failures = new FailureIndex()
  private readonly buckets: number
  private step = 1
  /** How long each health sample's bucket is (µs). */
  get sampleStep(): number {
    return this.step
  }
  private nextSample = 0
  /** The instant whose events are being applied; the open bucket's start and worst; the last settled instant's levels. */
  private instant: number | undefined
  private openAt: number | undefined
  private worst: Record<Service, Levels> | undefined
  private worstAtOnce: HealthSample["atOnce"] | undefined
  private held: Record<Service, Levels> | undefined
  /**
   * Samples are taken from the window's start to its end as `trace.start` gives them: at most `buckets` + 1
   * whatever the events' times. A trace without a usable start has no known window, so no samples (once
   * the window was taken from the first event, one sample per µs up to the last event: a two-line trace
   * ending at t 1e300 hung the tab — issue 17 item 6).
   */
  private sampleTo = Number.NEGATIVE_INFINITY
  private readonly phaseAt = new Map<string, number>()
  private readonly faultAt = new Map<string, number>()

  constructor(events: ReadonlyArray<TraceEvent> = [], options: { readonly every?: number; readonly buckets?: number } = {}) {
    this.every = options.every ?? 2000
    this.buckets = options.buckets ?? 600
    this.append(events)
  }

  /** Adds events at the end (a loaded file at once, or live batches): one pass, checkpoints on the way. */
  append(events: ReadonlyArray<TraceEvent>): void {
    const s = this.final
    for (const e of events) {
      const i = this.events.length
      if (i === 0) this.open(e)
      this.events.push(e)
      if (i % this.every === 0) this.checkpoints.push(cloneState(s))
      if (e.t > this.to) this.to = e.t
      if (this.instant !== undefined && e.t > this.instant) this.settle(this.instant)
      this.instant = e.t
      applyEvent(s, e)
      this.causes.observe(e)
      this.failures.observe(e)
      if (isNotable(e)) this.notable.push(i)
      else if (e.kind === "omd.session-status" && typeof e.data.status === "number") {
        this.marketSubject ??= e.subject
        if (e.subject === this.marketSubject) {
          this.notable.push(i)
          const last = this.market[this.market.length - 1]
          if (last?.status !== e.data.status) this.market.push({ t: e.t, status: e.data.status, name: String(e.data.name) })
        }
      }
      if (e.kind === "scenario.phase") this.phaseEvent(e)
      else if (e.kind === "scenario.fault") this.faultEvent(e)
    }
  }

  /** Health samples up to the end of the window (a whole loaded file; live keeps sampling as it grows). */
  finish(): void {
    if (this.instant !== undefined) this.settle(this.instant)
    this.instant = undefined
    this.closeBucketsThrough(this.to + 1)
  }

  /**
   * All events of instant `t` are applied: close the buckets that ended before it (a bucket with no instant
   * of its own holds the state before), then fold the state at `t` into the bucket holding `t`.
   */
  private settle(t: number): void {
    const now = levelsOf(this.final)
    const harm = harmOf(now)
    this.closeBucketsThrough(t)
    if (this.openAt !== undefined && this.openAt <= t) {
      this.worst = this.worst === undefined ? now : maxLevels(this.worst, now)
      this.worstAtOnce = maxAtOnce(this.worstAtOnce, harm)
    }
    this.held = now
    this.failures.settle(t, harm)
  }

  /** A sample's interval: each is `step` long but the last, which ends at the window's end. */
  sampleEnd(i: number, samples: ReadonlyArray<HealthSample>): number {
    return samples[i + 1]?.t ?? Math.min(this.to, samples[i]!.t + this.step)
  }

  /**
   * The samples and, while the trace grows (live), the open bucket's worst so far: a live timeline marks an
   * outage as soon as its instants are in the trace, not when its bucket closes.
   */
  samplesSoFar(): ReadonlyArray<HealthSample> {
    if (this.openAt === undefined || this.worst === undefined || this.worstAtOnce === undefined) return this.samples
    return [...this.samples, { t: this.openAt, counts: stacked(this.worst), atOnce: this.worstAtOnce }]
  }

  /** Pushes every bucket that starts at or before `t` but the one holding `t`, which it opens. */
  private closeBucketsThrough(t: number): void {
    while (this.nextSample <= t && this.nextSample <= this.sampleTo) {
      this.pushOpen()
      this.openAt = this.nextSample
      // Held from the last instant, if it reaches into the new bucket (it does unless the bucket starts at t).
      this.worst = this.held !== undefined && this.nextSample < t ? this.held : undefined
      this.worstAtOnce = this.worst === undefined ? undefined : maxAtOnce(undefined, harmOf(this.worst))
      this.nextSample += this.step
    }
    if (t > this.sampleTo && this.openAt !== undefined && this.worst !== undefined) {
      this.pushOpen()
      this.openAt = undefined
      this.worst = undefined
      this.worstAtOnce = undefined
    }
  }

  private pushOpen(): void {
    if (this.openAt !== undefined && this.worst !== undefined) this.samples.push({ t: this.openAt, counts: stacked(this.worst), atOnce: this.worstAtOnce ?? maxAtOnce(undefined, harmOf(this.worst)) })
  }

  private open(e: TraceEvent): void {
    const { from, to } = e.data
    const window = e.kind === "trace.start" && Number.isSafeInteger(from) && Number.isSafeInteger(to) && Number(from) <= Number(to)
    this.from = window ? Number(from) : e.t
    this.to = window ? Number(to) : e.t
    this.sampleTo = window ? this.to : Number.NEGATIVE_INFINITY
    this.step = Math.max(1, (this.to - this.from) / this.buckets)
    this.nextSample = this.from
  }

  private phaseEvent(e: TraceEvent): void {
    const name = typeof e.data.name === "string" ? e.data.name : e.subject
    const status = String(e.data.status)
    const open = this.phaseAt.get(e.subject)
    if (status === "start") {
      this.phaseAt.set(e.subject, this.phases.length)
      this.phases.push({ id: e.subject, name, start: e.t, end: undefined, status })
    } else if (open !== undefined) {
      const p = this.phases[open]!
      this.phases[open] = { ...p, end: e.t, status }
    } else {
      // no-go / skipped: never started, a point on the timeline
      this.phaseAt.set(e.subject, this.phases.length)
      this.phases.push({ id: e.subject, name, start: e.t, end: e.t, status })
    }
  }

  private faultEvent(e: TraceEvent): void {
    if (e.data.status === "start") {
      this.faultAt.set(e.subject, this.faults.length)
      this.faults.push({ id: e.subject, name: String(e.data.kind), start: e.t, end: undefined, status: "start" })
    } else {
      const open = this.faultAt.get(e.subject)
      if (open !== undefined) this.faults[open] = { ...this.faults[open]!, end: e.t, status: "end" }
    }
  }

  /** The state after events [0, n): restores the checkpoint at or before n unless moving forward. */
  stateAtIndex(n: number): ViewState {
    const target = Math.max(0, Math.min(n, this.events.length))
    if (target < this.current.applied || target - this.current.applied > this.every) {
      const c = this.checkpoints[Math.floor(target / this.every)] ?? this.checkpoints[this.checkpoints.length - 1]
      if (c !== undefined && (target < this.current.applied || c.applied > this.current.applied)) this.current = cloneState(c)
    }
    for (let i = this.current.applied; i < target; i++) applyEvent(this.current, this.events[i]!)
    return this.current
  }

  /** The state with every event at or before t applied. */
  stateAt(t: number): ViewState {
    return this.stateAtIndex(upperBound(this.events, t))
  }

  /** Time of the last notable event before t (for "previous event", ←), or undefined. */
  previousNotableBefore(t: number): number | undefined {
    let lo = 0
    let hi = this.notable.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (this.events[this.notable[mid]!]!.t < t) lo = mid + 1
      else hi = mid
    }
    const i = this.notable[lo - 1]
    return i === undefined ? undefined : this.events[i]!.t
  }

  /** Time of the first notable event after t (for "next event"), or undefined. */
  nextNotableAfter(t: number): number | undefined {
    let lo = 0
    let hi = this.notable.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (this.events[this.notable[mid]!]!.t <= t) lo = mid + 1
      else hi = mid
    }
    const i = this.notable[lo]
    return i === undefined ? undefined : this.events[i]!.t
  }
}
