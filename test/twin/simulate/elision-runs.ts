/** What the elision tests share: a window of the default estate run with given wirings, and what they compare. */
import { readFileSync } from "node:fs"
import { Result } from "effect"
import { defaultEstatePath, parseEstate } from "../../../topology/load.ts"
import { buildModel } from "../../../topology/model.ts"
import { parseClock } from "../../../twin/engine/time.ts"
import { MemoryTrace, type TraceEvent } from "../../../twin/engine/trace.ts"
import { simulate } from "../../../twin/simulate/simulate.ts"
import type { Wiring } from "../../../twin/simulate/wiring.ts"

const parsed = parseEstate("default", readFileSync(defaultEstatePath, "utf8"))
if (Result.isFailure(parsed)) throw new Error("default estate does not parse")
const model = buildModel(parsed.success)

export const at = (clock: string) => parseClock(clock)!

/** The default estate from `from` to `to` with `wirings`: its engine events and trace. */
export const runDefault = (seed: number, from: string, to: string, wirings: ReadonlyArray<Wiring>) => {
  const trace = new MemoryTrace()
  const summary = simulate({ model, seed, window: { from: at(from), to: at(to) }, wirings, trace })
  return { events: summary.events, trace: trace.events }
}

/** The trace but the engine's event count (`metrics.events`): the one thing elision changes. */
export const observable = (events: ReadonlyArray<TraceEvent>) =>
  events.map((e) => (e.kind === "metrics" ? { ...e, data: { ...e.data, events: 0 } } : e))
