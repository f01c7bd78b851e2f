/**
 * Scenarios loaded once in the calling thread of a sweep (the sweep's tasks carry the estate's path and
 * physical states, so workers never load scenarios).
 */
import * as NodeServices from "@effect/platform-node/NodeServices"
import { Cause, Effect, Exit, Result } from "effect"
import { readFileSync } from "node:fs"
import { basename, extname, resolve } from "node:path"
import { catalogues } from "../../scenarios/catalogues.ts"
import { estatePathOf, loadScenario, parseScenario } from "../../scenarios/load.ts"
import { resolveScenario } from "../../scenarios/resolve.ts"
import type { Scenario } from "../../scenarios/scenario.ts"
import { displayPath } from "../../topology/load.ts"
import { scenarioTimeline, type Timeline } from "../impact/timeline.ts"

export interface ScenarioRef {
  readonly path: string
  /** The CLI's --estate, if given. */
  readonly estate: string | undefined
}

export interface LoadedScenario {
  readonly scenario: Scenario
  readonly timeline: Timeline
}

const loaded = new Map<string, Promise<LoadedScenario>>()
const estates = new Map<string, Scenario["model"]>()

/**
 * A scenario on an estate this thread has already validated: resolved against the cached model instead of
 * loading and validating the estate again (the costly part of a load; every phase of a plan shares it).
 * The first load of an estate goes through `loadScenario`, so bad input is reported as `twin run` does.
 */
const loadFast = async (ref: ScenarioRef): Promise<Scenario> => {
  const text = readFileSync(ref.path, "utf8")
  const file = displayPath(ref.path)
  const parsed = parseScenario(file, text)
  const estatePath = ref.estate === undefined
    ? (Result.isSuccess(parsed) ? estatePathOf(ref.path, parsed.success.estate) : undefined)
    : resolve(ref.estate)
  const model = estatePath === undefined ? undefined : estates.get(estatePath)
  if (model !== undefined && Result.isSuccess(parsed)) {
    const resolved = resolveScenario({
      id: basename(ref.path, extname(ref.path)),
      file,
      scenario: parsed.success,
      model,
      estateFile: displayPath(estatePath!),
      seed: parsed.success.seed ?? 1,
      catalogues
    })
    if (Result.isSuccess(resolved)) return resolved.success
  }
  const exit = await Effect.runPromiseExit(loadScenario(ref.path, { estate: ref.estate, catalogues }).pipe(Effect.provide(NodeServices.layer)))
  // Bad input (an InputInvalid) is thrown as itself, for the caller to render as `twin run` does.
  if (Exit.isFailure(exit)) throw Cause.squash(exit.cause)
  const scenario = exit.value
  if (estatePath !== undefined) estates.set(estatePath, scenario.model)
  return scenario
}

export const loadScenarioRef = (ref: ScenarioRef): Promise<LoadedScenario> => {
  const key = `${ref.path}|${ref.estate ?? ""}`
  let found = loaded.get(key)
  if (found === undefined) {
    found = loadFast(ref).then((scenario) => ({ scenario, timeline: scenarioTimeline({ scenario }) }))
    loaded.set(key, found)
  }
  return found
}
