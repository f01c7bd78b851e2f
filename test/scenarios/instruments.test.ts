/**
 * Every scenario run installs the simulation's instruments (twin/simulate/instruments/), with no option
 * asked: after the systems and before the scenario's own wiring, so at the opening instant the latency
 * sampler's samples come before `scenario.start`, and the execution ledger writes every minute and at the
 * end.
 */
import { readFileSync } from "node:fs"
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { parseScenario } from "../../scenarios/load.ts"
import { resolveScenario } from "../../scenarios/resolve.ts"
import { runScenario } from "../../scenarios/run.ts"
import { parseEstate } from "../../topology/load.ts"
import { buildModel } from "../../topology/model.ts"
import { parseClock } from "../../twin/engine/time.ts"
import { MemoryTrace } from "../../twin/engine/trace.ts"
import { fakeCatalogues } from "./support/fake-catalogues.ts"

const parsed = parseEstate("tiny", readFileSync(new URL("../topology/fixtures/tiny-estate.yaml", import.meta.url), "utf8"))
if (Result.isFailure(parsed)) throw new Error("tiny estate does not parse")
const model = buildModel(parsed.success)

describe("a scenario run's instruments", () => {
  it("are installed without being asked: samples before scenario.start, a ledger every minute and at the end", () => {
    const file = parseScenario("s.yaml", `name: t\npurpose: p\ncalendar: {from: "06:00", to: "06:02:30"}\n`)
    if (Result.isFailure(file)) throw new Error(JSON.stringify(file.failure.issues))
    const scenario = resolveScenario({ id: "s", file: "s.yaml", scenario: file.success, model, estateFile: "tiny.yaml", seed: 1, catalogues: fakeCatalogues })
    if (Result.isFailure(scenario)) throw new Error(JSON.stringify(scenario.failure))
    const trace = new MemoryTrace()
    runScenario(scenario.success, { trace })
    const at = (clock: string) => parseClock(clock)!
    const instrumented = trace.events
      .filter((e) => e.kind === "route.latency" || e.kind === "scenario.start" || e.kind === "ocg.executions")
      .map((e) => [e.t, e.kind, e.data.service ?? e.data.sessions ?? null])
    // The tiny estate has primary flows of omd-c and otp-c (sampled in the estate's service order) and two
    // OCG-C sessions (P1T01, P2T01). Window 06:00–06:02:30: samples at 06:00 before scenario.start; the
    // ledger at 06:01 and 06:02 (every 60 s after the opening, before the end) and at the end, 06:02:30.
    expect(instrumented).toEqual([
      [at("06:00"), "route.latency", "omd-c"],
      [at("06:00"), "route.latency", "otp-c"],
      [at("06:00"), "scenario.start", null],
      [at("06:01"), "ocg.executions", 2],
      [at("06:02"), "ocg.executions", 2],
      [at("06:02:30"), "ocg.executions", 2]
    ])
  })
})
