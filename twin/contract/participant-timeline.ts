/**
 * One participant's status changes per service, each worsening with its cause chain (cause-chain.ts): the
 * timeline `twin participant --trace` prints (scenarios/participant-timeline.ts) and the viewer's detail
 * panel shows (viewer/src/panels/detail.ts), from the same trace the same story. The chain is asked of a
 * `CauseIndex` that has folded the whole trace, as the report does: a status change is when it happened, so
 * a change after it is never its trigger.
 */
import type { CauseIndex } from "./cause-chain.ts"
import { healthRank, type HealthStatus } from "./health.ts"
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
  readonly changes: ReadonlyArray<StatusChange>
}

/** A worse status than before (a first status worse than served counts): only these have a cause chain. */
export const worsens = (status: HealthStatus, previous: HealthStatus | null): boolean => healthRank[status] > (previous === null ? 0 : healthRank[previous])

/**
 * The participant's `health` events per service, in the order each service first appears; `causes` must
 * have observed the whole trace.
 */
export const participantTimeline = (events: Iterable<TraceEvent>, participant: string, causes: CauseIndex): ReadonlyArray<ServiceTimeline> => {
  const changes = new Map<string, Array<StatusChange>>()
  for (const e of events) {
    if (!isKind(e, "health") || e.subject !== participant) continue
    const { status, previous, cause } = e.data
    const list = changes.get(e.data.service) ?? []
    list.push({ t: e.t, status, previous, cause, chain: worsens(status, previous) ? causes.chainAt(e.t)?.sentence ?? "" : "" })
    changes.set(e.data.service, list)
  }
  return [...changes].map(([service, list]) => ({ service, changes: list }))
}
