/**
 * Sweeps on the hand-made plan estate (test/twin/plan/fixtures/plan-estate.yaml), where every cell can be
 * worked out by hand: the phase moves gw-1 at 06:20, access at 06:25, gw-2 at 06:30 and runs to 07:00.
 */
import * as NodeServices from "@effect/platform-node/NodeServices"
import { Effect, Layer } from "effect"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"
import { TaskExecutor } from "../../../twin/parallel/executor.ts"
import { statesWithin } from "../../../twin/sweep/columns.ts"
import { TaskMemo } from "../../../twin/parallel/task-memo.ts"
import { loadScenarioRef, ScenarioCache } from "../../../twin/sweep/scenario-cache.ts"
import { runExactTask } from "../../../twin/sweep/sweep-tasks.ts"
import { compoundFaultsOf, randomFaultSets, runSweep, type SweepResult } from "../../../twin/sweep/sweep.ts"
import { explainCell, planCausedCases, worstCases } from "../../../twin/sweep/worst-cases.ts"
import type { FaultMode } from "../../../twin/sweep/sweep.ts"

const small = { path: fileURLToPath(new URL("./fixtures/small-phase.yaml", import.meta.url)), estate: undefined }
const phase1 = { path: fileURLToPath(new URL("../../../scenarios/library/cutover/phase-1-dc2-plane-b.yaml", import.meta.url)), estate: undefined }

const sweep = (refs: ReadonlyArray<typeof small>, mode: FaultMode, layer: Layer.Layer<TaskExecutor>): Promise<SweepResult> =>
  Effect.runPromise(Effect.scoped(runSweep(refs, mode)).pipe(Effect.provide([layer, ScenarioCache.layer]), Effect.provide(NodeServices.layer)))

const loadRef = (ref: typeof small) => Effect.runPromise(loadScenarioRef(ref).pipe(Effect.provide([ScenarioCache.layer, NodeServices.layer])))

const cell = (r: SweepResult, fault: string) => {
  const i = r.faults.findIndex((f) => f.id === fault)
  return i < 0 ? undefined : r.cells[i]![0]!
}

const lookupWindow = { path: fileURLToPath(new URL("./fixtures/lookup-window.yaml", import.meta.url)), estate: undefined }
const carrierBLost = { path: fileURLToPath(new URL("./fixtures/tiny-carrier-b-lost.yaml", import.meta.url)), estate: undefined }
const tinyTwo = ["p1", "p2"].map((p) => ({ path: fileURLToPath(new URL(`./fixtures/tiny-two-phases/${p}.yaml`, import.meta.url)), estate: undefined }))
const row = (r: SweepResult, fault: string) => {
  const i = r.faults.findIndex((f) => f.id === fault)
  return i < 0 ? undefined : { cells: r.cells[i]!.map(counts), baseline: r.baseline[i]!.map(counts) }
}
const counts = (c: SweepResult["cells"][number][number]) => [c.participantsDown, c.minutesDown, c.participantsWeak, c.minutesWeak]

