/**
 * What the simulation's instruments write into the trace, for whoever reads it (the checks, reports): the
 * kind names and the shape of their data. A reader imports this and nothing of the instruments themselves,
 * so a check stays a fold over the trace (scenarios/checks/check.ts). docs/trace.md describes both kinds.
 */
import type { Service } from "../../../topology/schema.ts"

/** The execution ledger's kind (execution-ledger.ts), subject `twin`. */
export const EXECUTIONS = "ocg.executions"

/**
 * A session whose books disagree, as listed in an `ocg.executions` event's `short` (`applied ≠ sent −
 * undelivered`); the event's other fields are in docs/trace.md.
 */
export interface ShortSession {
  readonly participant: string
  readonly compId: string
  readonly sent: number
  readonly applied: number
  readonly undelivered: number
}

/** The latency sampler's kind (latency-sampler.ts), subject `twin`: one event per service. */
export const ROUTE_LATENCY = "route.latency"

/** The data of a `route.latency` event. */
export interface ServiceLatency {
  readonly service: Service
  readonly flows: number
  readonly medianAddedUs: number
  readonly p90AddedUs: number
  readonly p99AddedUs: number
  readonly maxAddedUs: number
  readonly worstFlow: string
  readonly unreachable: number
}
