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
    // The evidence starts at the step (06:30), the last change before it; the uplink, cut since 06:20, is what
    // made the move harmful (before issue 15 the cause named the fault alone).
    expect([prt.role, prt.phase, prt.at, prt.evidence[0]?.from, prt.evidence[0]?.cause]).toEqual([
      "post-check", "p1", t("06:40"), t("06:30"),
      `06:30:00 step p1 moved access-dc1-a, while uplink-cut (link-down on ${newUplink} since 06:20:00) was on`
    ])
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

  it("without a rollback rule a failed PRT leaves the phase completed, the PRT's FAIL failing the run (as the runbook says)", () => {
    const body = twoPhases(`faults: [{id: uplink-cut, kind: link-down, link: ${newUplink}, at: "06:20"}]`).replace(/\n    rollback: [^\n]*/, "")
    const { report } = run(body)
    expect([report.verdict, report.phases.map((p) => p.outcome), report.checks.find((c) => c.id === "prt")?.verdict]).toEqual(["fail", ["completed", "completed"], "fail"])
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

  describe("gates (requires:)", () => {
    // p1 moves access-dc1-a at 06:30; the uplink it moves onto is cut at 06:20, so its PRT step `prt` at
    // 06:40 fails. p2 (access-dc1-b at 07:00) carries the gate under test. Units of p2 move only if it starts.
    const gated = (rule: string, requires: string) => `phases:
  - id: p1
    name: plane A
    steps: [{at: "06:30", move: [access-dc1-a]}]
    postChecks: [{id: prt, at: "06:40", check: link-stays-up, link: ${newUplink}}]
    rollback: {when: ${rule}, cutoff: "06:50", takes: 2m}
  - id: p2
    name: plane B
${requires}    steps: [{at: "07:00", move: [access-dc1-b]}]
faults: [{id: uplink-cut, kind: link-down, link: ${newUplink}, at: "06:20"}]
`
    const p2 = (events: ReturnType<typeof run>["events"]) => events.filter((e) => e[2] === "p2" || e[2] === "access-dc1-b")

    it("p1 rolled back, p2 requires p1: p2 never starts and access-dc1-b never moves", () => {
      const { report, events } = run(gated("post-check-fails", "    requires: [p1]\n"))
      expect(p2(events)).toEqual([[t("07:00"), "scenario.phase", "p2", "skipped"]])
      expect(report.phases.map((p) => [p.id, p.outcome, p.reason ?? null])).toEqual([
        ["p1", "rolled-back", null],
        ["p2", "not-started", "requires phase p1, which was rolled back"]
      ])
      expect(report.verdict).toBe("fail")
    })

    it("p1 rolled back, p2 requires none: p2 starts at 07:00 and moves access-dc1-b", () => {
      const { report, events } = run(gated("post-check-fails", "    requires: none\n"))
      expect(p2(events)).toEqual([
        [t("07:00"), "scenario.phase", "p2", "start"],
        [t("07:00"), "scenario.step", "p2", null],
        [t("07:00"), "world.change", "access-dc1-b", true],
        // p2's window ends at its last step: completed at once.
        [t("07:00"), "scenario.phase", "p2", "completed"]
      ])
      expect(report.phases.map((p) => p.outcome)).toEqual(["rolled-back", "completed"])
    })

    it("without requires:, the default gate still stops p2 after p1's rollback, naming p1", () => {
      const { report } = run(gated("post-check-fails", ""))
      expect(report.phases.map((p) => [p.outcome, p.reason ?? null])).toEqual([["rolled-back", null], ["not-started", "phase p1 was rolled back"]])
    })

    it("p1 fails its PRT without rolling back (when: never): ungated p2 runs, p2 requiring p1 (or earlier-phases) does not", () => {
      const ungated = run(gated("never", ""))
      expect(ungated.report.phases.map((p) => p.outcome)).toEqual(["completed", "completed"])
      expect(p2(ungated.events).map((e) => e[3])).toEqual(["start", null, true, "completed"])
      for (const requires of ["    requires: [p1]\n", "    requires: earlier-phases\n"]) {
        const { report, events } = run(gated("never", requires))
        expect(p2(events)).toEqual([[t("07:00"), "scenario.phase", "p2", "skipped"]])
        expect(report.phases.map((p) => [p.outcome, p.reason ?? null])).toEqual([
          ["completed", null],
          ["not-started", "requires phase p1, which failed its post-check prt"]
        ])
      }
    })

    it("a PRT step due at the instant the gated phase starts is judged first", () => {
      // p1's window ends at its post-check, 07:00 — the instant p2 would start.
      const { report, events } = run(gated("never", "    requires: [p1]\n").replace('at: "06:40"', 'at: "07:00"'))
      expect(events.filter((e) => e[1] === "scenario.check" || e[2] === "p2")).toEqual([
        [t("07:00"), "scenario.check", "prt", "fail"],
        [t("07:00"), "scenario.phase", "p2", "skipped"]
      ])
      expect(report.phases[1]?.reason).toBe("requires phase p1, which failed its post-check prt")
    })

    it("refuses a required phase that is not before it", () => {
      const file = parseScenario("s.yaml", `name: t\npurpose: p\ncalendar: {from: "06:00", to: "07:30"}\nphases:
  - {id: p1, name: a, requires: [p2], steps: [{at: "06:30", move: [access-dc1-a]}]}
  - {id: p2, name: b, steps: [{at: "07:00", move: [access-dc1-b]}]}
`)
      if (Result.isFailure(file)) throw new Error("does not parse")
      const r = resolveScenario({ id: "s", file: "s.yaml", scenario: file.success, model, estateFile: "tiny.yaml", seed: 1, catalogues: fakeCatalogues })
      expect(Result.isFailure(r) ? r.failure.map((i) => `${i.path}: expected ${i.expected}, got ${i.got}`) : []).toEqual([
        'phases[0].requires[0]: expected no phase (the first phase has none before it), got "p2"'
      ])
    })
  })
})
