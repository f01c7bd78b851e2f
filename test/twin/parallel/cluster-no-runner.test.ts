/**
 * `--cluster URL` with no runner up (test/support/postgres.ts as the coordinator, no `twin runner`): the
 * requests wait in storage and nothing moves. The caller must say so — the tasks queued, of how many — a
 * few seconds in (RUNNER_CHECK), and a run stopped meanwhile must count its tasks from the start: the
 * audit's `timeout` ended such a sweep with `stopped after 0/0 tasks` after printing nothing.
 */
import * as NodeServices from "@effect/platform-node/NodeServices"
import { Effect, Fiber } from "effect"
import { fileURLToPath } from "node:url"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { catalogues } from "../../../scenarios/catalogues.ts"
import { loadScenario } from "../../../scenarios/load.ts"
import { clusterExecutorLayer } from "../../../twin/parallel/cluster/cluster-executor.ts"
import { runMessageSweep } from "../../../twin/sweep/message/message-sweep.ts"
import { type Postgres, startPostgres } from "../../support/postgres.ts"

const small = fileURLToPath(new URL("../sweep/fixtures/tiny-monte-carlo.yaml", import.meta.url))
let pg: Postgres | undefined

beforeAll(async () => {
  pg = await startPostgres()
}, 120_000)

afterAll(async () => {
  await pg?.stop()
}, 60_000)

describe("TaskExecutor on effect/cluster with no runner up", () => {
  it("says it waits for a runner with 2 of 2 tasks queued, and counts the 2 tasks from the start", async () => {
    const scenario = await Effect.runPromise(loadScenario(small, { catalogues }).pipe(Effect.provide(NodeServices.layer)))
    const progress: Array<readonly [number, number]> = []
    let told: ((queued: readonly [number, number]) => void) | undefined
    const waiting = new Promise<readonly [number, number]>((resolve) => (told = resolve))
    const layer = clusterExecutorLayer(pg!.url, undefined, { onNoRunner: (queued, total) => told?.([queued, total]) })
    // random:2 × 1 seed: two sweep.message tasks, which no one will run.
    const fiber = Effect.runFork(
      Effect.scoped(runMessageSweep(scenario, small, { count: 2, seed: scenario.seed, seeds: 1, estate: undefined }, (done, total) => progress.push([done, total]))).pipe(Effect.provide(layer))
    )
    expect(await waiting).toEqual([2, 2])
    expect(progress).toEqual([[0, 2]])
    await Effect.runPromise(Fiber.interrupt(fiber))
  }, 120_000)
})
