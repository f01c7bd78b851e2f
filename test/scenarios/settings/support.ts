/**
 * The OCG-C settings tests' world: the small estate of test/scenarios/fixtures/ocg-estate.yaml (every BSS
 * to dc1 machine path 167 µs, the 1,000 Mbps circuit the slowest link), simulated with the OCG-C wiring
 * only and the settings a scenario's `settings:` YAML resolves to over the estate's.
 */
import { readFileSync } from "node:fs"
import { Result } from "effect"
import { parseEstate } from "../../../topology/load.ts"
import { buildModel, type EstateModel } from "../../../topology/model.ts"
import { parseScenario } from "../../../scenarios/load.ts"
import { scenarioSettings } from "../../../scenarios/settings/settings.ts"
import { parseClock } from "../../../twin/engine/time.ts"
import { MemoryTrace } from "../../../twin/engine/trace.ts"
import type { Settings } from "../../../twin/settings/settings.ts"
import { simulate } from "../../../twin/simulate/simulate.ts"
import { ocgWiring } from "../../../twin/simulate/wire-ocg.ts"
import type { Wiring } from "../../../twin/simulate/wiring.ts"

export const ocgEstatePath = new URL("../fixtures/ocg-estate.yaml", import.meta.url)

/** The fixture estate, with `settings` (YAML text of the estate's own section) added when given. */
export const ocgEstate = (settingsYaml?: string): EstateModel => {
  const text = readFileSync(ocgEstatePath, "utf8") + (settingsYaml === undefined ? "" : `settings:\n${settingsYaml}`)
  const parsed = parseEstate("ocg-estate.yaml", text)
  if (Result.isFailure(parsed)) throw new Error(parsed.failure.issues.map((i) => `${i.path}: ${i.expected}, got ${i.got}`).join("\n"))
  return buildModel(parsed.success)
}

/** A scenario's `settings:` section (YAML, indented under it) resolved over `model`'s own. */
export const settingsOf = (model: EstateModel, settingsYaml: string | undefined): Settings => {
  const head = `name: t\npurpose: p\ncalendar: {from: "09:00", to: "10:00"}\n`
  const file = parseScenario("s.yaml", settingsYaml === undefined ? head : `${head}settings:\n${settingsYaml}`)
  if (Result.isFailure(file)) throw new Error(file.failure.issues.map((i) => `${i.path}: ${i.expected}, got ${i.got}`).join("\n"))
  const settings = scenarioSettings(file.success.settings, model)
  if (Result.isFailure(settings)) throw new Error(settings.failure.map((i) => `${i.path}: ${i.expected}, got ${i.got}`).join("\n"))
  return settings.success
}

export const runOcg = (model: EstateModel, settings: Settings, from: string, to: string, extra: ReadonlyArray<Wiring> = []) => {
  const trace = new MemoryTrace()
  simulate({ model, seed: 1, window: { from: parseClock(from)!, to: parseClock(to)! }, wirings: [ocgWiring, ...extra], trace, settings })
  return trace
}
