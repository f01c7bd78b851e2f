/**
 * The TaskExecutor seam: both local layers return outputs in task order, typed by the kind (TaskMap), and
 * report a failing task; what a lane keeps between tasks lives as long as the layer. The kinds used here
 * are the tests' own (test-tasks.ts), registered at run time: the pool passes their registration on to the
 * worker threads.
 */
import { Effect, Exit, Layer } from "effect"
import { describe, expect, it } from "vitest"
import { TaskExecutor } from "../../../twin/parallel/executor.ts"
import { registerTaskModule, taskHandler } from "../../../twin/parallel/task-handlers.ts"
import { squareModule, tallyModule } from "./test-tasks.ts"

registerTaskModule("square", squareModule)
registerTaskModule("tally", tallyModule)

const squares = (layer: Layer.Layer<TaskExecutor>, inputs: ReadonlyArray<number>) =>
  Effect.runPromiseExit(Effect.scoped(Effect.gen(function*() {
    const executor = yield* TaskExecutor
    const seen: Array<number> = []
    // Typed by the kind: `square` takes numbers and gives numbers, no cast.
    const out: ReadonlyArray<number> = yield* executor.run("square", inputs, (done) => seen.push(done))
    return { out, seen }
  })).pipe(Effect.provide(layer)))

describe("TaskExecutor", () => {
  it("in process and on three worker threads: outputs in task order, progress counted to the end", async () => {
    const inputs = Array.from({ length: 20 }, (_, i) => i)
    for (const layer of [TaskExecutor.layerInProcess, TaskExecutor.layerLocalWorkers(3)]) {
      const exit = await squares(layer, inputs)
      // 0², 1², …, 19² in input order: 0, 1, 4, …, 361; progress 0 at the start (a run that waits for its
      // first task says so), then 1, 2, …, 20.
      expect(Exit.isSuccess(exit) && exit.value.out).toEqual(inputs.map((i) => i * i))
      expect(Exit.isSuccess(exit) && exit.value.seen).toEqual([0, ...inputs.map((i) => i + 1)])
    }
  }, 60_000)

  it("a task kind nobody handles fails with TaskFailed naming it", async () => {
    const exit = await Effect.runPromiseExit(Effect.scoped(Effect.gen(function*() {
      const executor = yield* TaskExecutor
      // @ts-expect-error -- not a kind of TaskMap: refused by the types, and by the registry at run time
      return yield* executor.run("no-such-kind", [1])
    })).pipe(Effect.provide(TaskExecutor.layerLocalWorkers(2))))
    expect(Exit.isFailure(exit) && JSON.stringify(exit.cause)).toContain("no handler for task kind no-such-kind")
  }, 60_000)

  it("a lane's memo lives as long as the layer: a second layer starts from nothing", async () => {
    const tallies = () =>
      Effect.runPromise(Effect.gen(function*() {
        const executor = yield* TaskExecutor
        const first = yield* executor.run("tally", [null, null, null])
        const second = yield* executor.run("tally", [null, null])
        return [first, second]
      }).pipe(Effect.provide(TaskExecutor.layerInProcess)))
    // One layer, one lane: five tally tasks count 1..5 across its two runs; the next layer counts afresh.
    expect(await tallies()).toEqual([[1, 2, 3], [4, 5]])
    expect(await tallies()).toEqual([[1, 2, 3], [4, 5]])
  })

  it("a shipped kind cannot be registered again, and a registered module must export the handler", async () => {
    expect(() => registerTaskModule("sweep.single", squareModule)).toThrow("task kind sweep.single is shipped; it cannot be registered again")
    registerTaskModule("cube", { module: squareModule.module, export: "cube" })
    await expect(taskHandler("cube")).rejects.toThrow(`task kind cube: ${squareModule.module} has no function export cube`)
  })
})
