/**
 * Where playback should stop (issue 15 item 8): the trace's failures and worsenings, from its `health` events.
 *
 * - A **worsening** is any participant's service going to a worse status than before (served → without
 *   redundancy counts): "pause when anyone's status worsens" stops at each.
 * - A **failure** is a worsening to degraded or down, an outage someone notices. Hundreds of participants
 *   fail within a few milliseconds of one cause (a line goes silent for all its subscribers), so failures
 *   less than `EPISODE_GAP` after the previous one belong to its episode: "next failure" stops at the start
 *   of each episode, not at every participant.
 */
import { baselineOf, healthRank, type HealthStatus, isHealthStatus, type TraceEvent } from "../trace/types.ts"

/** 10 s: failures closer than this to the one before are one episode. */
export const EPISODE_GAP = 10_000_000

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
  /** Start of each failure episode, in time order. */
  readonly episodes: Array<number> = []
  /** Each instant some status got worse, in time order, once per instant. */
  readonly worsenings: Array<number> = []
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
    if (this.worsenings[this.worsenings.length - 1] !== e.t) this.worsenings.push(e.t)
    if (!outage(status)) return
    if (e.t - this.lastFailure >= EPISODE_GAP) this.episodes.push(e.t)
    this.lastFailure = e.t
  }

  /** The start of the first failure episode after t, or undefined. */
  nextFailureAfter(t: number): number | undefined {
    return this.episodes[after(this.episodes, t)]
  }

  /** The start of the last failure episode before t, or undefined. */
  previousFailureBefore(t: number): number | undefined {
    let i = after(this.episodes, t) - 1
    while (i >= 0 && this.episodes[i]! >= t) i--
    return i < 0 ? undefined : this.episodes[i]
  }

  /** The first worsening in (from, to], or undefined: where playback pauses when asked to. */
  firstWorseningIn(from: number, to: number): number | undefined {
    const t = this.worsenings[after(this.worsenings, from)]
    return t !== undefined && t <= to ? t : undefined
  }
}
