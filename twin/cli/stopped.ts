/**
 * The line a run stopped by Ctrl-C or SIGTERM ends with: `stopped at HH:MM:SS (simulated)`, how far the
 * simulation got; a sweep or plan search, whose tasks are many simulations, `stopped after 3/22 tasks`.
 * The exit code (130 for SIGINT, 143 for SIGTERM) is main.ts's.
 */
import { Console, Effect } from "effect"
import { formatClock, type Micros } from "../engine/time.ts"

export const stoppedAt = (reached: () => Micros) => <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  self.pipe(Effect.onInterrupt(() => Console.error(`${process.stderr.isTTY ? "\n" : ""}stopped at ${formatClock(reached()).slice(0, 8)} (simulated)`)))

export const stoppedAfter = (reached: () => string) => <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  self.pipe(Effect.onInterrupt(() => Console.error(`${process.stderr.isTTY ? "\n" : ""}stopped after ${reached()} tasks`)))
