/**
 * The impact engine's entry: a scenario (and optionally faults laid over it) → its physical timeline →
 * health in each distinct state (cached across calls through the shared `StateHealth`) → impact integrated
 * over the intervals. Health is recomputed only where the physical state changed.
 */
import type { Scenario } from "../../scenarios/scenario.ts"
import { healthRank } from "../contract/health.ts"
import type { HealthVector } from "./health-vector.ts"
import { type Impact, integrateImpact } from "./integrate.ts"
import { StateHealth } from "./state-health.ts"
import { scenarioTimeline, type Timeline, type TimelineInput } from "./timeline.ts"

export interface ScenarioImpact extends Impact {
  readonly timeline: Timeline
}

export const scenarioImpact = (
  scenario: Scenario,
  options: { readonly health?: StateHealth } & Omit<TimelineInput, "scenario"> = {}
): ScenarioImpact => {
  const { health: given, ...rest } = options
  const health = given ?? new StateHealth(scenario.model)
  const timeline = scenarioTimeline({ scenario, ...rest })
  const vectors = loggingOn(timeline, health)
  return { ...integrateImpact(scenario.model, timeline, (i) => vectors[i]!), timeline }
}

/**
 * Health per timeline state, with the sessions logging on at the window's start as the message engine's do
 * (twin/simulate/wire-ocg.ts: every BSS starts at the Lookup Service): a participant's service is down while
 * it is down for sessions that must connect (no Lookup Service endpoint reachable, nor any gateway), until
 * the first state in which it is not; from then on its sessions are logged on and the settled judgement
 * holds (a Lookup Service lost later only costs redundancy). Issue 13, defect 3.
 */
const loggingOn = (timeline: Timeline, health: StateHealth): ReadonlyArray<HealthVector> => {
  let waiting: Uint8Array | undefined
  return timeline.states.map(({ state }, i) => {
    const settled = health.of(state)
    const connecting = health.connecting(state)
    if (i === 0) waiting = Uint8Array.from(connecting, (r, slot) => (r === DOWN && settled[slot] !== DOWN ? 1 : 0))
    else if (waiting !== undefined) for (let slot = 0; slot < waiting.length; slot++) if (connecting[slot] !== DOWN) waiting[slot] = 0
    if (waiting === undefined || !waiting.includes(1)) {
      waiting = undefined
      return settled
    }
    return Uint8Array.from(settled, (r, slot) => (waiting![slot] === 1 ? DOWN : r))
  })
}

const DOWN = healthRank.down
