/**
 * Health in a physical state, worked out once per distinct state: the same judgement the message engine's
 * health tracker makes from the live network for a flow no model has reported on (twin/world/health.ts,
 * live-reach.ts) — the N-1 analysis run on the live state, folded per service with a recovery flow that is
 * down capping the service at served-without-redundancy (topology/service-health.ts).
 *
 * `degraded` never comes from here: loss and latency over bound are the message engine's to observe.
 */
import type { EstateModel } from "../../topology/model.ts"
import { nMinusOne } from "../../topology/n-minus-one.ts"
import { serviceStatus } from "../../topology/service-health.ts"
import { type HealthVector, healthVector } from "./health-vector.ts"
import { cutoverStateOf, outOfServiceOf, type PhysicalState, stateKey } from "./physical-state.ts"

export class StateHealth {
  readonly model: EstateModel
  private readonly cache = new Map<string, HealthVector>()
  /** How many states were actually analysed (the rest came from the cache). */
  evaluations = 0

  constructor(model: EstateModel) {
    this.model = model
  }

  of(state: PhysicalState): HealthVector {
    const key = stateKey(state)
    let found = this.cache.get(key)
    if (found === undefined) {
      this.evaluations++
      const analysis = nMinusOne(this.model, cutoverStateOf(state), outOfServiceOf(state), { pathRedundancy: false })
      this.cache.set(key, (found = healthVector(this.model, serviceStatus(analysis.flows))))
    }
    return found
  }
}
