/**
 * The planner learns the A/B rule from the impact engine's view of a move (twin/plan/transit.ts): a unit
 * is out of service while routing converges, so a phase holding line A and line B cannot be rolled back
 * (every unit back at one instant) without a dual-line outage. On the lines estate
 * (test/twin/impact/fixtures/lines-estate.yaml: P1, P2, P3 take OMD-C SS, line A from pub-a, line B from
 * pub-b, each publisher's link a unit) worked out by hand:
 *   - line-a converging alone (in any state): line B still reaches everyone → nobody down; likewise line-b.
 *   - both converging together: no line → P1, P2, P3 lose omd-c: 3 participant-services.
 *   - one window [line-a, line-b]: steps take nobody down; its rollback takes P1, P2, P3 down (neither
 *     unit does alone) → cost 25 + 10 × 3 = 55.
 *   - two windows [line-a] → [line-b]: 2 × 25 = 50, the best plan, with no rule given.
 */
import * as NodeServices from "@effect/platform-node/NodeServices"
import { Effect, Result } from "effect"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"
import { TaskExecutor } from "../../../twin/parallel/executor.ts"
import { buildProblem } from "../../../twin/plan/constraints.ts"
import { estateModel } from "../../../twin/plan/estate-model.ts"
import { planReasons } from "../../../twin/plan/reasons.ts"
import { bestGrouping, compareScores, rankOf } from "../../../twin/plan/score.ts"
import { searchPlans } from "../../../twin/plan/search.ts"
import type { StateMetrics } from "../../../twin/plan/state-metrics.ts"
import { Transit } from "../../../twin/plan/transit.ts"

const lines = fileURLToPath(new URL("../impact/fixtures/lines-estate.yaml", import.meta.url))
const loadModel = (path: string) => Effect.runPromise(estateModel(path).pipe(Effect.provide(NodeServices.layer)))

describe("the planner and the convergence of moves", () => {
  it("counts who a step's or a rollback's convergence takes down (transit.ts)", async () => {
    // Each call names the state once the change has happened (every unit on the new backbone) and the units it changes.
    const transit = new Transit(await loadModel(lines), [])
    expect(transit.step(["line-a"], ["line-a"])).toBe(0)
    expect(transit.step(["line-a", "line-b"], ["line-b"])).toBe(0)
    // Both lines in one step: 3 participant-services down (the broken-plan drill's shape).
    expect(transit.step(["line-a", "line-b"], ["line-a", "line-b"])).toBe(3)
    // A planned fall-back of both at once is the same outage (the state after it: neither moved).
    expect(transit.step([], ["line-a", "line-b"])).toBe(3)
    expect(transit.rollback(["line-a", "line-b"], ["line-a", "line-b"])).toEqual({ down: 3, participants: ["P1", "P2", "P3"] })
    expect(transit.rollback(["line-a"], ["line-a"])).toEqual({ down: 0, participants: [] })
    // Nothing left on the new backbone to roll back (both fallen back already): nothing converges.
    expect(transit.rollback([], [])).toEqual({ down: 0, participants: [] })
  })

  it("keeps line A and line B apart with no rule given: two windows (50) beat one that cannot be rolled back safely (55)", async () => {
    const model = await loadModel(lines)
    const problem = Result.getOrThrow(buildProblem({ model, unitsFile: undefined, constraintsFile: undefined, maxPhases: undefined }))
    const r = await Effect.runPromise(searchPlans(problem, { estate: lines, model }).pipe(Effect.provide(TaskExecutor.layerInProcess)))
    expect(r.plans.map((p) => [p.phases.map((x) => [...x.units]), p.cost])).toEqual([
      [[["line-a"], ["line-b"]], 50],
      [[["line-b"], ["line-a"]], 50],
      [[["line-a", "line-b"]], 55]
    ])
    expect(r.plans[2]!.phases[0]!.rollbackDown).toBe(3)
    expect(planReasons(r.plans[2]!)).toEqual([
      "cost 55 = exposure 0 + 10 × 0 participants a phase's worst single fault takes down beyond the worst before the plan + 10 × 3 participant-services a rollback takes down (units converging together) + 25 × 1 windows",
      "phase 1: line-a, line-b — nobody worse off while in flight; no single fault takes down more than before the plan; its rollback (every unit back at once) takes down 3 participant-services while they converge together"
    ])
    // Convergence ignored (0 s): the one window is the best again, as before issue 15.
    const settled = await Effect.runPromise(searchPlans(problem, { estate: lines, model, convergence: 0 }).pipe(Effect.provide(TaskExecutor.layerInProcess)))
    expect(settled.plans[0]!.phases.map((x) => [...x.units])).toEqual([["line-a", "line-b"]])
    expect(settled.plans[0]!.cost).toBe(25)
  })
})

describe("ties are broken by exposure, not only by the number of windows", () => {
  it("of two plans costing 60, the one with less exposure ranks first", async () => {
    // Synthetic states: {x}: 15 participant-services worse (no one down), no new single-fault loss;
    // {y}: nobody worse, the worst single fault takes down 1 more participant; {x, y}: nothing.
    // One unit per phase (maxUnitsPerPhase 1), so each state lasts the whole 40 minutes in flight:
    //   [x] → [y]: exposure 15 × 40/60 = 10, N-1 0 + 0 → cost 50 + 10 = 60
    //   [y] → [x]: exposure 0, N-1 1 (×10) + 0 → cost 50 + 10 = 60
    // Same cost and windows: [y] → [x] first (less exposure), though x comes first in the input.
    const m = (worseSlots: number, n1: number): StateMetrics => ({ worseSlots, downSlots: 0, worstN1: { element: n1 > 0 ? "core-1" : "", participants: n1 } })
    const states: Record<string, StateMetrics> = { x: m(15, 0), y: m(0, 1), "x,y": m(0, 0) }
    const problem = { units: ["x", "y"], base: [], apart: [], precedence: [], maxPhases: 2, maxPerPhase: 1 }
    const plans = [["x", "y"], ["y", "x"]].flatMap((order) => bestGrouping(problem, order, (k) => states[[...order.slice(0, k)].sort().join(",")]!))
    expect(plans.map((p) => [p.phases.map((x) => x.units.join()).join(" → "), p.cost, rankOf(p).exposureHours])).toEqual([["x → y", 60, 10], ["y → x", 60, 0]])
    const ranked = [...plans].sort((a, b) => compareScores(rankOf(a), rankOf(b)) || a.phases.length - b.phases.length)
    expect(ranked.map((p) => p.phases.map((x) => x.units.join()).join(" → "))).toEqual(["y → x", "x → y"])
    // The N-1 loss lasts 40 minutes for 1 participant: 2/3 participant-hours at risk.
    expect(rankOf(plans[1]!).atRiskHours).toBeCloseTo(40 / 60, 12)
  })
})
