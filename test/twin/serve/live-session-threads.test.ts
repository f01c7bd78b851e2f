/**
 * A live world in two parts on two threads (`threads: 2`, live-session.ts; parted/trading-part.ts): the
 * trading path in a worker thread, the other systems here. Its trace is the one-world live trace with the
 * lines of each step grouped by part — the trading part's first at an instant both write — and what the
 * world writes rather than a system once; the engine's event counts in `metrics` aside (each part counts
 * its own hooks). Checked on the default estate across the market's open, without controls and with a
 * link down, its end and a unit moved, each applied to both parts at the instant reached.
 */
import { readFileSync } from "node:fs"
import { Result } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { defaultEstatePath, parseEstate } from "../../../topology/load.ts"
import { buildModel } from "../../../topology/model.ts"
import { parseClock } from "../../../twin/engine/time.ts"
import { startPart, systemParts } from "../../../twin/simulate/parts.ts"
import { LiveSession, type WorldControl } from "../../../twin/serve/live-session.ts"

const parsed = parseEstate("default", readFileSync(defaultEstatePath, "utf8"))
if (Result.isFailure(parsed)) throw new Error("the default estate does not parse")
const model = buildModel(parsed.success)
const window = { from: parseClock("09:25")!, to: parseClock("09:45")! }
const STEP = 37_000_000
const link = model.file.participants[0]!.circuits[0]!.id
const unit = model.file.cutoverUnits[0]!.id

/** Controls applied after the step of that number (then the world is run to the instant reached). */
const controls: ReadonlyMap<number, WorldControl> = new Map<number, WorldControl>([
  [8, { type: "inject", fault: { kind: "link-down", link } }],
  [14, { type: "end-fault", id: "live-1" }],
  [20, { type: "move", units: [unit] }]
])

interface Run {
  readonly lines: ReadonlyArray<string>
  /** The log's length after each step: where each step's lines end. */
  readonly steps: ReadonlyArray<number>
  readonly answers: ReadonlyArray<string>
}

const sessions: Array<LiveSession> = []
afterAll(() => Promise.all(sessions.map((s) => s.close())))

const run = (threads: 1 | 2, withControls: boolean): Run => {
  const s = new LiveSession({ model, seed: 1, window, moved: [], threads })
  sessions.push(s)
  const steps: Array<number> = []
  const answers: Array<string> = []
  for (let k = 1; !s.over; k++) {
    s.advance(s.now + STEP)
    steps.push(s.lines.length)
    const control = withControls ? controls.get(k) : undefined
    if (control === undefined) continue
    const answer = s.apply(control)
    answers.push(Result.isSuccess(answer) ? answer.success : `refused: ${answer.failure}`)
    s.advance(s.now)
    steps.push(s.lines.length)
  }
  expect(s.threads).toBe(threads)
  return { lines: s.lines, steps, answers }
}

const WORLD_LEVEL = new Set(["world.change", "world.converged", "live.control", "scenario.fault", "metrics", "trace.start", "estate.layout"])
/** The part a line belongs to: 0 the trading path's (and what the world writes), 1 the others'. */
const partOf = (line: string): number => {
  const e = JSON.parse(line) as { kind: string; data?: { service?: string } }
  return e.kind.startsWith("ocg.") || e.data?.service === "otp-c" || WORLD_LEVEL.has(e.kind) ? 0 : 1
}
const withoutCount = (line: string) => line.replace(/,"events":\d+\}\}$/, "}}")

/** The one-world trace with each step's lines stably grouped by part at each instant. */
const grouped = (one: Run): ReadonlyArray<string> => {
  let step = 0
  return one.lines
    .map((line, i) => {
      while (i >= one.steps[step]!) step++
      return { line, i, step, t: (JSON.parse(line) as { t: number }).t, part: partOf(line) }
    })
    .sort((a, b) => a.step - b.step || a.t - b.t || a.part - b.part || a.i - b.i)
    .map((r) => withoutCount(r.line))
}

