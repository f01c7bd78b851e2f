import * as NodeServices from "@effect/platform-node/NodeServices"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { catalogues } from "../../scenarios/catalogues.ts"
import { loadScenario } from "../../scenarios/load.ts"
import { runScenario, startScenario } from "../../scenarios/run.ts"
import { encodeTraceEvent, MemoryTrace } from "../../twin/engine/trace.ts"

const scenario = await Effect.runPromise(
  loadScenario(new URL("../twin/serve/fixtures/tiny-drill.yaml", import.meta.url).pathname, { catalogues }).pipe(Effect.provide(NodeServices.layer))
)

describe("a scenario run stepped in slices (startScenario)", () => {
  it("gives the trace and report of one runScenario call", () => {
    const whole = new MemoryTrace()
    const report = runScenario(scenario, { trace: whole })
    const stepped = new MemoryTrace()
    const run = startScenario(scenario, { trace: stepped })
    for (let t = scenario.window.from; t < scenario.window.to; t += 37_000_000) run.simulation.runTo(t)
    const steppedReport = run.finish()
    // Every field, metrics.events included: the kernel counts events as they run, whatever the slicing.
    const text = (trace: MemoryTrace) => trace.events.map((e) => encodeTraceEvent(e)).join("\n")
    expect(text(stepped)).toBe(text(whole))
    expect(steppedReport).toEqual(report)
    expect(report.phases.map((p) => p.outcome)).toEqual(["completed"])
  })
})
