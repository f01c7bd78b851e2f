/**
 * Trace kinds of the engine and the world (docs/trace.md "Engine and world"): the header, the map, metrics,
 * world changes, what models observe of their flows, and the health that comes of it.
 */
import type { EstateLayout } from "./estate-layout.ts"
import type { HealthCounts, HealthStatus } from "./health.ts"
import type { Service } from "./services.ts"
import type { TraceData } from "./trace-value.ts"

export type TraceStartData = {
  /** The trace format version (docs/trace.md "Versioning"). */
  readonly version: number
  /** The estate's name. */
  readonly estate: string
  readonly seed: number
  /** The window, µs since midnight. */
  readonly from: number
  readonly to: number
  /** Only on a half day (`half-day`: no afternoon session, DOMAIN §1); absent: a full trading day. */
  readonly timetable?: "half-day"
  /** Cutover units on the new backbone at the start, sorted. */
  readonly moved: ReadonlyArray<string>
  readonly participants: number
  /** Only when the run set any: the scenario's settings over the estate's, as the models read them. */
  readonly settings?: TraceData
  /**
   * Only when the trading path ran in parts by participants (`twin simulate --trading-parts`): how many. Such
   * a trace is not one world's (docs/scaling.md "The trading path in parts by participants").
   */
  readonly tradingParts?: number
}

export type MetricsData = {
  /** Per service the run judges, participants per status. */
  readonly health: { readonly [S in Service]?: HealthCounts }
  /** Engine events so far: a cost figure, not an observation (docs/trace.md). */
  readonly events: number
}

/** Impairment fields of a link as a change writes them: only those changed, a field cleared is `null`. */
export type LinkChangeFields = {
  readonly down?: boolean
  readonly lossPct?: number
  readonly addedLatencyUs?: number
  readonly jitterUs?: number
  readonly mtu?: number | null
  readonly blackhole?: "forward" | "reverse" | null
  readonly capMbps?: number | null
  readonly multicastBlocked?: boolean
  readonly blockedPorts?: ReadonlyArray<string>
}

export type NodeImpairmentFields = {
  readonly multicastBlocked?: boolean
  readonly blockedPorts?: ReadonlyArray<string>
}

/** What changed in the world, by `what` (docs/trace.md `world.change`). */
export type WorldChangeData =
  | { readonly what: "unit"; readonly moved: boolean }
  | ({ readonly what: "link" } & LinkChangeFields)
  | { readonly what: "node"; readonly down: boolean }
  | ({ readonly what: "node-impairment" } & NodeImpairmentFields)
  /** A publisher node's clock skew, µs (negative: behind; 0: right). */
  | { readonly what: "clock"; readonly skewUs: number }
  | { readonly what: "routing-hold"; readonly held: boolean; readonly moved: boolean }
  | { readonly what: "dr-failover"; readonly on: boolean }

export type WorldChangeWhat = WorldChangeData["what"]

export type WorldConvergedData = { readonly what: WorldChangeWhat }

export type FlowStatusData = {
  /** The flow's id, e.g. `P0042/omdc-ss`, `P0042/P0042T01`. */
  readonly flow: string
  readonly service: Service
  /** Members working as the model observes them, of how many. */
  readonly up: number
  readonly of: number
  readonly degraded: boolean
  /** A short reason people can read: "logged on to GATEWAY", "line B silent 6 s". */
  readonly detail: string
}

export type HealthData = {
  readonly service: Service
  readonly status: HealthStatus
  /** null at the start. */
  readonly previous: HealthStatus | null
  /** `flow id: detail` of the flow that decided, true at `t`. */
  readonly cause: string
  /**
   * Only on a participant-service's first event (`previous` null): its status by design — the opening state
   * with no fault in force, judged by the live network alone (twin/world/health.ts). Absent in traces written
   * before it was; `baselineOf` (health.ts) reads it.
   */
  readonly design?: HealthStatus
}

/** The cause changed while the status stayed (the status is the one last written in `health`). */
export type HealthCauseData = { readonly service: Service; readonly status: HealthStatus; readonly cause: string }

export type UnknownDestinationData = { readonly to: string }

export interface WorldKinds {
  "trace.start": TraceStartData
  "estate.layout": EstateLayout
  metrics: MetricsData
  "world.change": WorldChangeData
  "world.converged": WorldConvergedData
  "flow.status": FlowStatusData
  health: HealthData
  "health.cause": HealthCauseData
  "net.unknown-destination": UnknownDestinationData
}
