/**
 * One row of the scale benchmark (scale.ts), run in a process of its own so that its peak memory is its
 * own: `node bench/scale-row.ts PARTICIPANTS FROM TO [TRADING_PARTS]` simulates the window as `twin simulate`
 * does (in two parts on two threads — with TRADING_PARTS, the trading path in that many parts by
 * participants, `--trading-parts` —, the trace encoded to NDJSON and dropped) on the default estate (640) or a
 * generated one, and prints one JSON line: participants, events, wall seconds (the run, not the estate's
 * generation), the main thread's heap at its largest (sampled at every progress report) and the process's
 * peak resident memory (all threads). How far each part got goes to stderr as it runs.
 */
import { readFileSync } from "node:fs"
import { Result } from "effect"
import { defaultSeed, generateEstate } from "../topology/generate/default-estate.ts"
import { defaultEstatePath, parseEstate } from "../topology/load.ts"
import { buildModel, type EstateModel } from "../topology/model.ts"
import { formatClock, parseClock } from "../twin/engine/time.ts"
import { NdjsonTrace } from "../twin/engine/trace.ts"
import { type PartProgress, simulateInParts } from "../twin/simulate/simulate-in-parts.ts"

/** The default estate's participants: that estate itself rather than a generated one of the same size. */
const DEFAULT_PARTICIPANTS = 640

export interface ScaleRow {
  readonly participants: number
  readonly from: string
  readonly to: string
  readonly events: number
  readonly seconds: number
  readonly heapPeakGb: number
  readonly rssPeakGb: number
}

const modelFor = (participants: number): EstateModel => {
  if (participants === DEFAULT_PARTICIPANTS) {
    const parsed = parseEstate("default", readFileSync(defaultEstatePath, "utf8"))
    if (Result.isFailure(parsed)) throw new Error("the default estate does not parse")
    return buildModel(parsed.success)
  }
  return buildModel(generateEstate({ participants, seed: defaultSeed }))
}

const [participantsArg, fromArg, toArg, tradingPartsArg] = process.argv.slice(2)
const tradingParts = Number(tradingPartsArg ?? 1)
const participants = Number(participantsArg)
const from = parseClock(fromArg ?? "")
const to = parseClock(toArg ?? "")
if (!Number.isInteger(participants) || participants <= 0 || from === undefined || to === undefined || to <= from || !Number.isInteger(tradingParts) || tradingParts < 1) {
  throw new Error(`usage: node bench/scale-row.ts PARTICIPANTS FROM TO [TRADING_PARTS] (e.g. 6000 06:00 18:30 3), got ${process.argv.slice(2).join(" ")}`)
}
const model = modelFor(participants)
let heapPeak = process.memoryUsage().heapUsed
const t0 = performance.now()
// Every progress report: the heap, and how far each part got on stderr (a long run shows its pace).
const sample = (parts: ReadonlyArray<PartProgress> = []): void => {
  heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed)
  const at = parts.map((p) => `${p.services[0]} ${formatClock(p.now)} ${p.events} events`).join(" | ")
  if (parts.length > 0) process.stderr.write(`${((performance.now() - t0) / 1000).toFixed(0)} s: ${at}\n`)
}
const trace = new NdjsonTrace(() => {})
const summary = await simulateInParts({ model, seed: 1, window: { from, to }, workers: 2, tradingParts, trace, onProgress: sample })
trace.drain()
const seconds = (performance.now() - t0) / 1000
sample()
const row: ScaleRow = {
  participants: model.file.participants.length,
  from: fromArg!,
  to: toArg!,
  events: summary.events,
  seconds,
  heapPeakGb: heapPeak / 1e9,
  // maxRSS is in kilobytes.
  rssPeakGb: (process.resourceUsage().maxRSS * 1024) / 1e9
}
console.log(JSON.stringify(row))