describe("twin sweep", () => {
  it("N-1 of the Lookup Service's elements leaves otp-c without redundancy, never down (issue 13, defect 3)", async () => {
    // closed-until-failover.yaml, 06:00–06:30 (fixtures/lookup-window.yaml). ls-dc1 or its link ls-dc1--r1
    // failing: P1 reaches no Lookup endpoint (ls-dc2 is closed) but P1T1 stays logged on: without
    // redundancy for the 30 minutes (before the fix: down, 30 participant-service minutes down). r1 failing: the
    // Lookup and P1T1's primary ocg-1 lost, ocg-2 left: without redundancy. A circuit failing: the other
    // one still reaches everything (P1-c2 via r2 and r1--r2): the flows lose a circuit they used — without
    // redundancy. pop-a1, pop-b1, r2 and the other links: the same as their circuit, or nothing used.
    const r = await sweep([lookupWindow], { mode: "n-1" }, TaskExecutor.layerInProcess)
    expect(r.columns.map((c) => [c.id, c.from, c.to])).toEqual([["lookup-window", 21_600_000_000, 23_400_000_000]])
    for (const fault of ["ls-dc1", "ls-dc1--r1", "r1"]) {
      expect([fault, cell(r, fault)]).toEqual([
        fault,
        { participantsDown: 0, participantsWeak: 1, services: { "otp-c": { down: 0, weak: 1 } }, minutesDown: 0, minutesWeak: 30, examples: ["P1"] }
      ])
    }
    expect(r.faults.filter((f) => (cell(r, f.id)?.participantsDown ?? 0) > 0)).toEqual([])
  })

  it("N-1 on the small estate: each fault's participants and minutes down, as worked out by hand", async () => {
    const r = await sweep([small], { mode: "n-1" }, TaskExecutor.layerInProcess)
    expect(r.columns.map((c) => [c.id, c.from, c.to])).toEqual([["move-all", 22_800_000_000, 25_200_000_000]])
    // ar-1 carries everything all the time: both participants down the whole 40 minutes.
    expect(cell(r, "ar-1")).toMatchObject({ participantsDown: 2, minutesDown: 80, services: { "otp-c": { down: 2, weak: 0 } } })
    // new-dist-1 matters from 06:25, when ar-1 moved to it: 35 minutes.
    expect(cell(r, "new-dist-1")?.minutesDown).toBe(70)
    // old-dist-1 only while ar-1 is still on it (06:20–06:25); ocg-1 only while it alone is on ar-1's side (06:25–06:30).
    expect(cell(r, "old-dist-1")?.minutesDown).toBe(10)
    expect(cell(r, "ocg-1")?.minutesDown).toBe(10)
    expect(cell(r, "ocg-2")?.minutesDown).toBe(10)
    expect(r.faults.map((f) => f.id).sort()).toEqual([
      "ar-1", "ar-1--new-dist-1", "ar-1--old-dist-1", "new-dist-1", "ocg-1", "ocg-1--new-dist-1", "ocg-2", "ocg-2--old-dist-1", "old-dist-1"
    ])
    expect(worstCases(r)[0]!.explanation).toBe(
      "access-router ar-1 failing through move-all (moving gw-1, access, gw-2); 2 participants lose otp-c (2): 80 participant-service minutes down; e.g. P1, P2; the same with nothing moved: a standing weakness of the estate, not of the plan."
    )
  })

  it("a one-phase sweep compares every fault with the unmoved baseline before calling it a standing weakness", async () => {
    const r = await sweep([small], { mode: "n-1" }, TaskExecutor.layerInProcess)
    const base = (fault: string) => r.baseline[r.faults.findIndex((f) => f.id === fault)]![0]!
    const explain = (fault: string) => explainCell(r, r.faults.findIndex((f) => f.id === fault), 0)
    // Nothing moved, over the same 06:20–07:00 (40 min): ar-1 and both gateways on old-dist-1.
    // ar-1 carries everything, moved or not: both participants down 40 min = 80 participant-service minutes, as in
    // the column — a standing weakness of the estate.
    expect(base("ar-1")).toMatchObject({ participantsDown: 2, minutesDown: 80 })
    // new-dist-1 carries nothing unmoved: it hurts (70 participant-service minutes from 06:25) only because the
    // phase moves ar-1 onto it — the plan's doing, not the estate's.
    expect(base("new-dist-1")).toMatchObject({ participantsDown: 0, participantsWeak: 0, minutesDown: 0 })
    expect(explain("new-dist-1")).toBe(
      "distribution-router new-dist-1 failing through move-all (moving gw-1, access, gw-2); 2 participants lose otp-c (2): 70 participant-service minutes down; e.g. P1, P2; not with nothing moved: the plan's moves expose it."
    )
    // old-dist-1 unmoved carries everything for the whole 40 min (80); in the column only until ar-1 leaves
    // it at 06:25 (10): the plan makes it milder.
    expect(base("old-dist-1")).toMatchObject({ participantsDown: 2, minutesDown: 80 })
    expect(explain("old-dist-1")).toBe(
      "distribution-router old-dist-1 failing through move-all (moving gw-1, access, gw-2); 2 participants lose otp-c (2): 10 participant-service minutes down; e.g. P1, P2; milder than with nothing moved (2 down, 80 participant-service minutes down): the plan's moves change it."
    )
    // Where the plan adds exposure, found in one column against the baseline: every fault that takes both
    // participants down here and nobody with nothing moved — ar-1's new uplink and new-dist-1 (06:25–07:00),
    // each gateway with its one link on ar-1's side while it alone is there (06:25–06:30: ocg-1 on new; at
    // 06:20–06:25 ocg-2 on old is the one) — in the faults' order (worst first, then id); ar-1, old-dist-1
    // and ar-1's old uplink hurt as much or more unmoved, so they are not the plan's doing.
    expect(planCausedCases(r).map((w) => w.fault)).toEqual(["ar-1--new-dist-1", "new-dist-1", "ocg-1", "ocg-1--new-dist-1", "ocg-2", "ocg-2--old-dist-1"])
  })

  it("the N-1 shortcut agrees with the impact engine's exact health for every single fault of the small estate", async () => {
    const r = await sweep([small], { mode: "n-1" }, TaskExecutor.layerInProcess)
    const sets = r.faults.map((f) => ({ id: f.id, links: f.kind === "link" || f.kind === "circuit" ? [f.id] : [], nodes: f.kind === "link" || f.kind === "circuit" ? [] : [f.id] }))
    const { scenario, timeline } = await loadRef(small)
    const windows = statesWithin(timeline, r.columns[0]!.from, r.columns[0]!.to).map((w) => ({ state: timeline.states[w.index]!.state, from: w.from, to: w.to }))
    const exact = runExactTask({ estate: scenario.estateFile, windows, faults: sets }, new TaskMemo())
    expect(exact).toEqual(r.cells.map((row) => row[0]))
  })

  it("N-2 on the small estate keeps only pairs that take down someone neither element takes down alone", async () => {
    const r = await sweep([small], { mode: "n-2" }, TaskExecutor.layerInProcess)
    // Both gateways together: every session down; counted from 06:30, when all three units are on the new
    // side — before that one of the two already takes everyone down alone, so the pair adds nothing.
    expect(cell(r, "ocg-1 + ocg-2")).toMatchObject({ participantsDown: 2, minutesDown: 60 })
    // With nothing moved both gateways sit on old-dist-1 with ar-1 the whole 40 minutes and either alone
    // leaves the other: the pair alone takes both down, 80 participant-service minutes — so it is not the plan's
    // doing, and (60 < 80) milder with the plan, whose 06:20–06:30 the pair adds nothing to.
    const i = r.faults.findIndex((f) => f.id === "ocg-1 + ocg-2")
    expect(r.baseline[i]![0]).toMatchObject({ participantsDown: 2, minutesDown: 80 })
    expect(explainCell(r, i, 0)).toBe(
      "ocg-1 and ocg-2 failing together through move-all (moving gw-1, access, gw-2); 2 participants lose otp-c (2): 60 participant-service minutes down; e.g. P1, P2; milder than with nothing moved (2 down, 80 participant-service minutes down): the plan's moves change it."
    )
    expect(r.faults.every((f) => f.kind === "pair" && f.elements.length === 2)).toBe(true)
  })

  it("a cell counts a participant once, in its worst class: without redundancy for a minute, then down, is down (fixtures/tiny-carrier-b-lost.yaml)", async () => {
    // Worked out in the fixture's header: ca-pop failing leaves P1 without redundancy 06:20–06:21, then down
    // 06:21–07:10 (2 services × 49 min). Before the fix the cell said 0 without redundancy but 2 minutes of it.
    const r = await sweep([carrierBLost], { mode: "n-1" }, TaskExecutor.layerInProcess)
    expect(cell(r, "ca-pop")).toEqual({
      participantsDown: 1,
      participantsWeak: 0,
      services: { "otp-c": { down: 1, weak: 0 }, "omd-c": { down: 1, weak: 0 } },
      minutesDown: 98,
      minutesWeak: 0,
      examples: ["P1"]
    })
    expect(explainCell(r, r.faults.findIndex((f) => f.id === "ca-pop"), 0)).toBe(
      "carrier-pop ca-pop failing through p1 (moving access-dc1-a); 1 participant loses otp-c (1), omd-c (1): 98 participant-service minutes down; e.g. P1; the same with nothing moved: a standing weakness of the estate, not of the plan."
    )
  })

  it("results are identical whatever the number of workers (N-1 of the shipped plan's phase 1, random:6 on the small estate)", async () => {
    const inProcess = await sweep([phase1], { mode: "n-1" }, TaskExecutor.layerInProcess)
    const two = await sweep([phase1], { mode: "n-1" }, TaskExecutor.layerLocalWorkers(2))
    expect(two).toEqual(inProcess)
    expect(inProcess.faults.length).toBeGreaterThan(0)
    const randomOne = await sweep([small], { mode: "random", count: 6, seed: 3 }, TaskExecutor.layerInProcess)
    const randomTwo = await sweep([small], { mode: "random", count: 6, seed: 3 }, TaskExecutor.layerLocalWorkers(2))
    expect(randomTwo).toEqual(randomOne)
  }, 180_000)
})

