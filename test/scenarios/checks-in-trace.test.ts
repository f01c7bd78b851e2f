/**
 * A scenario's own checks (`checks:`) in the trace: each verdict the report gives is a `scenario.check` line
 * (role `scenario`), written once the run is over — at the window's end, after every other line — so the
 * viewer, which reads only the trace, shows what the report says (scenarios/run.ts `scenarioCheckLines`).
 * Before, only the phases' checks reached the trace and the viewer said "no check judged yet" at the end of
 * a scenario whose report failed.
 */
import * as NodeServices from "@effect/platform-node/NodeServices"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { catalogues } from "../../scenarios/catalogues.ts"
import { loadScenario } from "../../scenarios/load.ts"
import { runScenario } from "../../scenarios/run.ts"
import { parseClock } from "../../twin/engine/time.ts"
import { encodeTraceEvent, MemoryTrace } from "../../twin/engine/trace.ts"
import { reduceEvents } from "../../viewer/src/state/view-state.ts"

const scenario = await Effect.runPromise(
  loadScenario(new URL("./fixtures/checks-in-trace.yaml", import.meta.url).pathname, { catalogues }).pipe(Effect.provide(NodeServices.layer))
)
const t = (clock: string) => parseClock(clock)!

const run = () => {
  const trace = new MemoryTrace()
  const report = runScenario(scenario, { trace })
  return { report, events: trace.events, lines: trace.events.map((e) => encodeTraceEvent(e)) }
}

describe("a scenario's own checks in the trace", () => {
  const { report, events, lines } = run()

  it("are the trace's last lines, at the window's end, each with the report's verdict, summary and evidence count", () => {
    // The 09:02 blip leaves two participants worse off than at the opening (the report's figures); the check
    // over the phase's window (09:10, to 09:18: `at`) passes. Both written at 09:20, the window's end.
    const summary = "2 participants worse than before the window on any service for over 0s (max 0); longest 17m"
    const within = "0 participants worse than before the window on any service for over 0s (max 0); longest 0s"
    expect(lines.slice(-2)).toEqual([
      `{"t":${t("09:20")},"kind":"scenario.check","subject":"nobody-worse-off","data":{"role":"scenario","phase":null,"verdict":"fail","summary":"${summary}","evidence":2,"at":${t("09:20")}}}`,
      `{"t":${t("09:20")},"kind":"scenario.check","subject":"in-the-phase","data":{"role":"scenario","phase":null,"verdict":"pass","summary":"${within}","evidence":0,"at":${t("09:18")}}}`
    ])
    const written = events.filter((e) => e.kind === "scenario.check" && e.data.role === "scenario")
    expect(written.map((e) => [e.subject, e.data.verdict, e.data.summary, e.data.evidence, e.data.at])).toEqual(
      report.checks.filter((c) => c.role === "scenario").map((c) => [c.id, c.verdict, c.summary, c.evidenceCount, c.at])
    )
    // Every check of the report has its line (the phase's post-check at its time), and the count is the trace's.
    expect(events.filter((e) => e.kind === "scenario.check").map((e) => e.subject)).toEqual(report.checks.map((c) => c.id))
    expect(report.run.traceLines).toBe(lines.length)
  })

  it("the same seed writes the same trace", () => {
    expect(run().lines).toEqual(lines)
  })

  it("the viewer's state names the failed check at the window's end, and not before", () => {
    const before = reduceEvents(events.filter((e) => e.t < t("09:20")))
    expect([...before.checks.keys()]).toEqual(["prt"])
    const end = reduceEvents(events)
    expect([...end.checks.values()].map((c) => [c.id, c.role, c.verdict])).toEqual([
      ["prt", "post-check", "pass"],
      ["nobody-worse-off", "scenario", "fail"],
      ["in-the-phase", "scenario", "pass"]
    ])
  })
})
