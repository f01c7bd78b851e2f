/**
 * Where playback should stop (issue 15 item 8): the trace's failures and worsenings, from its `health` events,
 * each stop at the instant its harm is at its worst (a picture never shows the first microsecond of a burst
 * as if it were the whole of it).
 *
 * - A **worsening** is any participant's service going to a worse status than before (served → without
 *   redundancy counts). Worsenings within `BURST` of the first of their burst are one burst: "pause when
 *   anyone's status worsens" stops once per burst, at its worst instant (572 participants losing both lines
 *   within 1.3 ms is one pause showing 572, not 572 pauses of one each).
 * - A **failure** is a worsening to degraded or down, an outage someone notices. Hundreds of participants
 *   fail within a few milliseconds of one cause (a line goes silent for all its subscribers), so failures
 *   less than `EPISODE_GAP` after the previous one belong to its episode: "next failure" stops once per
 *   episode, at its worst instant.
 *
 * The worst instant is the settled instant (all its events applied) with the most participant-services
 * down, then degraded or worse, then not served; the earliest on a tie. Only instants with a worsening (of
 * the burst) or a failure (of the episode) are candidates: harm grows only there. The trace index feeds it
 * with `observe` per event and `settle` per instant; without `settle` a stop is its first instant.
 */
import { baselineOf, healthRank, type HealthStatus, isHealthStatus, type TraceEvent } from "../trace/types.ts"

/** 10 s: failures closer than this to the one before are one episode. */
export const EPISODE_GAP = 10_000_000
/** 1 s: worsenings this close to the first of their burst are one pause. */
export const BURST = 1_000_000

/** Participant-services at each level at one instant, summed over the services. */
export interface Harm {
  readonly down: number
  readonly degradedOrWorse: number
  readonly notServed: number
}

const worseHarm = (a: Harm, b: Harm | undefined): boolean =>
  b === undefined || a.down > b.down || (a.down === b.down && (a.degradedOrWorse > b.degradedOrWorse || (a.degradedOrWorse === b.degradedOrWorse && a.notServed > b.notServed)))

const outage = (s: HealthStatus): boolean => s === "down" || s === "degraded"

/** Index of the first time > t in sorted `times`. */
const after = (times: ReadonlyArray<number>, t: number): number => {
  let lo = 0
  let hi = times.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (times[mid]! <= t) lo = mid + 1
    else hi = mid
  }
  return lo
}

export class FailureIndex {
  /** Start of each failure episode (its first failure), in time order. */
  readonly episodes: Array<number> = []
  /** Per episode: its worst instant, where "next / previous failure" stops. */
  readonly episodeStops: Array<number> = []
  /** Per episode: the harm at its worst instant (undefined until an instant of it settled). */
  readonly episodeWorst: Array<Harm | undefined> = []
  /** Each instant some status got worse, in time order, once per instant. */
  readonly worsenings: Array<number> = []
  /** Per burst of worsenings: its first instant and its worst, where "pause when worse" stops. */
  readonly bursts: Array<number> = []
  readonly burstStops: Array<number> = []
  private burstWorst: Harm | undefined
  private lastFailure = -Infinity

  /** Folds one event (in trace order). */
  observe(e: TraceEvent): void {
    if (e.kind !== "health") return
    const status = e.data.status
    if (!isHealthStatus(status)) return
    // A first status (previous null) is how the run starts: a worsening only when worse than its baseline
    // (by design — a fault in force from the opening), as the report's affected list judges it.
    const previous = e.data.previous === null ? baselineOf({ status, design: isHealthStatus(e.data.design) ? e.data.design : undefined }) : e.data.previous
    if (!isHealthStatus(previous) || healthRank[status] <= healthRank[previous]) return
    if (this.worsenings[this.worsenings.length - 1] !== e.t) {
      this.worsenings.push(e.t)
      const first = this.bursts[this.bursts.length - 1]
      if (first === undefined || e.t - first >= BURST) {
        this.bursts.push(e.t)
        this.burstStops.push(e.t)
        this.burstWorst = undefined
      }
    }
    if (!outage(status)) return
    if (e.t - this.lastFailure >= EPISODE_GAP) {
      this.episodes.push(e.t)
      this.episodeStops.push(e.t)
      this.episodeWorst.push(undefined)
    }
    this.lastFailure = e.t
  }

  /** All events of instant t are applied and `harm` is the estate's then: the open episode and burst keep it if it is their worst. */
  settle(t: number, harm: Harm): void {
    const e = this.episodes.length - 1
    if (this.lastFailure === t && e >= 0 && worseHarm(harm, this.episodeWorst[e])) {
      this.episodeWorst[e] = harm
      this.episodeStops[e] = t
    }
    const b = this.bursts.length - 1
    if (this.worsenings[this.worsenings.length - 1] === t && b >= 0 && worseHarm(harm, this.burstWorst)) {
      this.burstWorst = harm
      this.burstStops[b] = t
    }
  }

  /** The worst instant of the first failure episode whose worst is after t, or undefined. */
  nextFailureAfter(t: number): number | undefined {
    return this.episodeStops[after(this.episodeStops, t)]
  }

  /** The worst instant of the last failure episode whose worst is before t, or undefined. */
  previousFailureBefore(t: number): number | undefined {
    let i = after(this.episodeStops, t) - 1
    while (i >= 0 && this.episodeStops[i]! >= t) i--
    return i < 0 ? undefined : this.episodeStops[i]
  }

  /** The episode whose worst instant is t (a stop of "next failure"), or undefined. */
  episodeAt(t: number): { readonly start: number; readonly worst: Harm | undefined } | undefined {
    const i = after(this.episodeStops, t) - 1
    return i >= 0 && this.episodeStops[i] === t ? { start: this.episodes[i]!, worst: this.episodeWorst[i] } : undefined
  }

  /** The first burst's worst instant in (from, to], or undefined: where playback pauses when asked to. */
  firstWorseningIn(from: number, to: number): number | undefined {
    const t = this.burstStops[after(this.burstStops, from)]
    return t !== undefined && t <= to ? t : undefined
  }
}