describe("faults the plan makes harmless are rows too: 0 against their baseline, milder (fixtures/tiny-two-phases)", () => {
  // Worked out in p1.yaml's header: with nothing moved ar-dc1-a's old uplink, old-core-dc1-a and its link to
  // new-core-dc1-a each leave P1 without redundancy (1 participant, 100 participant-service minutes per
  // column); once access-dc1-a is moved they carry nothing. Before the fix none of them was in the sweep.
  const harmless = ["ar-dc1-a--old-core-dc1-a", "old-core-dc1-a", "old-core-dc1-a--new-core-dc1-a"]

  it("N-1: the three are rows, 0 in both columns against 1 without redundancy for 100 minutes", async () => {
    const r = await sweep(tinyTwo, { mode: "n-1" }, TaskExecutor.layerInProcess)
    for (const fault of harmless) expect([fault, row(r, fault)]).toEqual([fault, { cells: [[0, 0, 0, 0], [0, 0, 0, 0]], baseline: [[0, 0, 1, 100], [0, 0, 1, 100]] }])
    // 23 faults with an effect in a column, and these three with nothing moved only.
    expect([r.faultsTried, r.faults.length]).toEqual([36, 26])
    expect(r.faults.slice(-3).map((f) => [f.id, f.kind])).toEqual([["ar-dc1-a--old-core-dc1-a", "link"], ["old-core-dc1-a", "core-router"], ["old-core-dc1-a--new-core-dc1-a", "link"]])
  })

  it("N-2: a pair that takes both participants down with nothing moved and nobody once plane A moved", async () => {
    const r = await sweep(tinyTwo, { mode: "n-2" }, TaskExecutor.layerInProcess)
    // old-core-dc1-a + ar-dc1-b, nothing moved: neither access router reaches the core — P1 and P2 down on
    // omd-c and otp-c for the 50 minutes (200), where either alone takes nobody down. With access-dc1-a moved,
    // ar-dc1-a reaches new-core-dc1-a directly: the pair adds nothing to ar-dc1-b alone.
    expect(row(r, "ar-dc1-b + old-core-dc1-a")).toEqual({ cells: [[0, 0, 0, 0], [0, 0, 0, 0]], baseline: [[2, 200, 0, 0], [2, 200, 0, 0]] })
    expect(row(r, "old-core-dc1-a + old-core-dc1-b")).toEqual({ cells: [[0, 0, 0, 0], [0, 0, 0, 0]], baseline: [[2, 200, 0, 0], [2, 200, 0, 0]] })
  })

  it("random: a compound fault harmful only with nothing moved is kept", async () => {
    const r = await sweep(tinyTwo, { mode: "random", count: 30, seed: 1 }, TaskExecutor.layerInProcess)
    // Drawn with seed 1: old-core-dc1-a with new-core-dc1-a's link to dc2, which alone changes nothing for
    // anyone (not an N-1 row): old-core-dc1-a's effect, with nothing moved only. Before the fix, 26 rows.
    expect(row(r, "new-core-dc1-a--core-dc2 + old-core-dc1-a")).toEqual({ cells: [[0, 0, 0, 0], [0, 0, 0, 0]], baseline: [[0, 0, 1, 100], [0, 0, 1, 100]] })
    expect(r.faults.length).toBe(29)
    expect(r.faultsTried).toBe(30)
  })
})

