/** The TaskExecutor seam: both local layers return outputs in task order, and report a failing task. */
import { Effect, Exit, Layer } from "effect"
import { describe, expect, it } from "vitest"
import { TaskExecutor } from "../../../twin/parallel/executor.ts"

const run = (layer: Layer.Layer<TaskExecutor>, inputs: ReadonlyArray<unknown>, kind = "square") =>
  Effect.runPromiseExit(Effect.scoped(Effect.gen(function*() {
    const executor = yield* TaskExecutor
    const seen: Array<number> = []
    const out = yield* executor.run(inputs.map((input) => ({ kind, input })), (done) => seen.push(done))
    return { out, seen }
  })).pipe(Effect.provide(layer)))

describe("TaskExecutor", () => {
  it("in process and on three worker threads: outputs in task order, progress counted to the end", async () => {
    const inputs = Array.from({ length: 20 }, (_, i) => i)
    for (const layer of [TaskExecutor.layerInProcess, TaskExecutor.layerLocalWorkers(3)]) {
      const exit = await run(layer, inputs)
      expect(Exit.isSuccess(exit) && exit.value.out).toEqual(inputs.map((i) => i * i))
      expect(Exit.isSuccess(exit) && exit.value.seen).toEqual(inputs.map((i) => i + 1))
    }
  }, 60_000)

  it("a task kind nobody handles fails with TaskFailed naming it", async () => {
    const exit = await run(TaskExecutor.layerLocalWorkers(2), [1], "no-such-kind")
    expect(Exit.isFailure(exit) && JSON.stringify(exit.cause)).toContain("no handler for task kind no-such-kind")
  }, 60_000)
})
