/** The sweep's scenario cache lives as long as its layer: one load per scenario inside it, none shared across layers. */
import * as NodeServices from "@effect/platform-node/NodeServices"
import { Effect } from "effect"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"
import { loadScenarioRef, ScenarioCache } from "../../../twin/sweep/scenario-cache.ts"

const small = { path: fileURLToPath(new URL("./fixtures/small-phase.yaml", import.meta.url)), estate: undefined }

const twice = Effect.gen(function*() {
  const first = yield* loadScenarioRef(small)
  const second = yield* loadScenarioRef(small)
  return [first, second] as const
}).pipe(Effect.provide([ScenarioCache.layer, NodeServices.layer]))

describe("ScenarioCache", () => {
  it("loads a scenario once per layer; another layer loads it again", async () => {
    const [a1, a2] = await Effect.runPromise(twice)
    const [b1] = await Effect.runPromise(twice)
    expect(a2).toBe(a1)
    expect(b1).not.toBe(a1)
    // The same file both times: the same scenario, loaded afresh (small-phase.yaml moves gw-1, access, gw-2).
    expect(b1.scenario.phases[0]!.steps.flatMap((s) => s.move)).toEqual(a1.scenario.phases[0]!.steps.flatMap((s) => s.move))
    expect(a1.scenario.phases[0]!.steps.flatMap((s) => s.move)).toEqual(["gw-1", "access", "gw-2"])
  })
})