describe("random:K draws K distinct compound faults", () => {
  // The small OCG-C estate (tiny-monte-carlo.yaml's): 15 core nodes and 14 core links, 29 elements, so
  // C(29,2) + C(29,3) = 406 + 3,654 = 4,060 compound faults exist. Seed 7's first 300 draws hold 272
  // distinct ones (ar-dc1 + otp-c-dc1-1 four times): before the fix random:300 judged 272 and said 300.
  const tiny = { path: fileURLToPath(new URL("./fixtures/tiny-monte-carlo.yaml", import.meta.url)), estate: undefined }

  it("300 of 300 distinct, random:K's sets the first K of random:K+1's, and every one when fewer than K exist", async () => {
    const { scenario } = await loadRef(tiny)
    expect(compoundFaultsOf(29)).toBe(4060)
    const sets = randomFaultSets(scenario.model, 300, 7)
    expect([sets.length, new Set(sets.map((s) => s.id)).size]).toEqual([300, 300])
    expect(randomFaultSets(scenario.model, 50, 7)).toEqual(sets.slice(0, 50))
    const every = randomFaultSets(scenario.model, 5000, 7)
    expect([every.length, new Set(every.map((s) => s.id)).size]).toEqual([4060, 4060])
    expect(every.filter((s) => s.nodes.length + s.links.length === 2).length).toBe(406)
    // Of 0 or 1 element, nothing; of 2, the one pair, however many are asked for (a draw of 3 is the pair).
    expect([compoundFaultsOf(0), compoundFaultsOf(1), compoundFaultsOf(2), compoundFaultsOf(3)]).toEqual([0, 0, 1, 4])
  })
})
