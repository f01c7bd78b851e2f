/**
 * Scenarios loaded once in the calling thread of a sweep (the sweep's tasks carry the estate's path and
 * physical states, so workers never load scenarios): a `ScenarioCache` service whose layer makes the cache
 * when it is built and drops it when its scope closes, so a cache lives as long as the command that
 * provides it (`twin sweep`), not the process.
 */
import { Context, Effect, FileSystem, Layer, Option, Result } from "effect"
import { basename, extname, resolve } from "node:path"
import { catalogues } from "../../scenarios/catalogues.ts"
import { estatePathOf, loadScenario, parseScenario } from "../../scenarios/load.ts"
import { resolveScenario } from "../../scenarios/resolve.ts"
import type { Scenario } from "../../scenarios/scenario.ts"
import type { InputInvalid } from "../../topology/input-issue.ts"
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

export class ScenarioCache extends Context.Service<ScenarioCache, {
  /** Loaded scenarios by path and `--estate`. */
  readonly loaded: Map<string, LoadedScenario>
  /** Validated estate models by path: a later scenario on the same estate is resolved against it. */
  readonly estates: Map<string, Scenario["model"]>
}>()("twin/ScenarioCache") {
  static readonly layer = Layer.effect(
    ScenarioCache,
    Effect.acquireRelease(
      Effect.sync(() => ({ loaded: new Map<string, LoadedScenario>(), estates: new Map<string, Scenario["model"]>() })),
      (cache) => Effect.sync(() => {
        cache.loaded.clear()
        cache.estates.clear()
      })
    )
  )
}

/**
 * A scenario on an estate this thread has already validated: resolved against the cached model instead of
 * loading and validating the estate again (the costly part of a load; every phase of a plan shares it).
 * The first load of an estate goes through `loadScenario`, so bad input is reported as `twin run` does.
 */
const loadFast = Effect.fn("Sweep.loadScenario")(function*(ref: ScenarioRef) {
  const { estates } = yield* ScenarioCache
  const fs = yield* FileSystem.FileSystem
  const text = yield* fs.readFileString(ref.path).pipe(Effect.option)
  const file = displayPath(ref.path)
  const parsed = Option.isSome(text) ? parseScenario(file, text.value) : undefined
  const estatePath = ref.estate === undefined
    ? (parsed !== undefined && Result.isSuccess(parsed) ? estatePathOf(ref.path, parsed.success.estate) : undefined)
    : resolve(ref.estate)
  const model = estatePath === undefined ? undefined : estates.get(estatePath)
  if (model !== undefined && parsed !== undefined && Result.isSuccess(parsed)) {
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
  // Bad input fails as an InputInvalid, for the caller to render as `twin run` does.
  const scenario = yield* loadScenario(ref.path, { estate: ref.estate, catalogues })
  if (estatePath !== undefined) estates.set(estatePath, scenario.model)
  return scenario
})

/** The scenarios with their timelines, in order; each loaded once per cache. */
export const loadScenarioRefs = (refs: ReadonlyArray<ScenarioRef>): Effect.Effect<ReadonlyArray<LoadedScenario>, InputInvalid, FileSystem.FileSystem | ScenarioCache> =>
  Effect.gen(function*() {
    const { loaded } = yield* ScenarioCache
    return yield* Effect.forEach(refs, (ref) => {
      const key = `${ref.path}|${ref.estate ?? ""}`
      const found = loaded.get(key)
      if (found !== undefined) return Effect.succeed(found)
      return loadFast(ref).pipe(
        Effect.map((scenario) => ({ scenario, timeline: scenarioTimeline({ scenario }) })),
        Effect.tap((l) => Effect.sync(() => loaded.set(key, l)))
      )
    })
  })

/** One scenario with its timeline. */
export const loadScenarioRef = (ref: ScenarioRef): Effect.Effect<LoadedScenario, InputInvalid, FileSystem.FileSystem | ScenarioCache> =>
  Effect.map(loadScenarioRefs([ref]), (l) => l[0]!)
