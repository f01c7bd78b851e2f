/**
 * How models report what they observe of a participant's service, so that service health is derived from
 * the models (not from topology alone): a `flow.status` trace event whenever a flow's observed state
 * changes. `up` members of `of` are working as far as the model can see (line A and B receiving; a session
 * logged on to its primary or secondary; an RTS endpoint answering); `degraded` when the flow works but
 * loses data or runs late beyond its bound.
 *
 * A wiring may report for a model that cannot see it yet: twin/simulate/wire-ocg.ts, csc-gateway-crash.ts and
 * wire-ecp.ts report a session down the instant its gateway or server dies (`gatewayDownStatus`,
 * `serverDownStatus`), though its client notices only minutes later.
 *
 * Flow ids follow topology/model.ts: `P0001/omdc-ss`, `P0001/P0001T01`. The health tracker
 * (twin/world/health.ts) folds these into per-service statuses (`served`, `served-without-redundancy`,
 * `degraded`, `down`).
 *
 * Part of the models, not of the kernel: it is the models' shared way of saying what they observe of a
 * service; the kernel (twin/engine/) only carries the trace events it builds.
 */
import type { FlowStatusData } from "../contract/kinds-world.ts"
import { FLOW_STATUS } from "../contract/trace-kinds.ts"
import { type Action, emit } from "../engine/machine.ts"

/** What a model observes of one flow: the trace's `flow.status` data and whose flow it is (the subject). */
export type FlowObservation = FlowStatusData & { readonly participant: string }

export { FLOW_STATUS }

/**
 * A trading session (OTP-C, China Connect) whose gateway has just gone down, as the wirings report it for
 * the model that cannot see it yet: down from now, until its BSS logs on again.
 */
export const gatewayDownStatus = (flow: string, service: "otp-c" | "otp-csc", gateway: string): FlowStatusData =>
  serverDownStatus(flow, service, gateway, 2, "cannot trade until logged on again")

/** A session whose server (`server`, one of `of` usable) has just died: down from now, saying what it cannot do until when. */
export const serverDownStatus = (flow: string, service: FlowStatusData["service"], server: string, of: number, until: string): FlowStatusData =>
  ({ flow, service, up: 0, of, degraded: false, detail: `${server} down: ${until}` })

export const flowStatus = <M = never>(o: FlowObservation): Action<M> =>
  emit(FLOW_STATUS, { flow: o.flow, service: o.service, up: o.up, of: o.of, degraded: o.degraded, detail: o.detail }, o.participant)
