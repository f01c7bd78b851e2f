/**
 * The sweep's sentences (twin/sweep/worst-cases.ts) on a cell worked out by hand: on the shipped plan's
 * phase 1 (06:20–07:10, 50 minutes), carrier PoP cb-pop-2 failing takes down the 64 participants whose
 * every circuit lands there (topology/default-estate.yaml): 61 use otp-c, 28 otp-csc, 51 omd-c, 21 omd-cc,
 * 53 ecp-sftp — 214 participant-services × 50 min = 10,700 participant-service minutes, where 64
 * participants can be down for at most 64 × 50 = 3,200 participant-minutes.
 */
import * as NodeServices from "@effect/platform-node/NodeServices"
import { Effect } from "effect"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"
import { TaskExecutor } from "../../../twin/parallel/executor.ts"
import { noImpact } from "../../../twin/sweep/cell.ts"
import { ScenarioCache } from "../../../twin/sweep/scenario-cache.ts"
import { runSweep, type SweepResult } from "../../../twin/sweep/sweep.ts"
import { explainCell, planCausedCases } from "../../../twin/sweep/worst-cases.ts"

const cbPop2 = {
  participantsDown: 64,
  participantsWeak: 0,
  services: { "otp-c": { down: 61, weak: 0 }, "otp-csc": { down: 28, weak: 0 }, "omd-c": { down: 51, weak: 0 }, "omd-cc": { down: 21, weak: 0 }, "ecp-sftp": { down: 53, weak: 0 } },
  minutesDown: 214 * 50,
  minutesWeak: 0,
  examples: ["P0009"]
}

const result = (baseline: typeof cbPop2 | typeof noImpact): SweepResult => ({
  mode: "n-1",
  scenarios: [{ id: "phase-1-dc2-plane-b", file: "phase-1-dc2-plane-b.yaml" }],
  estate: { name: "default", participants: 640 },
  columns: [{ id: "phase-1-dc2-plane-b", scenario: 0, from: 22_800_000_000, to: 25_800_000_000, moves: ["access-dc2-b"], movedAtStart: 0 }],
  faults: [{ id: "cb-pop-2", kind: "carrier-pop", elements: ["cb-pop-2"] }],
  cells: [[cbPop2]],
  baseline: [[baseline]],
  faultsTried: 1,
  tasks: 1
})

describe("explainCell: the minutes are participant-service minutes", () => {
  it("64 participants down for 50 minutes: 10700 participant-service minutes, not participant-minutes", () => {
    expect(explainCell(result(cbPop2), 0, 0)).toBe(
      "carrier-pop cb-pop-2 failing through phase-1-dc2-plane-b (moving access-dc2-b); 64 participants lose otp-c (61), otp-csc (28), omd-c (51), omd-cc (21), ecp-sftp (53): " +
        "10700 participant-service minutes down; e.g. P0009; the same with nothing moved: a standing weakness of the estate, not of the plan."
    )
  })

  it("the baseline's minutes in the same unit", () => {
    const milder = { ...cbPop2, participantsDown: 1, services: { "otp-c": { down: 1, weak: 0 } }, minutesDown: 50 }
    const r = { ...result(cbPop2), cells: [[milder]] }
    expect(explainCell(r, 0, 0)).toContain("milder than with nothing moved (64 down, 10700 participant-service minutes down)")
    expect(explainCell(r, 0, 0)).toContain("; 1 participant loses otp-c (1): 50 participant-service minutes down;")
  })
})

const twoPhases = ["phase-1", "phase-2"].map((f) => ({ path: fileURLToPath(new URL(`./fixtures/two-phases/${f}.yaml`, import.meta.url)), estate: undefined }))

describe("a column's movedAtStart: the units on the new backbone when it starts", () => {
  it("counts the units moved before the column's first step, not that step's own move", async () => {
    // two-phases: phase 1 (moved: []) starts at 06:20 with its step moving gw-1, phase 2 (moved: [gw-1,
    // gw-2]) at 06:20 with its step moving access. The state at each column's start already holds that
    // step's move, and movedAtStart said 1 and 3.
    const r = await Effect.runPromise(
      Effect.scoped(runSweep(twoPhases, { mode: "n-1" })).pipe(Effect.provide([TaskExecutor.layerInProcess, ScenarioCache.layer]), Effect.provide(NodeServices.layer))
    )
    expect(r.columns.map((c) => [c.id, c.moves, c.movedAtStart])).toEqual([["gateways", ["gw-1", "gw-2"], 0], ["access", ["access"], 2]])
  })
})

describe("planCausedCases: where the plan itself adds exposure", () => {
  it("never a cell that hurts exactly as with nothing moved, which its own sentence calls the estate's", async () => {
    // fixtures/two-phases (plan estate): phase 1 moves gw-1 (06:20) and gw-2 (06:25), phase 2 access; each
    // column 06:20–07:10. ocg-1 and ocg-2 together, through phase 2 (all on the new side): both sessions down
    // 50 min = 100 — as with nothing moved (both gateways with ar-1 on the old side, either alone leaves the
    // other: the pair takes both down, 100). Through phase 1 the pair counts nothing: 06:20–06:25 ocg-2 alone
    // takes everyone down, from 06:25 they are down anyway. So phase 2 is worse than the pair's mildest
    // column (0) — but only because phase 1 is milder than nothing moved; the plan adds nothing in phase 2.
    // It was listed here, with the sentence "the same with nothing moved: a standing weakness of the estate,
    // not of the plan". The pairs with a gateway's new link hurt in phase 2 only, and not with nothing moved.
    const r = await Effect.runPromise(
      Effect.scoped(runSweep(twoPhases, { mode: "n-2" })).pipe(Effect.provide([TaskExecutor.layerInProcess, ScenarioCache.layer]), Effect.provide(NodeServices.layer))
    )
    const pair = r.faults.findIndex((f) => f.id === "ocg-1 + ocg-2")
    expect([r.cells[pair]!.map((c) => c.minutesDown), r.baseline[pair]!.map((c) => c.minutesDown)]).toEqual([[0, 100], [100, 100]])
    expect(planCausedCases(r).map((w) => [w.fault, w.column])).toEqual([
      ["ocg-1 + ocg-2--new-dist-1", "access"],
      ["ocg-1--new-dist-1 + ocg-2", "access"],
      ["ocg-1--new-dist-1 + ocg-2--new-dist-1", "access"]
    ])
    expect(planCausedCases(r).every((w) => !w.explanation.includes("a standing weakness of the estate"))).toBe(true)
  })
})
