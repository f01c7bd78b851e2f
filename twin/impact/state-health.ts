/**
 * Health in a physical state, worked out once per distinct state: the same judgement the message engine's
 * health tracker makes from the live network for a flow no model has reported on (twin/world/health.ts,
 * live-reach.ts `flowHealthOnRoutes`) — the N-1 analysis run on the live state, the impairments routing
 * does not notice (firewall rules, blackholes, multicast not forwarded, MTU cuts) judged on the settled
 * routes, folded per service with a recovery or connect flow that is down capping the service at
 * served-without-redundancy (topology/service-health.ts).
 *
 * `connecting(state)`: the same state judged for sessions that must log on now (the Lookup Service needed
 * like a gateway), which scenario-impact.ts uses until each participant's sessions could have logged on.
 * Folded from the same analysis (no second N-1 pass); the same vector when no connect flow is down.
 *
 * `degraded` never comes from here: loss and latency over bound are the message engine's to observe.
 */
import type { EstateModel } from "../../topology/model.ts"
import { Router } from "../../topology/routes.ts"
import { serviceStatus } from "../../topology/service-health.ts"
import { flowHealthOnRoutes } from "../world/live-reach.ts"
import { type HealthVector, healthVector } from "./health-vector.ts"
import { cutoverStateOf, outOfServiceOf, type PhysicalState, stateKey } from "./physical-state.ts"

export class StateHealth {
  readonly model: EstateModel
  private readonly cache = new Map<string, { readonly settled: HealthVector; readonly connecting: HealthVector }>()
  /** How many states were actually analysed (the rest came from the cache). */
  evaluations = 0

  constructor(model: EstateModel) {
    this.model = model
  }

  of(state: PhysicalState): HealthVector {
    return this.both(state).settled
  }

  connecting(state: PhysicalState): HealthVector {
    return this.both(state).connecting
  }

  private both(state: PhysicalState): { readonly settled: HealthVector; readonly connecting: HealthVector } {
    const key = stateKey(state)
    let found = this.cache.get(key)
    if (found === undefined) {
      this.evaluations++
      const cutover = cutoverStateOf(state)
      // Routes as routing has them once settled in this state (asked only while live-reach.ts `routesMatter`).
      const router = () => new Router(this.model, { cutover, linksDown: new Set(state.linksDown), nodesDown: new Set(state.nodesDown) })
      const flows = flowHealthOnRoutes(this.model, cutover, outOfServiceOf(state), state, router, { pathRedundancy: false })
      const settled = healthVector(this.model, serviceStatus(flows))
      // Only a connect flow that is down can make the two differ (the usual state has none: one pass).
      const lookupLost = flows.some((h) => h.flow.role === "connect" && h.status === "down")
      const connecting = lookupLost ? healthVector(this.model, serviceStatus(flows, true)) : settled
      this.cache.set(key, (found = { settled, connecting }))
    }
    return found
  }
}
