/**
 * `finishInSteps` (the CLI's stoppable run) gives the trace, progress reports and summary of `finish`,
 * byte for byte — it pauses every 10 simulated seconds but the kernel's order does not depend on where a
 * run stops — and an interrupt ends it at a pause, with the clock where it stopped.
 */
import * as NodeServices from "@effect/platform-node/NodeServices"
import { Effect, Exit, Fiber } from "effect"
import { describe, expect, it } from "vitest"
import { catalogues } from "../../../scenarios/catalogues.ts"
import { loadScenario } from "../../../scenarios/load.ts"
import { startScenario } from "../../../scenarios/run.ts"
import { encodeTraceEvent, MemoryTrace } from "../../../twin/engine/trace.ts"
import { finishInSteps, STEP } from "../../../twin/simulate/finish-in-steps.ts"

const scenario = await Effect.runPromise(
  loadScenario(new URL("../serve/fixtures/tiny-drill.yaml", import.meta.url).pathname, { catalogues }).pipe(Effect.provide(NodeServices.layer))
)

const started = () => {
  const trace = new MemoryTrace()
  const progress: Array<[number, number]> = []
  const run = startScenario(scenario, { trace, onProgress: (now, events) => progress.push([now, events]) })
  return { trace, progress, run }
}
const text = (trace: MemoryTrace) => trace.events.map(encodeTraceEvent).join("\n")

describe("finishInSteps", () => {
  it("gives the trace, progress and report of finish(), byte for byte", async () => {
    const whole = started()
    const report = whole.run.finish()
    const stepped = started()
    let pauses = 0
    const summary = await Effect.runPromise(finishInSteps(stepped.run.simulation, Effect.sync(() => void pauses++)))
    expect(text(stepped.trace)).toBe(text(whole.trace))
    expect(stepped.progress).toEqual(whole.progress)
    expect(stepped.run.report(summary)).toEqual(report)
    // One pause per step: 09:00–09:20 is 1,200 s, 120 steps of 10 s (each 10-minute chunk ends on a step).
    expect(pauses).toBe(120)
  })

  it("stops at a pause when interrupted: the clock where it stopped, before the window's end", async () => {
    const { run } = started()
    // Effect.never at the third pause: the run waits there until interrupted (once there, not after a guess
    // at how long three steps take: on a loaded machine 50 ms was not always enough).
    let atThird!: () => void
    const third = new Promise<void>((resolve) => (atThird = resolve))
    const between = Effect.suspend(() => (run.simulation.runtime.now >= scenario.window.from + 3 * STEP ? Effect.sync(atThird).pipe(Effect.andThen(Effect.never)) : Effect.void))
    const fiber = Effect.runFork(finishInSteps(run.simulation, between))
    await third
    const exit = await Effect.runPromise(Fiber.interrupt(fiber).pipe(Effect.andThen(Fiber.await(fiber))))
    expect(Exit.hasInterrupts(exit)).toBe(true)
    expect(run.simulation.runtime.now).toBe(scenario.window.from + 3 * STEP)
  })
})
