/**
 * The planner on the hand-made plan estate (fixtures/plan-estate.yaml), where the best order is known by
 * reasoning: a session works while ar-1 and some gateway are on the same side, so moving access first or
 * both gateways before access takes every session down; gw-1, access, gw-2 never does.
 */
import * as NodeServices from "@effect/platform-node/NodeServices"
import { Effect, Result } from "effect"
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"
import { catalogues } from "../../../scenarios/catalogues.ts"
import { loadScenario } from "../../../scenarios/load.ts"
import { phaseInTradingHours, sessionsOfDay } from "../../../scenarios/trading-hours.ts"
import { renderInputInvalid } from "../../../topology/input-issue.ts"
import { defaultEstatePath } from "../../../topology/load.ts"
import { TaskExecutor } from "../../../twin/parallel/executor.ts"
import { TaskMemo } from "../../../twin/parallel/task-memo.ts"
import { buildProblem, type ConstraintsFile, parseConstraintsFile, unitSite } from "../../../twin/plan/constraints.ts"
import { estateModel } from "../../../twin/plan/estate-model.ts"
import { runStateTask } from "../../../twin/plan/plan-tasks.ts"
import { bestGrouping } from "../../../twin/plan/score.ts"
import { searchPlans } from "../../../twin/plan/search.ts"
import { writePlanScenarios } from "../../../twin/plan/write-scenarios.ts"

const estate = fileURLToPath(new URL("./fixtures/plan-estate.yaml", import.meta.url))

const loadModel = (path: string) => Effect.runPromise(estateModel(path).pipe(Effect.provide(NodeServices.layer)))

const plan = async (constraints: ConstraintsFile | undefined, maxPhases?: number) => {
  const model = await loadModel(estate)
  const problem = Result.getOrThrow(buildProblem({ model, unitsFile: undefined, constraintsFile: constraints === undefined ? undefined : { name: "c.yaml", value: constraints }, maxPhases }))
  return Effect.runPromise(searchPlans(problem, { estate, model }).pipe(Effect.provide(TaskExecutor.layerInProcess)))
}

const phases = (p: { phases: ReadonlyArray<{ units: ReadonlyArray<string> }> }) => p.phases.map((x) => [...x.units])

