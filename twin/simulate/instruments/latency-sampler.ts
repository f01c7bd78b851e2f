/**
 * The latency the new backbone adds, written to the trace for the `added-latency` check (and any report):
 * an instrument of the simulation (instruments.ts), a wiring that at the start of the run and after every world change has converged, computes each
 * service's flows' one-way path latency in the current cutover state against the same flows with nothing
 * moved (the old backbone), and writes one `route.latency` event per service whose figures changed.
 *
 * `route.latency` (subject `twin`): `service`, `flows` (flows measured), `medianAddedUs`, `p90AddedUs`,
 * `p99AddedUs`, `maxAddedUs` (µs, nearest-rank over the flows; negative when the new way is faster),
 * `worstFlow` (the flow with the most added, `""` when none), `unreachable` (flows with a path on the old
 * backbone and none now).
 *
 * What is measured: the primary flows of each service (recovery flows such as RTS and refresh are left
 * out), routed by topology/paths.ts in the cutover state (units moved, DR failover) with nothing out of
 * service — the structure the cutover gives, not a fault's detour or added delay. A multicast flow takes
 * its faster line (first come, first served, DOMAIN §3); a session its first reachable member (the
 * primary gateway, then the secondary). Baseline: nothing moved, the same DR state.
 *
 * Cost: one path pass over all flows per distinct cutover state (about half a second on the default
 * estate), cached by state, so a phase that moves units back costs nothing more.
 */
import type { EstateModel, FlowInstance } from "../../../topology/model.ts"
import type { CutoverState } from "../../../topology/network.ts"
import { type FlowPaths, pathFinder } from "../../../topology/paths.ts"
import type { Service } from "../../../topology/schema.ts"
import type { Micros } from "../../engine/time.ts"
import { cutoverOf } from "../../world/live-reach.ts"
import type { Wiring } from "../wiring.ts"
import type { RouteLatencyData as ServiceLatency } from "../../contract/kinds-scenario.ts"
import { ROUTE_LATENCY } from "../../contract/trace-kinds.ts"

/** One-way latency of a flow as its participant gets it; undefined when no member has a path. */
export const flowLatency = (paths: FlowPaths): number | undefined => {
  let best: number | undefined
  for (const m of paths.members) {
    if (m.nodes.length === 0) continue
    if (paths.flow.pattern !== "multicast") return m.latencyUs
    if (best === undefined || m.latencyUs < best) best = m.latencyUs
  }
  return best
}

/** Nearest-rank percentile of ascending `sorted` (non-empty). */
const percentile = (sorted: ReadonlyArray<number>, p: number): number => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!

const stateKey = (s: CutoverState): string => `${[...s.moved].sort().join(",")}|${s.drFailover}`

/**
 * `(cutover state) → added latency per service`, for the services that have primary flows, in the
 * estate's service order. Results are cached per cutover state.
 */
export const addedLatencies = (model: EstateModel): ((state: CutoverState) => ReadonlyArray<ServiceLatency>) => {
  // Recovery flows (RTS, refresh) carry no traffic in steady state; the Lookup Service's (connect) path is
  // sampled with the trading service's flows, as it always was.
  const flows = model.flows.filter((f) => f.role !== "recovery")
  const latenciesIn = new Map<string, ReadonlyArray<number | undefined>>()
  const latencies = (state: CutoverState): ReadonlyArray<number | undefined> => {
    const key = stateKey(state)
    let found = latenciesIn.get(key)
    if (found === undefined) {
      const finder = pathFinder(model, state)
      found = flows.map((f) => flowLatency(finder.pathsOf(f)))
      latenciesIn.set(key, found)
    }
    return found
  }
  const results = new Map<string, ReadonlyArray<ServiceLatency>>()
  return (state) => {
    const key = stateKey(state)
    const cached = results.get(key)
    if (cached !== undefined) return cached
    const now = latencies(state)
    const base = latencies({ moved: new Set(), drFailover: state.drFailover })
    const byService = new Map<Service, { added: Array<number>; worst: FlowInstance | undefined; worstAdded: number; unreachable: number }>()
    flows.forEach((flow, i) => {
      let acc = byService.get(flow.service)
      if (acc === undefined) byService.set(flow.service, (acc = { added: [], worst: undefined, worstAdded: -Infinity, unreachable: 0 }))
      const before = base[i]
      if (before === undefined) return
      const after = now[i]
      if (after === undefined) {
        acc.unreachable++
        return
      }
      const added = after - before
      acc.added.push(added)
      if (added > acc.worstAdded) {
        acc.worstAdded = added
        acc.worst = flow
      }
    })
    const out = [...byService].map(([service, acc]): ServiceLatency => {
      const sorted = [...acc.added].sort((a, b) => a - b)
      const at = (p: number) => (sorted.length === 0 ? 0 : percentile(sorted, p))
      return {
        service,
        flows: sorted.length,
        medianAddedUs: at(0.5),
        p90AddedUs: at(0.9),
        p99AddedUs: at(0.99),
        maxAddedUs: sorted.length === 0 ? 0 : sorted[sorted.length - 1]!,
        worstFlow: acc.worst?.id ?? "",
        unreachable: acc.unreachable
      }
    })
    results.set(key, out)
    return out
  }
}

/** Writes `route.latency` at the start and one µs after every world change has converged. */
export const latencySampler: Wiring = {
  system: "latency-sampler",
  wire: ({ model, runtime, world }) => {
    const measure = addedLatencies(model)
    const written = new Map<string, string>()
    const sample = (): void => {
      for (const s of measure(cutoverOf(world.state))) {
        const data = {
          service: s.service,
          flows: s.flows,
          medianAddedUs: s.medianAddedUs,
          p90AddedUs: s.p90AddedUs,
          p99AddedUs: s.p99AddedUs,
          maxAddedUs: s.maxAddedUs,
          worstFlow: s.worstFlow,
          unreachable: s.unreachable
        }
        const text = JSON.stringify(data)
        if (written.get(s.service) === text) continue
        written.set(s.service, text)
        runtime.record(ROUTE_LATENCY, "twin", data)
      }
    }
    sample()
    let due: Micros | undefined
    world.onChange(() => {
      // Routing converges `convergenceDelayUs` after a change (world.ts); several changes at one instant
      // (a batch, a phase step moving several units) are sampled once.
      const at = runtime.now + world.convergenceDelayUs + 1
      if (due === at) return
      due = at
      runtime.at(at, () => {
        if (due === at) due = undefined
        sample()
      })
    })
  }
}
