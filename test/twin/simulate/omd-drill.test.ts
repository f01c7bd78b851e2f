import { readFileSync } from "node:fs"
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { defaultEstatePath, parseEstate } from "../../../topology/load.ts"
import { buildModel } from "../../../topology/model.ts"
import { parseClock } from "../../../twin/engine/time.ts"
import { MemoryTrace } from "../../../twin/engine/trace.ts"
import { simulate } from "../../../twin/simulate/simulate.ts"
import { omdWiring } from "../../../twin/simulate/wire-omd.ts"
import type { Wiring } from "../../../twin/simulate/wiring.ts"

const parsed = parseEstate("default", readFileSync(defaultEstatePath, "utf8"))
if (Result.isFailure(parsed)) throw new Error("default estate does not parse")
const model = buildModel(parsed.success)

/** OMD on the default estate from 09:30 for two minutes, with `lossPct` on the given publisher uplinks from 09:31. */
const drill = (lossyLinks: ReadonlyArray<string>) => {
  const trace = new MemoryTrace()
  const faults: Wiring = {
    system: "faults",
    wire: ({ runtime, world }) =>
      runtime.at(parseClock("09:31")!, () => {
        for (const link of lossyLinks) world.impairLink(link, { lossPct: 0.5 })
      })
  }
  simulate({
    model,
    seed: 11,
    window: { from: parseClock("09:30")!, to: parseClock("09:32")! },
    wirings: [omdWiring, faults],
    trace,
    metricsEvery: 60_000_000
  })
  const of = (kind: string) => trace.events.filter((e) => e.kind === kind)
  return { trace, gaps: of("omd.gap"), recovered: of("omd.recovered"), unrecovered: of("omd.loss.unrecovered") }
}

describe("OMD on the default estate (cohorts of feed handlers)", () => {
  it("loss on line A only is filled from line B: no gap anywhere", () => {
    const { gaps, unrecovered, trace } = drill(["omdc-pub-dc1-a--old-dist-dc1-a"])
    expect(trace.events.some((e) => e.kind === "world.change")).toBe(true)
    expect(gaps).toEqual([])
    expect(unrecovered).toEqual([])
  })

  it("loss on both lines leaves gaps where both lost the same seqs; every one is recovered from RTS", () => {
    const { gaps, recovered, unrecovered } = drill(["omdc-pub-dc1-a--old-dist-dc1-a", "omdc-pub-dc1-b--old-dist-dc1-b"])
    expect(gaps.length).toBeGreaterThan(0)
    expect(unrecovered).toEqual([])
    const size = (es: typeof gaps) => es.reduce((n, e) => n + (e.data.size as number), 0)
    expect(size(recovered)).toBe(size(gaps))
    expect(new Set(recovered.map((e) => e.data.via))).toEqual(new Set(["rts"]))
    // Every OMD-C subscriber is behind the two lossy links (OMD-CC's publishers are not): each sees gaps,
    // one event per member of each cohort.
    const perParticipant = new Map<string, number>()
    for (const g of gaps) if (g.subject.startsWith("P")) perParticipant.set(g.subject, (perParticipant.get(g.subject) ?? 0) + 1)
    expect(perParticipant.size).toBe(model.file.participants.filter((p) => p.omdC.length > 0).length)
  })
})
