/**
 * Trace kinds of scenarios (`twin run`: scenarios/run.ts, scenarios/phases.ts), of live drills (`twin serve`:
 * `live.control`), and of the route-latency instrument (`route.latency`) — docs/trace.md "Scenarios",
 * "Live drills".
 */
import type { Service } from "./services.ts"
import type { TraceData } from "./trace-value.ts"

export type ScenarioStartData = {
  readonly name: string
  readonly day: "trading-day" | "rehearsal"
  /** Ids, in the scenario's order. */
  readonly phases: ReadonlyArray<string>
  readonly faults: ReadonlyArray<string>
  readonly checks: ReadonlyArray<string>
}

/** A fault started or ended; its effect follows as `world.change` events. */
export type ScenarioFaultData = { readonly kind: string; readonly status: "start" | "end"; readonly targets: ReadonlyArray<string> }

export type ScenarioPhaseData =
  | { readonly status: "start"; readonly name: string }
  | { readonly status: "completed" }
  | { readonly status: "no-go" | "skipped" | "rolled-back" | "failed-after-cutoff"; readonly reason: string }

/** The units moved (`move`) and moved back (`back`) at one step of a phase. */
export type ScenarioStepData = { readonly move: ReadonlyArray<string>; readonly back: ReadonlyArray<string> }

export type CheckRole = "scenario" | "pre-check" | "post-check" | "watch"

/**
 * A check judged; `evidence` is how many pieces. A phase's check is judged now; a scenario's own
 * (`role: "scenario"`) is written at the window's end, after every other line, with `at` the end of the
 * window it judged (µs; earlier with a `during:` window or phase).
 */
export type ScenarioCheckData = {
  readonly role: CheckRole
  readonly phase: string | null
  readonly verdict: "pass" | "fail"
  readonly summary: string
  readonly evidence: number
  readonly at?: number
}

/** Units moved back in this order, `at` µs (now + the rule's `takes`). */
export type ScenarioRollbackData = { readonly reason: string; readonly units: ReadonlyArray<string>; readonly at: number }

/** An instructor's control, written at the instant the world had reached, before its effects. */
export type LiveControlData =
  | { readonly control: "inject"; readonly id: string; readonly fault: TraceData; readonly for?: string }
  | { readonly control: "end-fault"; readonly id: string }
  | { readonly control: "phase"; readonly phase: string }
  | { readonly control: "move"; readonly units: ReadonlyArray<string>; readonly back: boolean }
  /** A drill trainee's action (subject `trainee`, `twin drill`): its effect follows after the action's delay. */
  | { readonly control: "action"; readonly action: string; readonly target: string }
  /** A drill instructor's hint to the trainee (`twin drill`). */
  | { readonly control: "hint"; readonly text: string }

/** Per service, the one-way latency the new backbone adds to its primary flows (µs). */
export type RouteLatencyData = {
  readonly service: Service
  readonly flows: number
  readonly medianAddedUs: number
  readonly p90AddedUs: number
  readonly p99AddedUs: number
  readonly maxAddedUs: number
  readonly worstFlow: string
  readonly unreachable: number
}

export interface ScenarioKinds {
  "scenario.start": ScenarioStartData
  "scenario.fault": ScenarioFaultData
  "scenario.phase": ScenarioPhaseData
  "scenario.step": ScenarioStepData
  "scenario.check": ScenarioCheckData
  "scenario.rollback": ScenarioRollbackData
  "live.control": LiveControlData
  "route.latency": RouteLatencyData
}
