import { readFileSync } from "node:fs"
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { defaultEstatePath, parseEstate } from "../../../topology/load.ts"
import { buildModel } from "../../../topology/model.ts"
import { parseClock } from "../../../twin/engine/time.ts"
import { encodeTraceEvent, MemoryTrace, type TraceEvent } from "../../../twin/engine/trace.ts"
import { type Part, type PartSettings, sharedNodes, startPart, systemParts } from "../../../twin/simulate/parts.ts"
import { simulate } from "../../../twin/simulate/simulate.ts"
import { type PartProgress, simulateInParts } from "../../../twin/simulate/simulate-in-parts.ts"
import { task } from "../../../twin/parallel/task.ts"
import { allSystems } from "../../../twin/simulate/systems.ts"
import { ocgWiring } from "../../../twin/simulate/wire-ocg.ts"

const parsed = parseEstate("default", readFileSync(defaultEstatePath, "utf8"))
if (Result.isFailure(parsed)) throw new Error("default estate does not parse")
const model = buildModel(parsed.success)

// Across the opening of continuous trading: logons, orders, executions, market data, SFTP, China Connect.
const window = { from: parseClock("09:28")!, to: parseClock("09:34")! }
const settings: PartSettings = { seed: 3, window, moved: ["access-dc1-b"], metricsEvery: 60_000_000 }

const split = async (workers: number) => {
  const trace = new MemoryTrace()
  const progress: Array<ReadonlyArray<PartProgress>> = []
  const summary = await simulateInParts({ model, ...settings, workers, trace, onProgress: (parts) => progress.push(parts) })
  return { summary, lines: trace.events.map(encodeTraceEvent), progress }
}

/** A metrics line without its event count (a cost figure: each part also counts its own hooks). */
const withoutCount = (line: string) => line.replace(/,"events":\d+\}\}$/, "}}")

describe("simulate in parts (twin simulate on two cores)", () => {
  it("gives the same bytes on one thread and on two", async () => {
    const [one, two] = [await split(1), await split(2)]
    expect(two.summary.oneWorld).toBeUndefined()
    expect(two.summary.parts).toEqual([["otp-c"], ["otp-csc", "omd-c", "omd-cc", "ecp-sftp"]])
    expect(one.lines.length).toBeGreaterThan(5_000)
    expect(two.lines).toEqual(one.lines)
    expect(two.summary).toEqual(one.summary)
    // Progress names each part; the last report has every part at the window's end with all its events.
    for (const run of [one, two]) {
      const last = run.progress.at(-1)!
      expect(last.map((p) => [p.services[0], p.now])).toEqual([["otp-c", window.to], ["otp-csc", window.to]])
      expect(last[0]!.events + last[1]!.events).toBe(run.summary.events)
    }
    // On one thread the parts run one after the other: the first is done before the second reports.
    const secondStarts = one.progress.findIndex((parts) => parts[1]!.events > 0)
    expect(one.progress.slice(secondStarts).every((parts) => parts[0]!.now === window.to)).toBe(true)
  }, 120_000)

  it("is the one-world trace with the events of each instant grouped by part: same events, instants and order per part", async () => {
    const whole = new MemoryTrace()
    const wholeSummary = simulate({ model, ...settings, wirings: allSystems, trace: whole })
    const { summary, lines } = await split(1)
    // Which part wrote each line: run the parts alone.
    const partOf = new Map<string, number>()
    systemParts.forEach((part, i) => {
      for (const e of startPart(model, part, settings).run().events) partOf.set(encodeTraceEvent(e), i)
    })
    const wholeLines = whole.events.map(encodeTraceEvent)
    // Stable sort of the one-world trace by (instant, part): the header first, metrics where part 0 has them.
    const key = (e: TraceEvent, line: string) => (e.kind === "metrics" || e.kind === "trace.start" || e.kind === "estate.layout" ? 0 : partOf.get(line))
    const regrouped = whole.events
      .map((e, i) => ({ e, line: wholeLines[i]!, part: key(e, wholeLines[i]!), i }))
      .sort((a, b) => a.e.t - b.e.t || a.part! - b.part! || a.i - b.i)
    expect(regrouped.filter((r) => r.part === undefined)).toEqual([])
    expect(lines.map(withoutCount)).toEqual(regrouped.map((r) => withoutCount(r.line)))
    // Both parts are in it, and the summaries agree (events: each part runs its own hooks).
    expect(new Set(regrouped.map((r) => r.part))).toEqual(new Set([0, 1]))
    expect(lines.some((l) => l.includes('"kind":"ocg.session"'))).toBe(true)
    expect(lines.some((l) => l.includes('"kind":"omd.'))).toBe(true)
    expect(summary.health).toEqual(wholeSummary.health)
    expect(summary.events).toBeGreaterThan(wholeSummary.events)
    expect(summary.events - wholeSummary.events).toBeLessThan(30)
  }, 120_000)

  it("finds no node two parts share on the default estate, and finds them where parts do", () => {
    const nodes = (parts: ReadonlyArray<Part>) => parts.map((p) => startPart(model, p, settings).simulation.runtime.machineNodes())
    expect(sharedNodes(model, nodes(systemParts))).toEqual([])
    expect(sharedNodes(model, nodes([systemParts[0]!, { wirings: [ocgWiring], services: [] }]))).toContain("ocg-dc1-01")
  })

  it("fails with the worker's error when the worker's part fails: at this thread's next pause, not after its part or never", async () => {
    // The worker is asked for a part there is not: its part fails as it starts, while this thread's runs on
    // through two and a half trading hours (~8 s alone).
    const to = parseClock("12:00")!
    let reached = 0
    const failing = simulateInParts({
      model,
      ...settings,
      window: { from: parseClock("09:30")!, to },
      workers: 2,
      trace: new MemoryTrace(),
      extend: { wirings: () => [], task: (input) => task("simulate.part", { ...input, part: 99 }) },
      onStep: (now) => void (reached = now)
    })
    await expect(failing).rejects.toThrow("no part 99")
    expect(reached).toBeLessThan(to - 15 * 60_000_000)
  }, 60_000)
})
