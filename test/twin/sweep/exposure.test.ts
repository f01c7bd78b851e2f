/**
 * What the plan itself adds (issue 15, item 6): the heat map's rows are each fault minus the same fault with
 * nothing moved (exposure.ts, heat-map.ts), the faults that hurt exactly as with nothing moved fold into one
 * line, and the words fit the sweep — a plan's phases, one column, a scenario that moves nothing. On the
 * hand-made plan estate (test/twin/plan/fixtures/plan-estate.yaml), where every cell is worked out by hand
 * in sweep.test.ts: the phase moves gw-1 at 06:20, access at 06:25, gw-2 at 06:30 and runs 06:20–07:00.
 */
import * as NodeServices from "@effect/platform-node/NodeServices"
import { Effect } from "effect"
import { fileURLToPath } from "node:url"
import { beforeAll, describe, expect, it } from "vitest"
import { TaskExecutor } from "../../../twin/parallel/executor.ts"
import { exposureOf, standingSummary } from "../../../twin/sweep/exposure.ts"
import { renderSweepCsv } from "../../../twin/sweep/sweep-csv.ts"
import { renderSweepHtml } from "../../../twin/sweep/sweep-html.ts"
import { ScenarioCache } from "../../../twin/sweep/scenario-cache.ts"
import { runSweep, type SweepResult } from "../../../twin/sweep/sweep.ts"
import { explainCell, exposureWords, planCausedCases, planCausedHeading, worstCases } from "../../../twin/sweep/worst-cases.ts"
import { byId, findAll, parseHtml, textOf } from "../../scenarios/report/html-tree.ts"

const fixture = (name: string) => ({ path: fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), estate: undefined })
const sweep = (name: string): Promise<SweepResult> =>
  Effect.runPromise(Effect.scoped(runSweep([fixture(name)], { mode: "n-1" })).pipe(Effect.provide([TaskExecutor.layerInProcess, ScenarioCache.layer]), Effect.provide(NodeServices.layer)))

let small: SweepResult
let movedNoPhases: SweepResult
let nothingMoved: SweepResult
beforeAll(async () => {
  ;[small, movedNoPhases, nothingMoved] = await Promise.all([sweep("small-phase.yaml"), sweep("moved-no-phases.yaml"), sweep("lookup-window.yaml")])
}, 120_000)

const ids = (r: SweepResult, faults: ReadonlyArray<number>) => faults.map((f) => r.faults[f]!.id)

describe("exposure: each fault minus the same fault with nothing moved", () => {
  it("rows differ from nothing moved, the plan's worst addition first; ar-1, the same either way, is standing", () => {
    const e = exposureOf(small)
    // ar-1 carries everything, moved or not: 2 down, 80 participant-service minutes both ways — the estate's weakness.
    expect(ids(small, e.standing)).toEqual(["ar-1"])
    // +2 down for 70 min (new-dist-1 and ar-1's new uplink, from 06:25), +2 for 10 min (each gateway while
    // it alone is on ar-1's side), then the two milder ones: 10 instead of 80 participant-service minutes (−70).
    expect(e.changed.map((r) => [small.faults[r.fault]!.id, r.differences[0]])).toEqual([
      ["ar-1--new-dist-1", { down: 2, weak: 0, minutesDown: 70, minutesWeak: 0 }],
      ["new-dist-1", { down: 2, weak: 0, minutesDown: 70, minutesWeak: 0 }],
      ["ocg-1", { down: 2, weak: 0, minutesDown: 10, minutesWeak: 0 }],
      ["ocg-1--new-dist-1", { down: 2, weak: 0, minutesDown: 10, minutesWeak: 0 }],
      ["ocg-2", { down: 2, weak: 0, minutesDown: 10, minutesWeak: 0 }],
      ["ocg-2--old-dist-1", { down: 2, weak: 0, minutesDown: 10, minutesWeak: 0 }],
      ["ar-1--old-dist-1", { down: 0, weak: 0, minutesDown: -70, minutesWeak: 0 }],
      ["old-dist-1", { down: 0, weak: 0, minutesDown: -70, minutesWeak: 0 }]
    ])
    expect(standingSummary(small, e.standing, "the plan")).toBe(
      "1 fault hurts exactly as with nothing moved — a standing weakness of the estate, not of the plan (the worst: access-router ar-1, 2 down)."
    )
  })
})

