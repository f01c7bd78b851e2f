import { readFileSync } from "node:fs"
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { parseEstate } from "../../topology/load.ts"
import { buildModel } from "../../topology/model.ts"
import { parseScenario } from "../../scenarios/load.ts"
import { resolveScenario } from "../../scenarios/resolve.ts"
import { runScenario } from "../../scenarios/run.ts"
import { parseClock } from "../../twin/engine/time.ts"
import { MemoryTrace } from "../../twin/engine/trace.ts"
import { fakeCatalogues } from "./support/fake-catalogues.ts"

const parsed = parseEstate("tiny", readFileSync(new URL("../topology/fixtures/tiny-estate.yaml", import.meta.url), "utf8"))
if (Result.isFailure(parsed)) throw new Error("tiny estate does not parse")
const model = buildModel(parsed.success)

const run = (body: string) => {
  const file = parseScenario("s.yaml", `name: t\npurpose: p\ncalendar: {from: "06:00", to: "07:30"}\n${body}`)
  if (Result.isFailure(file)) throw new Error(JSON.stringify(file.failure.issues))
  const scenario = resolveScenario({ id: "s", file: "s.yaml", scenario: file.success, model, estateFile: "tiny.yaml", seed: 1, catalogues: fakeCatalogues })
  if (Result.isFailure(scenario)) throw new Error(JSON.stringify(scenario.failure))
  const trace = new MemoryTrace()
  const report = runScenario(scenario.success, { trace })
  const scenarioEvents = trace.events.filter((e) => e.kind.startsWith("scenario.") || (e.kind === "world.change" && e.data.what === "unit"))
  return { report, events: scenarioEvents.map((e) => [e.t, e.kind, e.subject, e.data.status ?? e.data.moved ?? e.data.verdict ?? null]) }
}

const t = (clock: string) => parseClock(clock)!
const newUplink = "ar-dc1-a--new-core-dc1-a"

const twoPhases = (fault: string, cutoff = "06:50") => `phases:
  - id: p1
    name: plane A
    steps: [{at: "06:30", move: [access-dc1-a]}]
    postChecks:
      - {id: prt, at: "06:40", check: link-stays-up, link: ${newUplink}}
      - {id: prt-b, at: "06:40", check: link-stays-up, link: ar-dc1-b--old-core-dc1-b}
    rollback: {cutoff: "${cutoff}", takes: 2m}
  - id: p2
    name: plane B
    steps: [{at: "07:00", move: [access-dc1-b]}]
${fault}`

describe("cutover phases", () => {
  it("a failed post-check before the cut-off moves the phase's units back after `takes` and stops the later phases", () => {
    const { report, events } = run(twoPhases(`faults: [{id: uplink-cut, kind: link-down, link: ${newUplink}, at: "06:20"}]`))
    expect(events).toEqual([
      [t("06:00"), "scenario.start", "s", null],
      [t("06:20"), "scenario.fault", "uplink-cut", "start"],
      [t("06:30"), "scenario.phase", "p1", "start"],
      [t("06:30"), "scenario.step", "p1", null],
      [t("06:30"), "world.change", "access-dc1-a", true],
      [t("06:40"), "scenario.check", "prt", "fail"],
      [t("06:40"), "scenario.rollback", "p1", null],
      // The PRT's other step due at the same time is still run and reported.
      [t("06:40"), "scenario.check", "prt-b", "pass"],
      [t("06:42"), "world.change", "access-dc1-a", false],
      [t("06:42"), "scenario.phase", "p1", "rolled-back"],
      [t("07:00"), "scenario.phase", "p2", "skipped"]
    ])
    expect(report.verdict).toBe("fail")
    expect(report.phases.map((p) => [p.id, p.outcome, p.rollback?.units ?? null])).toEqual([["p1", "rolled-back", ["access-dc1-a"]], ["p2", "not-started", null]])
    const prt = report.checks.find((c) => c.id === "prt")!
    // The evidence starts at the fault, which the runner names as its cause.
    expect([prt.role, prt.phase, prt.at, prt.evidence[0]?.from, prt.evidence[0]?.cause]).toEqual(["post-check", "p1", t("06:40"), t("06:30"), "uplink-cut"])
  })

  it("after the cut-off the phase stands and is reported failed", () => {
    const { report, events } = run(twoPhases(`faults: [{id: uplink-cut, kind: link-down, link: ${newUplink}, at: "06:20"}]`, "06:35"))
    expect(events.filter((e) => e[1] === "scenario.phase")).toEqual([
      [t("06:30"), "scenario.phase", "p1", "start"],
      [t("06:40"), "scenario.phase", "p1", "failed-after-cutoff"],
      [t("07:00"), "scenario.phase", "p2", "start"],
      [t("07:00"), "scenario.phase", "p2", "completed"]
    ])
    expect(report.phases.map((p) => p.outcome)).toEqual(["failed-after-cutoff", "completed"])
  })

  it("without a fault both phases complete and the scenario passes", () => {
    const { report } = run(twoPhases(""))
    expect([report.verdict, report.phases.map((p) => p.outcome), report.checks.map((c) => [c.id, c.verdict])]).toEqual([
      "pass", ["completed", "completed"], [["prt", "pass"], ["prt-b", "pass"]]
    ])
  })

  it("a failed pre-check is a no-go: the phase does not start and nothing moves", () => {
    const { report, events } = run(`phases:
  - id: p1
    name: plane A
    preChecks: [{check: link-stays-up, link: ${newUplink}}]
    steps: [{at: "06:30", move: [access-dc1-a]}]
faults: [{id: early, kind: link-down, link: ${newUplink}, at: "06:29:30"}]
`)
    expect(events.filter((e) => e[1] !== "scenario.start")).toEqual([
      [t("06:29:30"), "scenario.fault", "early", "start"],
      [t("06:30"), "scenario.check", "link-stays-up@phases[0].preChecks[0]", "fail"],
      [t("06:30"), "scenario.phase", "p1", "no-go"]
    ])
    expect([report.verdict, report.phases[0]?.outcome]).toEqual(["fail", "not-started"])
  })

  it("a watched check failing before the cut-off rolls back at once", () => {
    const { report } = run(`phases:
  - id: p1
    name: plane A
    steps: [{at: "06:30", move: [access-dc1-a]}]
    rollback: {when: never, watch: [{check: link-stays-up, link: ${newUplink}}], cutoff: "07:00"}
faults: [{id: later, kind: link-down, link: ${newUplink}, at: "06:33:10"}]
`)
    // Watched every minute from the first step: the 06:34 look sees it.
    expect(report.phases[0]?.rollback).toEqual({
      at: t("06:34"),
      reason: "watched check link-stays-up@phases[0].rollback.watch[0] failed: 1 spell(s) down",
      units: ["access-dc1-a"]
    })
  })
})
