/**
 * Engine benchmark: simulated windows of the trading day on the default estate (640 participants) and on a
 * generated estate of 6,000, every system wired, the trace encoded to NDJSON in memory (not written to
 * disk). Reports wall time, engine events and events per second, side by side in one run.
 */
import { readFileSync } from "node:fs"
import { Result } from "effect"
import { defaultSeed, generateEstate } from "../topology/generate/default-estate.ts"
import { defaultEstatePath, parseEstate } from "../topology/load.ts"
import { buildModel, type EstateModel } from "../topology/model.ts"
import type { EstateFile } from "../topology/schema.ts"
import { parseClock } from "../twin/engine/time.ts"
import { NdjsonTrace } from "../twin/engine/trace.ts"
import { simulate } from "../twin/simulate/simulate.ts"
import { simulateInParts } from "../twin/simulate/simulate-in-parts.ts"
import { allSystems } from "../twin/simulate/systems.ts"

const modelOf = (estate: EstateFile): EstateModel => buildModel(estate)

const defaultModel = (): EstateModel => {
  const parsed = parseEstate("default", readFileSync(defaultEstatePath, "utf8"))
  if (Result.isFailure(parsed)) throw new Error("default estate does not parse")
  return modelOf(parsed.success)
}

/** Wall time and engine events of one simulated hour inside a longer run (from its 10-minute progress steps). */
interface HourCost {
  readonly hour: string
  readonly seconds: number
  readonly events: number
}

const runWindow = (model: EstateModel, from: string, to: string) => {
  let bytes = 0
  const trace = new NdjsonTrace((chunk) => {
    bytes += chunk.length
  })
  const hours = new Map<number, { seconds: number; events: number }>()
  let last = { at: performance.now(), events: 0 }
  const t0 = performance.now()
  const summary = simulate({
    model,
    seed: 1,
    window: { from: parseClock(from)!, to: parseClock(to)! },
    wirings: allSystems,
    trace,
    onProgress: (now, events) => {
      // A step ending at 10:00 belongs to the 09:00 hour.
      const hour = Math.floor((now - 1) / 3_600_000_000)
      const h = hours.get(hour) ?? { seconds: 0, events: 0 }
      const at = performance.now()
      hours.set(hour, { seconds: h.seconds + (at - last.at) / 1000, events: h.events + events - last.events })
      last = { at, events }
    }
  })
  trace.drain()
  const seconds = (performance.now() - t0) / 1000
  const perHour: Array<HourCost> = [...hours].map(([h, c]) => ({ hour: `${String(h).padStart(2, "0")}:00`, ...c }))
  return { seconds, events: summary.events, lines: trace.count, bytes, perHour }
}

/** The whole day as `twin simulate` runs it: in parts (twin/simulate/parts.ts) on `workers` threads. */
const runDayInParts = async (model: EstateModel, workers: number) => {
  const trace = new NdjsonTrace(() => {})
  const t0 = performance.now()
  const summary = await simulateInParts({ model, seed: 1, window: { from: parseClock("06:00")!, to: parseClock("18:30")! }, workers, trace })
  trace.drain()
  return { seconds: (performance.now() - t0) / 1000, events: summary.events, lines: trace.count }
}

export const renderSimulateBench = async (wholeDay: boolean): Promise<string> => {
  const lines = [
    "engine: simulated windows, every system wired (wall time on this machine)",
    "| estate | participants | window | wall s | engine events | events/s | trace lines |",
    "|---|---:|---|---:|---:|---:|---:|"
  ]
  const small = defaultModel()
  const row = (label: string, model: EstateModel, from: string, to: string) => {
    const r = runWindow(model, from, to)
    lines.push(
      `| ${label} | ${model.file.participants.length} | ${from}–${to} | ${r.seconds.toFixed(1)} | ${r.events.toLocaleString("en")} | ` +
        `${Math.round(r.events / r.seconds).toLocaleString("en")} | ${r.lines.toLocaleString("en")} |`
    )
    return r
  }
  const after: Array<string> = []
  if (wholeDay) {
    // First, while the process is fresh as `twin simulate`'s is: the day in two parts on two threads, then
    // the same day in one world on one thread, side by side.
    const split = await runDayInParts(small, 2)
    lines.push(
      `| default, in 2 parts on 2 threads (twin simulate) | ${small.file.participants.length} | 06:00–18:30 | ${split.seconds.toFixed(1)} | ` +
        `${split.events.toLocaleString("en")} | ${Math.round(split.events / split.seconds).toLocaleString("en")} | ${split.lines.toLocaleString("en")} |`
    )
    const d = row("default, one world", small, "06:00", "18:30")
    after.push(`whole day in parts on 2 threads ÷ one world: ${(split.seconds / d.seconds).toFixed(2)}`)
    after.push(`target: whole day of the default estate under 60 s (twin simulate) → ${split.seconds < 60 ? "met" : "NOT met"} (${split.seconds.toFixed(0)} s)`)
    // An idle hour (OCG-C heartbeats elided, the other protocols' keepalives simulated) and a trading hour.
    after.push("", "whole day by hour (default estate, one world)", "| hour | wall s | engine events |", "|---|---:|---:|")
    for (const h of d.perHour) after.push(`| ${h.hour} | ${h.seconds.toFixed(1)} | ${h.events.toLocaleString("en")} |`)
  } else {
    after.push("whole day: `npm run bench -- day` (takes minutes)")
  }
  const a = row("default", small, "09:00", "10:00")
  const b = row("generated", modelOf(generateEstate({ participants: 6_000, seed: defaultSeed })), "09:00", "10:00")
  lines.push(`growth 640 → 6,000 participants (same window): × ${(b.seconds / a.seconds).toFixed(1)} wall time, × ${(b.events / a.events).toFixed(1)} events`)
  lines.push(...after)
  return lines.join("\n")
}
