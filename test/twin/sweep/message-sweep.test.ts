/**
 * The Monte Carlo through the message engine (twin/sweep/message/) on the small OCG-C estate
 * (fixtures/tiny-monte-carlo.yaml: three faults to draw from, two checks, 09:00–09:20).
 */
import * as NodeServices from "@effect/platform-node/NodeServices"
import { Effect, type Layer } from "effect"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"
import { catalogues } from "../../../scenarios/catalogues.ts"
import { loadScenario } from "../../../scenarios/load.ts"
import { runScenario } from "../../../scenarios/run.ts"
import type { Scenario } from "../../../scenarios/scenario.ts"
import { TaskExecutor } from "../../../twin/parallel/executor.ts"
import { drawFaults } from "../../../twin/sweep/message/draws.ts"
import { renderMessageChecksCsv, renderMessageParticipantsCsv } from "../../../twin/sweep/message/message-csv.ts"
import { renderMessageTable } from "../../../twin/sweep/message/message-table.ts"
import { foldOutcomes, type MessageSweepResult, runMessageSweep } from "../../../twin/sweep/message/message-sweep.ts"
import { checkLabel } from "../../../twin/sweep/message/run-task.ts"
import { wilson } from "../../../twin/sweep/message/wilson.ts"

const fixture = fileURLToPath(new URL("./fixtures/tiny-monte-carlo.yaml", import.meta.url))
const load = (seed?: number): Promise<Scenario> => Effect.runPromise(loadScenario(fixture, { catalogues, seed }).pipe(Effect.provide(NodeServices.layer)))
const sweep = (scenario: Scenario, layer: Layer.Layer<TaskExecutor>, count = 4, seeds = 2): Promise<MessageSweepResult> =>
  Effect.runPromise(Effect.scoped(runMessageSweep(scenario, fixture, { count, seed: scenario.seed, seeds, estate: undefined })).pipe(Effect.provide(layer)))

const S = 1_000_000
const at = (h: number, m: number, s = 0) => ((h * 60 + m) * 60 + s) * S

describe("fault draws", () => {
  const window = { from: at(9, 0), to: at(9, 20) }
  const catalogue = [
    { id: "a", kind: "node-crash", start: at(9, 5), end: at(9, 9) }, // 4 min as written
    { id: "b", kind: "link-down", start: at(9, 5), end: undefined } // to the end of the window: 15 min
  ]

  it("each draw lasts between a minute and the fault's own length, in whole seconds, inside the window", () => {
    const draws = drawFaults(catalogue, window, 200, 7)
    for (const d of draws) {
      const own = d.faultId === "a" ? 4 * 60 * S : 15 * 60 * S
      expect(d.end - d.start).toBeGreaterThanOrEqual(60 * S)
      expect(d.end - d.start).toBeLessThanOrEqual(own)
      expect(d.start % S).toBe(0)
      expect(d.end % S).toBe(0)
      expect(d.start).toBeGreaterThanOrEqual(window.from)
      expect(d.end).toBeLessThanOrEqual(window.to)
    }
    // Both faults are drawn (uniformly: 200 draws leave neither out) and draws are numbered from 1.
    expect(new Set(draws.map((d) => d.faultId))).toEqual(new Set(["a", "b"]))
    expect(draws.map((d) => d.id).slice(0, 3)).toEqual(["draw-1", "draw-2", "draw-3"])
  })

  it("is the same for the same seed, draw k does not depend on K, and another seed draws otherwise", () => {
    expect(drawFaults(catalogue, window, 5, 7)).toEqual(drawFaults(catalogue, window, 200, 7).slice(0, 5))
    expect(drawFaults(catalogue, window, 5, 8)).not.toEqual(drawFaults(catalogue, window, 5, 7))
  })

  it("pins what has one value: a 1-minute fault lasts 1 minute; in a 1-minute window it starts at the window's start", () => {
    // Length in [min(60 s, 60 s), 60 s] = 60 s; start in [09:00, 09:01 − 60 s] = 09:00 exactly.
    const one = [{ id: "x", kind: "node-crash", start: at(9, 0), end: at(9, 1) }]
    expect(drawFaults(one, { from: at(9, 0), to: at(9, 1) }, 3, 1).map((d) => [d.start, d.end])).toEqual([[at(9, 0), at(9, 1)], [at(9, 0), at(9, 1)], [at(9, 0), at(9, 1)]])
    // A 30-second fault is never made longer: [min(60 s, 30 s), 30 s] = exactly 30 s.
    const short = [{ id: "y", kind: "node-crash", start: at(9, 2), end: at(9, 2, 30) }]
    expect(drawFaults(short, window, 10, 3).every((d) => d.end - d.start === 30 * S)).toBe(true)
  })
})