describe("sweep.html heat map", () => {
  const page = () => parseHtml(renderSweepHtml(small, worstCases(small), planCausedCases(small), [["columns", "move-all"]]))

  it("shows the differences by default, each cell carrying its absolute value for the toggle", () => {
    const table = byId(page(), "heat-table")!
    const rows = findAll(table.children, (e) => e.tag === "tr" && "data-fault" in e.attrs)
    expect(rows.map((r) => [r.attrs["data-fault"], ...findAll(r.children, (e) => e.tag === "td").slice(2).map(textOf)])).toEqual([
      ["ar-1--new-dist-1", "+2"], ["new-dist-1", "+2"], ["ocg-1", "+2"], ["ocg-1--new-dist-1", "+2"], ["ocg-2", "+2"], ["ocg-2--old-dist-1", "+2"],
      // The same two participants, 70 participant-service minutes fewer than with nothing moved.
      ["ar-1--old-dist-1", "−70m"], ["old-dist-1", "−70m"]
    ])
    const cell = findAll(rows[6]!.children, (e) => e.tag === "td")[2]!
    expect([cell.attrs["data-abs-text"], cell.attrs["data-diff-text"]]).toEqual(["2", "−70m"])
  })

  it("folds the standing fault into one line, sorts by a heading and filters by fault or kind", () => {
    const tree = page()
    expect(textOf(findAll(tree, (e) => e.tag === "p" && e.attrs["class"] === "standing")[0]!)).toBe(
      "1 fault hurts exactly as with nothing moved — a standing weakness of the estate, not of the plan (the worst: access-router ar-1, 2 down)."
    )
    expect(findAll(byId(tree, "standing")!.children, (e) => e.tag === "td").map(textOf)).toEqual(["ar-1", "access-router", "2", "0"])
    expect(findAll(byId(tree, "heat-table")!.children, (e) => e.tag === "th").map((th) => [textOf(th), th.attrs["data-type"]])).toEqual([
      ["fault", "text"], ["kind", "text"], ["move-all", "num"]
    ])
    expect(byId(tree, "heat-filter")!.attrs["type"]).toBe("search")
    expect(byId(tree, "heat-absolute")!.attrs["type"]).toBe("checkbox")
  })
})

describe("words for what the sweep holds", () => {
  it("a one-column plan: compared with nothing moved only, no 'in another column'", () => {
    expect(planCausedHeading(small, true)).toBe("Where the plan itself adds exposure (a fault worse in this column than with nothing moved):")
  })

  it("a scenario without phases with units already moved: their exposure, not a plan's moves", () => {
    const r = movedNoPhases
    expect(exposureWords(r)).toEqual({ subject: "the units already moved", moves: "the units already moved", plan: false, nothingMoved: false })
    expect(r.columns.map((c) => [c.id, c.moves, c.movedAtStart])).toEqual([["moved-no-phases", [], 2]])
    // gw-1 and access on the new backbone, gw-2 (ocg-2) on the old one, which ar-1 no longer reaches:
    // ocg-1 is the only gateway, so ocg-1, its link, new-dist-1 and ar-1's new uplink each take both
    // participants down for the 30 minutes (60 participant-service minutes); with nothing moved none of them carries anything.
    expect(planCausedHeading(r, true)).toBe("Where the units already moved (2 on the new backbone at the start) add exposure (a fault worse than with nothing moved):")
    const i = r.faults.findIndex((f) => f.id === "ocg-1")
    expect(explainCell(r, i, 0)).toBe(
      "ocg-gateway ocg-1 failing through moved-no-phases; 2 participants lose otp-c (2): 60 participant-service minutes down; e.g. P1, P2; not with nothing moved: the units already moved expose it."
    )
  })

  it("nothing moved at all: no plan to blame, every fault is the estate's", () => {
    expect(planCausedHeading(nothingMoved, false)).toBe(
      "Nothing is moved in this sweep (no phase moves a unit, no unit is moved at the start): every fault hurts exactly as with nothing moved, so nothing here is the plan's doing."
    )
    expect(exposureOf(nothingMoved).changed).toEqual([])
  })
})

