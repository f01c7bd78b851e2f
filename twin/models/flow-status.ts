/**
 * How models report what they observe of a participant's service, so that service health is derived from
 * the models (not from topology alone): a `flow.status` trace event whenever a flow's observed state
 * changes. `up` members of `of` are working as far as the model can see (line A and B receiving; a session
 * logged on to its primary or secondary; an RTS endpoint answering); `degraded` when the flow works but
 * loses data or runs late beyond its bound.
 *
 * A wiring may report for a model that cannot see it yet: twin/simulate/wire-ocg.ts reports a session down
 * the instant its gateway dies, though its BSS notices only minutes later.
 *
 * Flow ids follow topology/model.ts: `P0001/omdc-ss`, `P0001/P0001T01`. The health tracker
 * (twin/world/health.ts) folds these into per-service statuses (`served`, `served-without-redundancy`,
 * `degraded`, `down`).
 *
 * Part of the models, not of the kernel: it is the models' shared way of saying what they observe of a
 * service; the kernel (twin/engine/) only carries the trace events it builds.
 */
import type { Service } from "../../topology/schema.ts"
import { FLOW_STATUS } from "../contract/trace-kinds.ts"
import { type Action, emit } from "../engine/machine.ts"

export interface FlowObservation {
  readonly participant: string
  readonly flow: string
  readonly service: Service
  readonly up: number
  readonly of: number
  readonly degraded: boolean
  /** A short reason people can read: "logged on to GATEWAY", "line B silent 6 s". */
  readonly detail: string
}

export { FLOW_STATUS }

export const flowStatus = <M = never>(o: FlowObservation): Action<M> =>
  emit(FLOW_STATUS, { flow: o.flow, service: o.service, up: o.up, of: o.of, degraded: o.degraded, detail: o.detail }, o.participant)