describe("a live world on two threads", () => {
  it("the line classification is the parts': each part alone writes only lines of its own", () => {
    for (const [i, part] of systemParts.entries()) {
      const events = startPart(model, part, { seed: 1, window, moved: [] }).run().events
      expect(events.length).toBeGreaterThan(1_000)
      expect(events.filter((e) => partOf(JSON.stringify(e)) !== i && e.kind !== "metrics")).toEqual([])
    }
  }, 120_000)

  it("without controls: the one-world trace with each step's lines grouped by part", () => {
    const one = run(1, false)
    const two = run(2, false)
    expect(two.lines.length).toBe(one.lines.length)
    expect(two.lines.map(withoutCount)).toEqual(grouped(one))
    // The market opened: both parts wrote, and the trading part's sessions took orders.
    expect(two.lines.some((l) => l.includes('"kind":"ocg.session"'))).toBe(true)
    expect(two.lines.some((l) => l.includes('"kind":"omd.'))).toBe(true)
  }, 120_000)

  it("with a link down, its end and a unit moved: the same answers, each applied to both parts at once, the world's lines once", () => {
    const one = run(1, true)
    const two = run(2, true)
    expect(two.answers).toEqual(one.answers)
    expect(two.answers).toEqual([`injected link-down live-1 on ${link} until ended`, "link-down live-1 ends", `moved ${unit}`])
    expect(two.lines.map(withoutCount)).toEqual(grouped(one))
    const kinds = (r: Run, kind: string) => r.lines.filter((l) => l.includes(`"kind":"${kind}"`)).length
    for (const kind of ["live.control", "scenario.fault", "world.change"]) expect([kind, kinds(two, kind)]).toEqual([kind, kinds(one, kind)])
    expect(kinds(two, "live.control")).toBe(3)
  }, 120_000)

  it("followers of this thread's part (onPartAdvanced) get its events as soon as it ran, before the step's merged events", () => {
    const s = new LiveSession({ model, seed: 1, window, moved: [], threads: 2 })
    sessions.push(s)
    const calls: Array<{ who: "part" | "all"; kinds: ReadonlyArray<string>; now: number; sessionNow: number }> = []
    s.onPartAdvanced((fresh, now) => calls.push({ who: "part", kinds: fresh.map((e) => e.kind), now, sessionNow: s.now }))
    s.onAdvanced((fresh, now) => calls.push({ who: "all", kinds: fresh.map((e) => e.kind), now, sessionNow: s.now }))
    for (let k = 0; k < 12; k++) s.advance(s.now + STEP)
    expect(calls.map((c) => c.who)).toEqual(Array.from({ length: 12 }, () => ["part", "all"]).flat())
    for (let k = 0; k < 12; k++) {
      const [part, all] = [calls[2 * k]!, calls[2 * k + 1]!]
      // Both at the step's target, and the session already there for the part's followers.
      expect([part.now, part.sessionNow, all.now]).toEqual([window.from + (k + 1) * STEP, part.now, part.now])
      expect(part.kinds.filter((kind) => kind.startsWith("ocg."))).toEqual([])
    }
    const partKinds = calls.filter((c) => c.who === "part").flatMap((c) => c.kinds)
    const allKinds = calls.filter((c) => c.who === "all").flatMap((c) => c.kinds)
    expect(partKinds.some((kind) => kind.startsWith("omd."))).toBe(true)
    expect(allKinds.some((kind) => kind.startsWith("ocg."))).toBe(true)
    // Every line of this part's is in the merged trace, but metrics (summed there with the other part's).
    const count = (kinds: ReadonlyArray<string>) => kinds.filter((k) => k !== "metrics").reduce((m, k) => m.set(k, (m.get(k) ?? 0) + 1), new Map<string, number>())
    for (const [kind, n] of count(partKinds)) expect([kind, (count(allKinds).get(kind) ?? 0) >= n]).toEqual([kind, true])
  }, 60_000)

  it("on one thread, onPartAdvanced is onAdvanced: called at the same point with the same events", () => {
    const s = new LiveSession({ model, seed: 1, window, moved: [] })
    const seen: Array<[string, ReadonlyArray<unknown>, number]> = []
    s.onAdvanced((fresh, now) => seen.push(["all", fresh, now]))
    s.onPartAdvanced((fresh, now) => seen.push(["part", fresh, now]))
    for (let k = 0; k < 3; k++) s.advance(s.now + STEP)
    expect(seen.map(([who]) => who)).toEqual(["all", "part", "all", "part", "all", "part"])
    for (let k = 0; k < 3; k++) expect(seen[2 * k + 1]![1]).toBe(seen[2 * k]![1])
  }, 60_000)

  it("the trading part run ahead (runAhead) changes nothing the world shows until taken, and the trace is the same", () => {
    const plain = run(2, false)
    const s = new LiveSession({ model, seed: 1, window, moved: [], threads: 2 })
    sessions.push(s)
    for (let k = 1; !s.over; k++) {
      const before = { now: s.now, lines: s.lines.length }
      s.runAhead(s.now + STEP)
      // Nothing moved here: the instant reached and the log are this thread's until the step is taken.
      expect([s.now, s.lines.length]).toEqual([before.now, before.lines])
      // A shorter step asked for still ends where the trading part ran ahead to.
      s.advance(s.now + (k % 2 === 0 ? STEP : STEP / 2))
      expect(s.now).toBe(Math.min(window.to, before.now + STEP))
    }
    expect(s.lines).toEqual(plain.lines)
  }, 120_000)

  it("a control while the trading part runs ahead acts once its step is taken, on both parts", () => {
    const reference = new LiveSession({ model, seed: 1, window, moved: [], threads: 2 })
    const s = new LiveSession({ model, seed: 1, window, moved: [], threads: 2 })
    sessions.push(reference, s)
    const control: WorldControl = { type: "inject", fault: { kind: "link-down", link } }
    for (let k = 0; k < 8; k++) {
      reference.advance(reference.now + STEP)
      s.advance(s.now + STEP)
    }
    reference.advance(reference.now + STEP)
    const expected = reference.apply(control)
    s.runAhead(s.now + STEP)
    const answer = s.apply(control)
    expect(answer).toEqual(expected)
    expect(s.now).toBe(reference.now)
    while (!reference.over) reference.advance(reference.now + STEP)
    while (!s.over) s.advance(s.now + STEP)
    expect(s.lines).toEqual(reference.lines)
    expect(s.lines.filter((l) => l.includes('"kind":"scenario.fault"')).length).toBeGreaterThan(0)
  }, 120_000)

  it("a refused control changes neither part", () => {
    const s = new LiveSession({ model, seed: 1, window, moved: [], threads: 2 })
    sessions.push(s)
    s.advance(window.from + STEP)
    const refused = s.apply({ type: "end-fault", id: "live-9" })
    expect(Result.isFailure(refused)).toBe(true)
    // The next step would throw if the trading part had answered differently from this one.
    s.advance(s.now + STEP)
    expect(s.now).toBe(window.from + 2 * STEP)
  }, 60_000)
})