describe("sweep.csv", () => {
  it("one row per fault and column with the unmoved figures and what the plan adds", () => {
    const lines = renderSweepCsv(small).split("\r\n")
    expect(lines[0]).toBe(
      "fault,kind,elements,column,scenario,moves,down,down_minutes,without_redundancy,without_redundancy_minutes," +
        "unmoved_down,unmoved_down_minutes,unmoved_without_redundancy,unmoved_without_redundancy_minutes,added_down,added_without_redundancy,examples"
    )
    // The sweep's fault order (worst first: ar-1, 80 participant-service minutes), one column.
    expect(lines.slice(1, 3)).toEqual([
      "ar-1,access-router,ar-1,move-all,small-phase,gw-1 access gw-2,2,80,0,0,2,80,0,0,0,0,P1 P2",
      "ar-1--new-dist-1,link,ar-1--new-dist-1,move-all,small-phase,gw-1 access gw-2,2,70,0,0,0,0,0,0,2,0,P1 P2"
    ])
    expect(lines.length).toBe(small.faults.length + 2) // header, 9 rows, and the empty string after the last CRLF
  })
})

describe("a fault the plan makes harmless (sweep.test.ts's tiny-two-phases, worked out in p1.yaml)", () => {
  it("is in sweep.csv with 0 against its baseline, and a milder (−1) row of the heat map", async () => {
    const refs = ["p1", "p2"].map((p) => fixture(`tiny-two-phases/${p}.yaml`))
    const r = await Effect.runPromise(Effect.scoped(runSweep(refs, { mode: "n-1" })).pipe(Effect.provide([TaskExecutor.layerInProcess, ScenarioCache.layer]), Effect.provide(NodeServices.layer)))
    expect(renderSweepCsv(r).split("\r\n").filter((l) => l.startsWith("old-core-dc1-a,"))).toEqual([
      "old-core-dc1-a,core-router,old-core-dc1-a,p1,p1,access-dc1-a,0,0,0,0,0,0,1,100,0,-1,",
      "old-core-dc1-a,core-router,old-core-dc1-a,p2,p2,access-dc1-b,0,0,0,0,0,0,1,100,0,-1,"
    ])
    const tree = parseHtml(renderSweepHtml(r, worstCases(r), planCausedCases(r), []))
    // Before the fix "5 of 5": the three rows the plan makes harmless were missing.
    expect(textOf(findAll(byId(tree, "heat")!.children, (e) => e.tag === "h2")[0]!)).toBe("Heat map: what the plan adds (8 of 8 faults that differ from nothing moved)")
    const rows = findAll(byId(tree, "heat-table")!.children, (e) => e.tag === "tr" && "data-fault" in e.attrs)
    expect(rows.filter((x) => x.attrs["data-fault"]!.includes("old-core-dc1-a")).map((x) => [x.attrs["data-fault"], ...findAll(x.children, (e) => e.tag === "td").slice(2).map(textOf)])).toEqual([
      ["ar-dc1-a--old-core-dc1-a", "(−1)", "(−1)"], ["old-core-dc1-a", "(−1)", "(−1)"], ["old-core-dc1-a--new-core-dc1-a", "(−1)", "(−1)"]
    ])
  })
})