describe("wilson", () => {
  it("gives the 95 % score interval", () => {
    // 2 of 8: p = 0.25, z² = 3.8416, 1 + z²/n = 1.4802; centre (0.25 + 0.2401) / 1.4802 = 0.331104;
    // half 1.96 · √(0.1875/8 + 3.8416/256) / 1.4802 = 1.96 · 0.196071 / 1.4802 = 0.259627 → [0.071477, 0.590731].
    const i = wilson(2, 8)
    expect(i.low).toBeCloseTo(0.071477, 5)
    expect(i.high).toBeCloseTo(0.590731, 5)
    // 0 of 8: centre = half = (z²/16) / 1.4802 = 0.2401 / 1.4802 = 0.162208 → [0, 0.324416]; 8 of 8 mirrors it.
    expect(wilson(0, 8).low).toBe(0)
    expect(wilson(0, 8).high).toBeCloseTo(0.324416, 5)
    expect(wilson(8, 8).low).toBeCloseTo(1 - 0.324416, 5)
    expect(wilson(8, 8).high).toBe(1)
  })
})

describe("folding the outcomes", () => {
  it("counts pass rates per check over the draws, ranks participants, bins each run's outage minutes", async () => {
    const scenario = await load()
    const draws = drawFaults([{ id: "f", kind: "node-crash", start: at(9, 5), end: at(9, 9) }], scenario.window, 2, 1)
    const M = 60 * S
    // Four runs (2 draws × seeds 1, 2). Outage minutes per run: 0; 0.5; 3 + 2 = 5; 70.
    const r = foldOutcomes(scenario, "random:2", draws, [1, 2], [
      { verdict: "pass", verdicts: [["c1", "pass"], ["ph/c2", "pass"]], down: [] },
      { verdict: "fail", verdicts: [["c1", "fail"], ["ph/c2", "pass"]], down: [["P2", 0.5 * M]] },
      { verdict: "fail", verdicts: [["c1", "fail"]], down: [["P1", 3 * M], ["P2", 2 * M]] },
      { verdict: "fail", verdicts: [["c1", "fail"], ["ph/c2", "fail"]], down: [["P1", 70 * M]] }
    ])
    // c1: draw 1 passes 1 of 2 runs (split), draw 2 0 of 2 → rate (0.5 + 0) / 2 = 0.25 over 2 draws; Wilson
    // with n = 2, p = 0.25: 1 + z²/2 = 2.9208, centre (0.25 + 0.9604) / 2.9208 = 0.414407, half
    // 1.96 · √(0.09375 + 0.2401) / 2.9208 = 0.387731 → [0.026677, 0.802137]. ph/c2: draw 1 2 of 2, draw 2
    // judged it once and failed (0 of 1) → rate 0.5 (not 2/3: a draw is one trial however many runs judged
    // it); p = 0.5, n = 2 → [0.094529, 0.905471].
    expect(r.checks.map((c) => [c.check, c.passes, c.runs, c.draws, c.drawsDisagreeing, c.rate])).toEqual([["c1", 1, 4, 2, 1, 0.25], ["ph/c2", 2, 3, 2, 0, 0.5]])
    expect(r.checks[0]!.low).toBeCloseTo(0.026677, 5)
    expect(r.checks[0]!.high).toBeCloseTo(0.802137, 5)
    expect(r.checks[1]!.low).toBeCloseTo(0.094529, 5)
    expect(r.checks[1]!.high).toBeCloseTo(0.905471, 5)
    expect([r.overall.passes, r.overall.runs, r.overall.draws, r.overall.drawsDisagreeing, r.overall.rate]).toEqual([1, 4, 2, 1, 0.25])
    // P1 down in 2 runs (73 min), P2 in 2 (2.5 min): same runs, more minutes first; each with the draw and
    // seed of their longest run (P1's 70 min: draw-2 seed 2; P2's 2 min: draw-2 seed 1).
    expect(r.worst).toEqual([
      { participant: "P1", runsDown: 2, minutesDown: 73, worstRunMinutes: 70, worstRunDraw: "draw-2", worstRunSeed: 2 },
      { participant: "P2", runsDown: 2, minutesDown: 2.5, worstRunMinutes: 2, worstRunDraw: "draw-2", worstRunSeed: 1 }
    ])
    expect([r.participants, r.worstTied]).toEqual([r.worst, 0])
    // 0 → "0"; 0.5 → 0–1; 5 → 1–5 (at most 5); 70 → > 60.
    expect(r.histogram.map((b) => [b.label, b.runs])).toEqual([["0", 1], ["0–1", 1], ["1–5", 1], ["5–15", 0], ["15–60", 0], ["> 60", 1]])
    expect(r.runs.map((x) => [x.draw, x.seed, x.outageMinutes])).toEqual([["draw-1", 1, 0], ["draw-1", 2, 0.5], ["draw-2", 1, 5], ["draw-2", 2, 70]])
    expect(renderMessageChecksCsv(r)).toBe(
      "check,runs,passes,draws,draws_disagreeing,pass_rate,low_95,high_95\r\nall checks,4,1,2,1,0.25,0.0267,0.8021\r\nc1,4,1,2,1,0.25,0.0267,0.8021\r\nph/c2,3,2,2,0,0.5,0.0945,0.9055\r\n"
    )
    expect(renderMessageParticipantsCsv(r)).toBe(
      "participant,runs_down,minutes_down,worst_run_minutes,worst_run_draw,worst_run_seed\r\nP1,2,73,70,draw-2,2\r\nP2,2,2.5,2,draw-2,1\r\n"
    )
  })

  it("a draw's runs are one trial: 1 draw × 3 identical passing runs is [20.7 %, 100 %], as 1 × 1; 1 × 20 failing is [0, 79.3 %]", async () => {
    const scenario = await load()
    const draws = (k: number) => drawFaults([{ id: "f", kind: "node-crash", start: at(9, 5), end: at(9, 9) }], scenario.window, k, 1)
    const runs = (n: number, verdict: "pass" | "fail") => Array.from({ length: n }, () => ({ verdict, verdicts: [["c", verdict]] as Array<readonly [string, "pass" | "fail"]>, down: [] }))
    // Wilson, n = 1, p = 1: 1 + z² = 4.8416, centre (1 + 1.9208) / 4.8416 = 0.603272, half 1.96 · 0.98 / 4.8416
    // = 0.396728 → [0.206544, 1]; p = 0 mirrors it: [0, 0.793456]. Before: 3 of 3 runs, [0.438494, 1];
    // 0 of 20 runs, [0, 0.161130] (the audit's gateway crash and pop-b, seeds that changed nothing).
    const three = foldOutcomes(scenario, "random:1", draws(1), [1, 2, 3], runs(3, "pass"))
    const one = foldOutcomes(scenario, "random:1", draws(1), [1], runs(1, "pass"))
    expect([three.overall.passes, three.overall.runs, three.overall.draws, three.overall.rate, three.overall.high]).toEqual([3, 3, 1, 1, 1])
    expect(three.overall.low).toBeCloseTo(0.206544, 5)
    expect([three.overall.low, three.overall.high]).toEqual([one.overall.low, one.overall.high])
    const failing = foldOutcomes(scenario, "random:1", draws(1), Array.from({ length: 20 }, (_, n) => 4 + n), runs(20, "fail"))
    expect([failing.checks[0]!.passes, failing.checks[0]!.runs, failing.checks[0]!.low]).toEqual([0, 20, 0])
    expect(failing.checks[0]!.high).toBeCloseTo(0.793457, 5)
    // 20 draws × 1 seed, 9 passing: the binomial interval of 9 of 20, [0.258195, 0.657918], as before.
    const twenty = foldOutcomes(scenario, "random:20", draws(20), [1], [...runs(9, "pass"), ...runs(11, "fail")])
    expect([twenty.overall.draws, twenty.overall.rate]).toEqual([20, 0.45])
    expect(twenty.overall.low).toBeCloseTo(0.258195, 5)
    expect(twenty.overall.high).toBeCloseTo(0.657918, 5)
    const table = renderMessageTable(three).join("\n")
    expect(table).toContain("all checks      3/3 runs  100.0 %  [20.7 %, 100.0 %] over 1 draw, 0 of 1 split")
  })

  it("participants who tie as shown are ranked by id, and the table says how many more tie with the tenth", async () => {
    const scenario = await load()
    const draws = drawFaults([{ id: "f", kind: "node-crash", start: at(9, 5), end: at(9, 9) }], scenario.window, 1, 1)
    const M = 60 * S
    // 1 draw × 3 seeds; P01…P13 down 1.65 min in every run, P13 by 0.3 ms more (the audit's 204-way tie:
    // the ten listed won by a fraction of a millisecond); Q down 1.6 min, in one run only. Run 3 is the
    // longest for everybody (+1 µs), so each one's worst run is draw-1 seed 12.
    const ids = Array.from({ length: 13 }, (_, i) => `P${String(i + 1).padStart(2, "0")}`)
    const run = (extra: number) => ({ verdict: "fail" as const, verdicts: [], down: ids.map((p) => [p, 1.65 * M + extra + (p === "P13" ? 300 : 0)] as const) })
    const r = foldOutcomes(scenario, "random:1", draws, [10, 11, 12], [run(0), run(0), { ...run(1), down: [...run(1).down, ["Q", 1.6 * M] as const] }])
    // 4.95 min in all each (P13 4.95001): shown as 5.0, so ranked by id — P01…P10 listed, P11, P12, P13 tie.
    expect(r.worst.map((w) => w.participant)).toEqual(ids.slice(0, 10))
    expect(r.worstTied).toBe(3)
    expect(r.participants.map((w) => w.participant)).toEqual([...ids, "Q"])
    expect(r.worst.every((w) => w.runsDown === 3 && w.worstRunDraw === "draw-1" && w.worstRunSeed === 12)).toBe(true)
    const table = renderMessageTable(r)
    expect(table).toContain("Worst participants of 14 down in some run (runs down, minutes down in all, worst run: minutes, draw, seed):")
    expect(table).toContain("  P01             3       5.0 min      1.7 min  draw-1 seed 12")
    expect(table).toContain("  … and 3 more with 3 runs down, 5.0 min in all, as the last above (ties in participant order; everyone in participants.csv)")
  })
})

