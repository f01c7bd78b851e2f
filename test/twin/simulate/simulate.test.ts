import { readFileSync } from "node:fs"
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { defaultEstatePath, parseEstate } from "../../../topology/load.ts"
import { buildModel } from "../../../topology/model.ts"
import { validateEstate } from "../../../topology/validate.ts"
import { parseClock } from "../../../twin/engine/time.ts"
import { encodeTraceEvent, MemoryTrace } from "../../../twin/engine/trace.ts"
import { simulate } from "../../../twin/simulate/simulate.ts"
import { allSystems } from "../../../twin/simulate/systems.ts"

const parsed = parseEstate("default", readFileSync(defaultEstatePath, "utf8"))
if (Result.isFailure(parsed)) throw new Error("default estate does not parse")
const model = buildModel(parsed.success)

const run = (seed: number, from = "09:00", to = "09:20") => {
  const trace = new MemoryTrace()
  const summary = simulate({
    model,
    seed,
    window: { from: parseClock(from)!, to: parseClock(to)! },
    wirings: allSystems,
    trace,
    metricsEvery: 300_000_000
  })
  return { summary, trace, text: trace.events.map(encodeTraceEvent).join("\n") }
}

describe("simulate on the default estate", () => {
  it("is deterministic: the same seed gives the same trace, byte for byte; another seed another trace", () => {
    const a = run(7)
    const b = run(7)
    const c = run(8)
    expect(a.trace.events.length).toBeGreaterThan(1_000)
    expect(b.text).toBe(a.text)
    expect(c.text).not.toBe(a.text)
  })

  it("opens with trace.start and samples metrics at the interval", () => {
    const { trace } = run(1)
    expect(trace.events[0]).toMatchObject({ t: parseClock("09:00"), kind: "trace.start", subject: "twin" })
    expect(trace.events[0]!.data).toMatchObject({ version: 1, estate: "hkex-securities-backbone", seed: 1, participants: 640 })
    expect(trace.ofKind("metrics").map((e) => e.t)).toEqual(["09:00", "09:05", "09:10", "09:15", "09:20"].map((t) => parseClock(t)))
  })

  it("with nothing failing, every participant keeps its static health all through the window", () => {
    const { summary, trace } = run(3)
    // The static N-1 analysis says 214 OCG-C users have a single point of failure (their one circuit).
    expect(summary.health["otp-c"]).toEqual({ served: 396, "served-without-redundancy": 214, degraded: 0, down: 0 })
    expect(trace.ofKind("health").filter((e) => e.data.status === "down")).toEqual([])
  })
})

describe("metrics samples", () => {
  it("closes the window with a sample when the interval does not land on its end", () => {
    // A window of 1m30s sampled every minute: 09:29:00 and 09:30:00, then 09:30:30 — without the last, the
    // 30 s after 09:30:00 are in no sample's interval, and a report would draw them as 09:30:00's instant.
    const name = "test/twin/simulate/fixtures/hand-estate.yaml"
    const parsed = parseEstate(name, readFileSync(name, "utf8"))
    if (Result.isFailure(parsed)) throw new Error("hand estate does not parse")
    const valid = validateEstate(name, parsed.success)
    if (Result.isFailure(valid)) throw new Error("hand estate is not valid")
    const trace = new MemoryTrace()
    simulate({
      model: valid.success.model,
      seed: 1,
      window: { from: parseClock("09:29")!, to: parseClock("09:30:30")! },
      wirings: allSystems,
      trace,
      metricsEvery: 60_000_000
    })
    expect(trace.ofKind("metrics").map((e) => e.t)).toEqual(["09:29", "09:30", "09:30:30"].map((t) => parseClock(t)))
  })
})