describe("twin plan", () => {
  it("finds the order known by reasoning: one window, gw-1, access, gw-2", async () => {
    const r = await plan(undefined)
    expect(r.method).toBe("exhaustive")
    expect(r.ordersScored).toBe(6)
    expect(r.statesEvaluated).toBe(7)
    expect(phases(r.plans[0]!)).toEqual([["gw-1", "access", "gw-2"]])
    // One window (25) and the access step's convergence: ar-1's uplinks out for 1 s reach no gateway, both
    // sessions down, counted ten times: 10 × 2 × 1/3600 h. Its rollback moves access back too, so P1 and
    // P2 are down again while it converges: 10 × 2. Every plan pays that in the window that holds access.
    expect(r.plans[0]!.cost).toBeCloseTo(25 + 10 * 2 + (10 * 2) / 3600, 12)
    expect(r.plans[0]!.phases[0]!.rollbackDown).toBe(2)
    expect(phases(r.plans[1]!)).toEqual([["gw-1"], ["access", "gw-2"]])
    expect(r.plans[1]!.cost).toBeCloseTo(50 + 10 * 2 + (10 * 2) / 3600, 12)
  })

  it("scores a risky order: access first leaves both sessions down for its 5-minute step, counted ten times", async () => {
    const model = await loadModel(estate)
    const problem = Result.getOrThrow(buildProblem({ model, unitsFile: undefined, constraintsFile: undefined, maxPhases: 1 }))
    const order = ["access", "gw-1", "gw-2"]
    const memo = new TaskMemo()
    const states = await Promise.all(order.map((_, k) => runStateTask({ estate, base: [], moved: order.slice(0, k + 1) }, memo)))
    expect(states.map((m) => [m.worseSlots, m.downSlots])).toEqual([[2, 2], [0, 0], [0, 0]])
    const [risky] = bestGrouping(problem, order, (k) => states[k - 1]!)
    expect(risky!.phases[0]!.downHours).toBeCloseTo((2 * 5) / 60, 10)
    expect(risky!.phases[0]!.exposureHours).toBeCloseTo((10 * 2 * 5) / 60, 10)
    expect(risky!.cost).toBeCloseTo(25 + (10 * 2 * 5) / 60, 10)
  })

  it("honours before/after and apart rules", async () => {
    const ordered = await plan({ constraints: [{ before: ["gw-2"], after: ["gw-1"] }] })
    for (const p of ordered.plans) {
      const at = (u: string) => p.phases.findIndex((x) => x.units.includes(u))
      expect(at("gw-2")).toBeLessThan(at("gw-1"))
    }
    expect(ordered.plans[0]!.cost).toBeCloseTo(50 + 10 * 2 + (10 * 2) / 3600, 12)
    const apart = await plan({ constraints: [{ apart: ["gw-1", "gw-2"] }] })
    expect(apart.plans.every((p) => p.phases.every((x) => !(x.units.includes("gw-1") && x.units.includes("gw-2"))))).toBe(true)
    expect(apart.plans[0]!.cost).toBeCloseTo(50 + 10 * 2 + (10 * 2) / 3600, 12)
    // Only the access step's second of convergence is exposure.
    expect(apart.plans[0]!.phases.map((x) => x.exposureHours * 3600)).toEqual(apart.plans[0]!.phases.map((x) => (x.units.includes("access") ? 20 : 0)))
  })

  it("names the conflict of infeasible rules", async () => {
    const model = await loadModel(estate)
    const cyclic = buildProblem({
      model,
      unitsFile: undefined,
      constraintsFile: { name: "c.yaml", value: { constraints: [{ before: ["gw-1"], after: ["access"] }, { before: ["access"], after: ["gw-1"] }] } },
      maxPhases: undefined
    })
    expect(Result.isFailure(cyclic) && renderInputInvalid(cyclic.failure)).toEqual([
      "c.yaml:constraints: expected rules some order of the units satisfies, got a cycle: gw-1 before access by constraints[0] (before/after), access before gw-1 by constraints[1] (before/after)"
    ])
    const tooFew = buildProblem({ model, unitsFile: undefined, constraintsFile: { name: "c.yaml", value: { constraints: [{ before: ["gw-1"], after: ["access"] }, { before: ["access"], after: ["gw-2"] }] } }, maxPhases: 2 })
    expect(Result.isFailure(tooFew) && renderInputInvalid(tooFew.failure)).toEqual([
      "--max-phases: expected at least 3 phases for the chain gw-1 → access → gw-2 (c.yaml), got 2"
    ])
    const unknown = Result.getOrThrow(parseConstraintsFile("c.yaml", "constraints:\n  - {apart: [gw-1, gw-9]}\n"))
    const bad = buildProblem({ model, unitsFile: undefined, constraintsFile: { name: "c.yaml", value: unknown }, maxPhases: undefined })
    expect(Result.isFailure(bad) && renderInputInvalid(bad.failure)).toEqual(['c.yaml:constraints[0].apart[1]: expected a unit of the plan, got "gw-9"'])
    // Apart in one window: no grouping exists, the search returns none (the CLI says so).
    expect((await plan({ constraints: [{ apart: ["gw-1", "gw-2"] }] }, 1)).plans).toEqual([])
  })

  it("the secondary site first: units wholly at dc2 come before the rest on the default estate", async () => {
    const model = await loadModel(defaultEstatePath)
    expect(["access-dc2-b", "inter-dc-a", "ocg-dc1"].map((u) => unitSite(model, u))).toEqual(["secondary", "both", "primary"])
    const problem = Result.getOrThrow(buildProblem({
      model,
      unitsFile: { name: "u.yaml", value: { units: ["ocg-dc1", "access-dc2-b", "inter-dc-a"] } },
      constraintsFile: { name: "c.yaml", value: { constraints: [{ secondarySiteFirst: true }] } },
      maxPhases: undefined
    }))
    expect(problem.precedence.map((p) => `${p.first}→${p.then}`)).toEqual(["access-dc2-b→ocg-dc1", "access-dc2-b→inter-dc-a"])
  })

  it("writes the best plan as scenarios twin run accepts", async () => {
    const r = await plan({ constraints: [{ apart: ["gw-1", "gw-2"] }] })
    const dir = mkdtempSync(join(tmpdir(), "plan-"))
    const { files } = await Effect.runPromise(writePlanScenarios(r.plans[0]!, { outDir: dir, estate, base: [] }).pipe(Effect.provide(NodeServices.layer)))
    expect(files.length).toBe(2)
    const second = await Effect.runPromise(loadScenario(files[1]!, { catalogues }).pipe(Effect.provide(NodeServices.layer)))
    expect(second.moved).toEqual([...r.plans[0]!.phases[0]!.units])
    expect(second.phases[0]!.steps.map((s) => s.move)).toEqual(r.plans[0]!.phases[1]!.units.map((u) => [u]))
    expect(readFileSync(files[0]!, "utf8")).toContain("rollback: {when: post-check-fails, cutoff: \"07:10\", takes: 5m}")
    // Its windows are Saturday-morning rehearsal days: no trading session, so no step or rollback in one.
    const scenarios = await Promise.all(files.map((f) => Effect.runPromise(loadScenario(f, { catalogues }).pipe(Effect.provide(NodeServices.layer)))))
    expect(scenarios.map((s) => [s.date, s.day, sessionsOfDay(s).length])).toEqual([["2027-01-09", "rehearsal", 0], ["2027-01-16", "rehearsal", 0]])
    expect(scenarios.flatMap((s) => s.phases.flatMap((p) => phaseInTradingHours({ ...s, day: "trading-day", date: undefined }, p)))).toEqual([])
  })

  it("writing a plan over a longer one leaves none of the longer plan's phases behind", async () => {
    // apart gw-1, gw-2: two phases ([gw-1] → [access, gw-2]); without rules: one ([gw-1, access, gw-2]). The
    // folder held planned-phase-2.yaml of the first after the second was written, and the runbook read from
    // it had a second window moving access and gw-2 again.
    const dir = mkdtempSync(join(tmpdir(), "plan-"))
    const write = (p: Parameters<typeof writePlanScenarios>[0]) => Effect.runPromise(writePlanScenarios(p, { outDir: dir, estate, base: [] }).pipe(Effect.provide(NodeServices.layer)))
    await write((await plan({ constraints: [{ apart: ["gw-1", "gw-2"] }] })).plans[0]!)
    writeFileSync(join(dir, "notes.yaml"), "not twin plan's\n")
    expect(readdirSync(dir).sort()).toEqual(["notes.yaml", "planned-phase-1.yaml", "planned-phase-2.yaml"])
    await write((await plan(undefined)).plans[0]!)
    expect(readdirSync(dir).sort()).toEqual(["notes.yaml", "planned-phase-1.yaml"])
  })

  it("gives the same plans on two worker threads as in this thread", async () => {
    const model = await loadModel(estate)
    const problem = Result.getOrThrow(buildProblem({ model, unitsFile: undefined, constraintsFile: undefined, maxPhases: undefined }))
    const two = await Effect.runPromise(Effect.scoped(searchPlans(problem, { estate })).pipe(Effect.provide(TaskExecutor.layerLocalWorkers(2))))
    expect(two).toEqual(await plan(undefined))
  }, 60_000)
})

describe("the planner's state metrics and the Lookup Service (issue 13, defect 3)", () => {
  it("a Lookup element's failure is no loss of service: closed-until-failover.yaml has no element that takes P1's trading down", async () => {
    const { analyse, stateMetrics } = await import("../../../twin/plan/state-metrics.ts")
    const model = await loadModel(fileURLToPath(new URL("../../topology/analysis/closed-until-failover.yaml", import.meta.url)))
    const a = analyse(model, [])
    // r1, ls-dc1 and ls-dc1--r1 each cut P1 off its only open Lookup endpoint (ls-dc2 is closed), but P1T1
    // stays logged on (to ocg-2 at worst): nobody loses a service (before the fix: r1, ls-dc1 and ls-dc1--r1
    // each counted 1 participant down).
    expect([...a.downBy]).toEqual([])
    expect(stateMetrics(a, a).worstN1).toEqual({ element: "", participants: 0 })
  })
})
