/**
 * A live world on two threads with the trading path split by participants (`threads: 2, tradingParts: K`,
 * live-session.ts; parted/trading-share.ts): the worker runs the first K − 1 trading parts, the serving
 * thread the last beside the other systems. Without controls its trace is `twin simulate --trading-parts K`'s
 * of the same window, byte for byte, however the steps cut it; with a link down, its end and a unit moved,
 * every part answers alike and the world's lines are written once.
 */
import { readFileSync } from "node:fs"
import { Result } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { defaultEstatePath, parseEstate } from "../../../topology/load.ts"
import { buildModel } from "../../../topology/model.ts"
import { parseClock } from "../../../twin/engine/time.ts"
import { encodeTraceEvent, MemoryTrace } from "../../../twin/engine/trace.ts"
import { LiveSession, type WorldControl } from "../../../twin/serve/live-session.ts"
import { simulateInParts } from "../../../twin/simulate/simulate-in-parts.ts"

const parsed = parseEstate("default", readFileSync(defaultEstatePath, "utf8"))
if (Result.isFailure(parsed)) throw new Error("the default estate does not parse")
const model = buildModel(parsed.success)
const window = { from: parseClock("09:25")!, to: parseClock("09:40")! }
const STEP = 23_000_000
const link = model.file.participants[0]!.circuits[0]!.id
const unit = model.file.cutoverUnits[0]!.id

const sessions: Array<LiveSession> = []
afterAll(() => Promise.all(sessions.map((s) => s.close())))

const live = (tradingParts: number, controls: ReadonlyMap<number, WorldControl> = new Map()) => {
  const s = new LiveSession({ model, seed: 1, window, moved: [], threads: 2, tradingParts })
  sessions.push(s)
  const answers: Array<string> = []
  for (let k = 1; !s.over; k++) {
    s.advance(s.now + STEP)
    const control = controls.get(k)
    if (control === undefined) continue
    const answer = s.apply(control)
    answers.push(Result.isSuccess(answer) ? answer.success : `refused: ${answer.failure}`)
  }
  return { lines: s.lines, answers }
}

const kinds = (lines: ReadonlyArray<string>, kind: string) => lines.filter((l) => l.includes(`"kind":"${kind}"`)).length

describe("a live world on two threads with the trading path in parts by participants", () => {
  it("without controls: twin simulate --trading-parts K's trace of the window, byte for byte", async () => {
    const trace = new MemoryTrace()
    await simulateInParts({ model, seed: 1, window, moved: [], workers: 1, tradingParts: 3, trace })
    const simulated = trace.events.map(encodeTraceEvent)
    const three = live(3)
    expect(three.lines).toEqual(simulated)
    expect(JSON.parse(three.lines[0]!).data.tradingParts).toBe(3)
    // The market opened in every part: orders were relayed, market data flowed.
    expect(kinds(three.lines, "ocg.session")).toBeGreaterThan(0)
    expect(three.lines.some((l) => l.includes('"kind":"omd.'))).toBe(true)
  }, 180_000)

  it("with a link down, its end and a unit moved: the one-part answers, the world's lines once", () => {
    const controls = new Map<number, WorldControl>([
      [8, { type: "inject", fault: { kind: "link-down", link } }],
      [14, { type: "end-fault", id: "live-1" }],
      [20, { type: "move", units: [unit] }]
    ])
    const [one, three] = [live(1, controls), live(3, controls)]
    expect(three.answers).toEqual([`injected link-down live-1 on ${link} until ended`, "link-down live-1 ends", `moved ${unit}`])
    expect(three.answers).toEqual(one.answers)
    for (const kind of ["live.control", "scenario.fault", "world.change", "world.converged"]) {
      expect([kind, kinds(three.lines, kind)]).toEqual([kind, kinds(one.lines, kind)])
    }
    expect(kinds(three.lines, "live.control")).toBe(3)
  }, 180_000)
})
