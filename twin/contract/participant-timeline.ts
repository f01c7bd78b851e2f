/**
 * One participant's status changes per service, each worsening with its cause chain (cause-chain.ts): the
 * timeline `twin participant --trace` prints (scenarios/participant-timeline.ts) and the viewer's detail
 * panel shows (viewer/src/panels/detail.ts), from the same trace the same story. The chain is asked of a
 * `CauseIndex` that has folded the whole trace, as the report does: a status change is when it happened, so
 * a change after it is never its trigger.
 */
import type { CauseIndex } from "./cause-chain.ts"
import { baselineOf, healthRank, type HealthStatus } from "./health.ts"
import type { HealthData } from "./kinds-world.ts"
import { isKind, type TraceEvent } from "./trace-event.ts"

export interface StatusChange {
  /** µs since midnight. */
  readonly t: number
  readonly status: HealthStatus
  /** null: the first status of the run. */
  readonly previous: HealthStatus | null
  /** `flow id: detail` of the flow that decided. */
  readonly cause: string
  /** The cause chain's sentence at `t`, for a change to a worse status; "" when none is within reach or it got better. */
  readonly chain: string
}

export interface ServiceTimeline {
  readonly service: string
  /** What "worse" is measured from: its status by design (health.ts `baselineOf`). */
  readonly baseline: HealthStatus
  readonly changes: ReadonlyArray<StatusChange>
}

/**
 * A `health` event that makes things worse: worse than the status before it, or — a first status — worse than
 * its baseline (by design: a fault in force from the opening). Only these have a cause chain, so a weakness
 * the estate has by design (a single circuit) is never put down to a fault.
 */
export const worsens = (d: Pick<HealthData, "status" | "previous" | "design">): boolean => healthRank[d.status] > healthRank[d.previous ?? baselineOf(d)]

/**
 * The participant's `health` events per service, in the order each service first appears; `causes` must
 * have observed the whole trace.
 */
export const participantTimeline = (events: Iterable<TraceEvent>, participant: string, causes: CauseIndex): ReadonlyArray<ServiceTimeline> => {
  const changes = new Map<string, { baseline: HealthStatus; list: Array<StatusChange> }>()
  for (const e of events) {
    if (!isKind(e, "health") || e.subject !== participant) continue
    const { status, previous, cause } = e.data
    let service = changes.get(e.data.service)
    if (service === undefined) changes.set(e.data.service, (service = { baseline: baselineOf(e.data), list: [] }))
    service.list.push({ t: e.t, status, previous, cause, chain: worsens(e.data) ? causes.chainAt(e.t)?.sentence ?? "" : "" })
  }
  return [...changes].map(([service, { baseline, list }]) => ({ service, baseline, changes: list }))
}