describe("twin sweep --engine message", () => {
  it("K × N full runs, each as the message engine judges the scenario with that one fault at that time, the same in-process and on two workers", async () => {
    const scenario = await load()
    const inProcess = await sweep(scenario, TaskExecutor.layerInProcess)
    const pooled = await sweep(scenario, TaskExecutor.layerLocalWorkers(2))
    expect(pooled).toEqual(inProcess)
    expect(inProcess.runs.length).toBe(8)
    expect(inProcess.seeds).toEqual([4, 5])
    expect(inProcess.draws.map((d) => d.id)).toEqual(["draw-1", "draw-2", "draw-3", "draw-4"])
    // Each run against the engine run directly: the scenario at that seed with only the drawn fault, retimed.
    for (const [i, run] of inProcess.runs.entries()) {
      const d = inProcess.draws[Math.floor(i / 2)]!
      const base = await load(run.seed)
      const fault = { ...base.faults[d.fault]!, start: d.start, end: d.end }
      const report = runScenario({ ...base, faults: [fault] }, { trace: { write: () => {} } })
      expect(run.verdict).toBe(report.verdict)
      expect(run.failed).toEqual(report.checks.filter((c) => c.verdict === "fail").map(checkLabel))
      const down = new Map<string, number>()
      for (const a of report.affected) if (a.time.down > 0) down.set(a.participant, Math.max(down.get(a.participant) ?? 0, a.time.down / 60e6))
      expect(run.down).toEqual([...down].sort())
      expect(run.outageMinutes).toBeCloseTo([...down.values()].reduce((a, b) => a + b, 0), 9)
    }
    // The tallies are the runs': every check judged in every run, passes counted from the runs' verdicts.
    for (const c of inProcess.checks) {
      expect(c.runs).toBe(8)
      expect(c.passes).toBe(inProcess.runs.filter((r) => !r.failed.includes(c.check)).length)
    }
    // pop-b (cb-pop) takes down P2 alone, the others P1 alone (P1 on carrier A behind ocg-dc1-01).
    for (const [i, run] of inProcess.runs.entries()) {
      const d = inProcess.draws[Math.floor(i / 2)]!
      for (const [p] of run.down) expect(p).toBe(d.faultId === "pop-b" ? "P2" : "P1")
    }
  })

  it("refuses a scenario with no faults to draw from", async () => {
    const scenario = await load()
    const none = { ...scenario, faults: [] }
    const error = await Effect.runPromise(Effect.flip(Effect.scoped(runMessageSweep(none, fixture, { count: 1, seed: 1, seeds: 1, estate: undefined })).pipe(Effect.provide(TaskExecutor.layerInProcess))))
    expect(error._tag).toBe("InputInvalid")
    expect(error._tag === "InputInvalid" && error.issues.map((i) => `${i.path}: expected ${i.expected}, got ${i.got}`)).toEqual(["faults: expected at least one fault to draw from (--engine message draws from the scenario's faults), got none"])
  })
})
