/**
 * One part run on a worker thread (twin/simulate/worker-lane.ts `runOn`): its output, its error, and a thread
 * that exits without either (a model's `process.exit`, a `terminate`) — that must end the wait, not hang it.
 */
import { Cause, Effect, Exit } from "effect"
import { Worker } from "node:worker_threads"
import { describe, expect, it } from "vitest"
import type { PartTaskInput } from "../../../twin/simulate/part-task.ts"
import { task } from "../../../twin/parallel/task.ts"
import { runOn } from "../../../twin/simulate/worker-lane.ts"

/** A worker that answers its first request as `answer` (JavaScript run on it) says. */
const answering = (answer: string): Worker =>
  new Worker(`require("node:worker_threads").parentPort.once("message", ({ id }) => { ${answer} })`, { eval: true })

const message = task("simulate.part", {} as PartTaskInput)

const run = (worker: Worker) => Effect.runPromiseExit(runOn(worker, 4, message, []))

const defect = (exit: Exit.Exit<unknown>): string => {
  if (Exit.isSuccess(exit)) return "succeeded"
  const [first] = Cause.prettyErrors(exit.cause)
  return first?.message ?? "no error"
}

describe("a part run on a worker thread", () => {
  it("returns the part's output, or fails with its error", async () => {
    const ok = answering(`require("node:worker_threads").parentPort.postMessage({ id, output: { events: [], part: id } })`)
    expect(await run(ok)).toEqual(Exit.succeed({ events: [], part: 4 }))
    await ok.terminate()
    const failed = answering(`require("node:worker_threads").parentPort.postMessage({ id, error: "no part 4" })`)
    expect(defect(await run(failed))).toBe("no part 4")
    await failed.terminate()
  })

  it("fails, not waits, when the thread exits without answering", async () => {
    expect(defect(await run(answering("process.exit(5)")))).toBe("the worker's thread exited (code 5) while running part 4")
  })
})
