/**
 * `Simulation.finish` as an effect that can be stopped: the same chunks and progress reports, but run in
 * steps of STEP simulated time with a turn of the event loop after each, so that Ctrl-C or SIGTERM (an
 * interrupt of the fiber) lands within a step rather than after the whole window. `between` runs after each
 * step (the CLI appends the trace written so far to its file). The trace does not depend on where the run
 * pauses (simulate.ts `Simulation`), so it is byte for byte the trace of `finish`.
 */
import { Effect } from "effect"
import { type Micros, seconds } from "../engine/time.ts"
import { PROGRESS_CHUNK, type Simulation, type SimulationSummary } from "./simulate.ts"

/** Simulated time between pauses: a busy minute of the default estate runs in well under a second. */
export const STEP: Micros = seconds(10)

/** One turn of the event loop (its poll phase, where signals arrive); interrupting it cancels the turn. */
export const pause: Effect.Effect<void> = Effect.callback<void>((resume) => {
  const handle = setImmediate(() => resume(Effect.void))
  return Effect.sync(() => clearImmediate(handle))
})

export const finishInSteps = <E = never, R = never>(
  simulation: Simulation,
  between: Effect.Effect<void, E, R> = Effect.void
): Effect.Effect<SimulationSummary, E, R> =>
  Effect.gen(function*() {
    const { window, runtime } = simulation
    for (let t = Math.max(window.from, runtime.now); t < window.to; t = Math.min(window.to, t + PROGRESS_CHUNK)) {
      const end = t + PROGRESS_CHUNK
      for (let s = t + STEP; s < Math.min(end, window.to); s += STEP) {
        simulation.runTo(s)
        yield* between
        yield* pause
      }
      simulation.runTo(end)
      simulation.progress()
      yield* between
      yield* pause
    }
    return simulation.summarise()
  })
