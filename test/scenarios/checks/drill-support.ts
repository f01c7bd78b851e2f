/**
 * Checks on real traces: short simulations of the default estate, judged by the catalogue's checks exactly
 * as a scenario run would feed them (every event, in order).
 */
import { readFileSync } from "node:fs"
import { Result, Schema } from "effect"
import { checkCatalogue } from "../../../scenarios/checks/catalogue.ts"
import type { CheckResult } from "../../../scenarios/checks/check.ts"
import { defaultEstatePath, parseEstate } from "../../../topology/load.ts"
import { buildModel } from "../../../topology/model.ts"
import { parseClock } from "../../../twin/engine/time.ts"
import { MemoryTrace } from "../../../twin/engine/trace.ts"
import type { Settings } from "../../../twin/settings/settings.ts"
import { startSimulation } from "../../../twin/simulate/simulate.ts"
import type { Wiring } from "../../../twin/simulate/wiring.ts"

const parsed = parseEstate("default", readFileSync(defaultEstatePath, "utf8"))
if (Result.isFailure(parsed)) throw new Error("default estate does not parse")
export const model = buildModel(parsed.success)

/**
 * Simulates `window` with `wirings`; returns a judge: (check kind, params) → its verdict at the window's end,
 * with the run's `trace` for what a check does not show and its `runtime` for the models' states at the end.
 */
export const run = (window: { from: number; to: number }, wirings: ReadonlyArray<Wiring>, seed: number, settings?: Settings) => {
  const trace = new MemoryTrace()
  const simulation = startSimulation({ model, seed, window, wirings, trace, ...(settings === undefined ? {} : { settings }) })
  simulation.finish()
  const judge = (kind: string, params: Record<string, unknown>): CheckResult => {
    const k = checkCatalogue.get(kind)!
    const check = k.make(Schema.decodeUnknownSync(k.params)(params, { onExcessProperty: "error" }), { model, window })
    for (const e of trace.events) check.observe(e)
    return check.verdict(window.to)
  }
  return Object.assign(judge, { trace, runtime: simulation.runtime })
}

export const at = (clock: string) => parseClock(clock)!

