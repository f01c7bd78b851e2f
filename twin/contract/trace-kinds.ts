/**
 * Every kind of trace event the twin writes, with its data type: the trace's declared vocabulary (what
 * OMNeT++ calls signals, ns-3 trace sources). A producer writes a kind only through a typed writer
 * (`emit` in twin/engine/machine.ts, `Runtime.record`, `traceEvent`) whose data must be the kind's type,
 * and a consumer reads a kind through `isKind` / `ofKind` (trace-event.ts) with typed data, never a cast.
 *
 * Adding a kind: declare its data type in the file of its system, add it to that file's map and to
 * `TRACE_KINDS` below (the compiler refuses a list that misses or invents one), and document it in
 * docs/trace.md (test/twin/contract/trace-doc.test.ts checks both ways).
 */
import type { CscEcpKinds } from "./kinds-csc-ecp.ts"
import type { OcgKinds } from "./kinds-ocg.ts"
import type { OmdKinds } from "./kinds-omd.ts"
import type { ScenarioKinds } from "./kinds-scenario.ts"
import type { WorldKinds } from "./kinds-world.ts"

/** Kind → the type of its `data`. */
export interface TraceKinds extends WorldKinds, OcgKinds, OmdKinds, CscEcpKinds, ScenarioKinds {}

export type TraceKind = keyof TraceKinds

const kinds = {
  "trace.start": true,
  "estate.layout": true,
  metrics: true,
  "world.change": true,
  "world.converged": true,
  "flow.status": true,
  health: true,
  "health.cause": true,
  "net.unknown-destination": true,
  "ocg.session": true,
  "ocg.lookup": true,
  "ocg.gateway": true,
  "otp.cancel-on-disconnect": true,
  "otp.host": true,
  "ocg.executions": true,
  "omd.publisher": true,
  "omd.session-status": true,
  "omd.dr-signal": true,
  "omd.clock-skew": true,
  "omd.refresh.publisher": true,
  "omd.refresh.cycle": true,
  "omd.sync": true,
  "omd.line": true,
  "omd.blackout.start": true,
  "omd.blackout": true,
  "omd.refresh": true,
  "omd.gap": true,
  "omd.recovered": true,
  "omd.loss.unrecovered": true,
  "omd.rts.request": true,
  "omd.rts.failover": true,
  "omd.rts.logon": true,
  "omd.rts.response": true,
  "omd.rts.session": true,
  "omd.rts.served": true,
  "omd.rts.server": true,
  "omd.cohort.split": true,
  "csc.order": true,
  "csc.quota": true,
  "ecp.transfer": true,
  "ecp.server": true,
  "ecp.wire": true,
  "scenario.start": true,
  "scenario.fault": true,
  "scenario.phase": true,
  "scenario.step": true,
  "scenario.check": true,
  "scenario.rollback": true,
  "live.control": true,
  "route.latency": true
} as const satisfies { readonly [K in TraceKind]: true }

/** Every kind, in the order of docs/trace.md's sections. */
export const TRACE_KINDS: ReadonlyArray<TraceKind> = Object.keys(kinds).filter((k): k is TraceKind => k in kinds)

export const isTraceKind = (kind: string): kind is TraceKind => Object.hasOwn(kinds, kind)

// The kinds code names by constant (the rest are written where their model is, by their literal).
export const TRACE_START = "trace.start"
export const ESTATE_LAYOUT = "estate.layout"
export const METRICS = "metrics"
export const WORLD_CHANGE = "world.change"
export const WORLD_CONVERGED = "world.converged"
export const FLOW_STATUS = "flow.status"
export const HEALTH = "health"
export const HEALTH_CAUSE = "health.cause"
export const ROUTE_LATENCY = "route.latency"
export const EXECUTIONS = "ocg.executions"
