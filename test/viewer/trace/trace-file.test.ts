/**
 * Issue 17 item 6: the viewer on hostile trace files. Each is refused in one line `FILE:LINE: expected …,
 * got …` while it streams (viewer/src/trace/trace-file.ts), and the index never samples per µs from an
 * unknown start (viewer/src/state/trace-index.ts).
 */
import { describe, expect, it } from "vitest"
import { TraceIndex } from "../../../viewer/src/state/trace-index.ts"
import { TraceFileReader } from "../../../viewer/src/trace/load.ts"
import { NdjsonParser } from "../../../viewer/src/trace/parse.ts"
import { traceFileRules } from "../../../viewer/src/trace/trace-file.ts"
import type { TraceEvent } from "../../../viewer/src/trace/types.ts"

const F = "day.ndjson"
const NINE = 32_400_000_000
const TEN = 36_000_000_000

const line = (e: Record<string, unknown>) => `${JSON.stringify(e)}\n`
const start = (data: Record<string, unknown> = {}) =>
  line({ t: NINE, kind: "trace.start", subject: "twin", data: { version: 1, estate: "tiny", seed: 1, from: NINE, to: TEN, moved: [], participants: 1, ...data } })
const layoutData = () => ({
  sites: [{ id: "dc1", kind: "primary-dc", name: "DC 1" }],
  nodes: [
    { id: "r1", kind: "router", site: "dc1", plane: "A", generation: "new", name: null },
    { id: "r2", kind: "router", site: "dc1", plane: "B", generation: "old", name: "R2" }
  ],
  links: [{ id: "l1", from: "r1", to: "r2", generation: "new", plane: null, unit: null }],
  units: [{ id: "u1", description: "unit", old: [], new: ["l1"] }],
  participants: [{ id: "P1", name: "P1", kind: "broker", group: "pop-a", circuits: [], services: ["omd-c"] }]
})
const layout = (data: Record<string, unknown> = layoutData()) => line({ t: NINE, kind: "estate.layout", subject: "tiny", data })
const ev = (t: number, kind = "metrics") => line({ t, kind, subject: "twin", data: {} })

/** The events, or the one-line refusal. */
const read = (text: string, chunks = 1): Array<TraceEvent> | string => {
  const parser = new NdjsonParser(F, traceFileRules(F))
  try {
    const size = Math.ceil(text.length / chunks)
    for (let i = 0; i < text.length; i += size) parser.push(text.slice(i, i + size))
    return parser.end()
  } catch (e) {
    return (e as Error).message
  }
}

describe("a trace file as the viewer reads it", () => {
  it("a well-formed trace is read whole, however it is cut into chunks", () => {
    const text = start() + layout() + ev(NINE + 1) + ev(NINE + 1) + ev(TEN)
    for (const chunks of [1, 3, 17]) expect((read(text, chunks) as Array<TraceEvent>).map((e) => e.t)).toEqual([NINE, NINE, NINE + 1, NINE + 1, TEN])
  })

  it("an empty file says it is empty", () => {
    expect(read("")).toBe(`${F}:1: expected a trace (trace.start on its first line), got an empty file`)
    expect(read("\n\n  \n")).toBe(`${F}:1: expected a trace (trace.start on its first line), got an empty file (blank lines only)`)
  })

  it("a trace without trace.start (the two-line trace that hung the tab) names its first line", () => {
    expect(read(ev(0, "health") + ev(1e300, "health"))).toBe(`${F}:1: expected trace.start as the first event, got "health" (not a trace of the twin, or its start is missing)`)
  })

  it("an unsupported version, or a window that is not µs within the day", () => {
    expect(read(start({ version: 2 }) + layout())).toBe(`${F}:1: expected trace.start version 1 (the version this viewer reads), got 2`)
    expect(read(start({ version: "1" }) + layout())).toBe(`${F}:1: expected trace.start version 1 (the version this viewer reads), got "1"`)
    expect(read(start({ to: 1e300 }) + layout())).toBe(`${F}:1: expected trace.start from and to: µs within the day (0 to 86400000000), from not after to, got from 32400000000, to number`)
    expect(read(start({ from: TEN, to: NINE }) + layout())).toBe(
      `${F}:1: expected trace.start from and to: µs within the day (0 to 86400000000), from not after to, got from 36000000000, to 32400000000`
    )
    expect(read(start({ from: null }) + layout())).toBe(`${F}:1: expected trace.start from and to: µs within the day (0 to 86400000000), from not after to, got from null, to 36000000000`)
  })

  it("an event at t 1e300, or before the window, is outside the window", () => {
    // 1e300 is an integer as JSON numbers go (Number.isInteger), so the line itself is an event
    expect(read(start() + layout() + ev(1e300))).toBe(`${F}:3: expected t within the trace's window (32400000000 to 36000000000 µs), got 1e+300`)
    expect(read(start() + layout() + ev(NINE - 1))).toBe(`${F}:3: expected t within the trace's window (32400000000 to 36000000000 µs), got 32399999999`)
  })

  it("events out of order name the line that goes back", () => {
    expect(read(start() + layout() + ev(NINE + 50) + ev(NINE + 49))).toBe(`${F}:4: expected t at or after the previous event's (32400000050), got 32400000049 (events out of order)`)
  })

  it("a malformed estate.layout names the field", () => {
    const d = layoutData()
    expect(read(start() + ev(NINE))).toBe(`${F}:2: expected estate.layout as the second event, got "metrics"`)
    expect(read(start() + layout({ ...d, links: "l1" }))).toBe(`${F}:2: expected estate.layout links: an array, got "l1"`)
    expect(read(start() + layout({ ...d, nodes: [d.nodes[0], 7] }))).toBe(`${F}:2: expected estate.layout nodes[1]: an object, got 7`)
    expect(read(start() + layout({ ...d, nodes: [{ ...d.nodes[0], plane: "C" }] }))).toBe(`${F}:2: expected estate.layout nodes[0].plane: one of "A", "B", null, got "C"`)
    expect(read(start() + layout({ ...d, units: [{ ...d.units[0], new: [1] }] }))).toBe(`${F}:2: expected estate.layout units[0].new: an array of strings, got an array`)
    expect(read(start() + layout({ ...d, participants: [{ id: "P1" }] }))).toBe(`${F}:2: expected estate.layout participants[0].name: a string, got nothing`)
    expect(read(start() + layout({ ...d, nodes: [{ ...d.nodes[0], site: "dc9" }, d.nodes[1]] }))).toBe(`${F}:2: expected estate.layout nodes[0].site: a site of the layout, got "dc9"`)
    expect(read(start() + layout({ ...d, links: [{ ...d.links[0], to: "r9" }] }))).toBe(`${F}:2: expected estate.layout links[0].to: a node of the layout, got "r9"`)
    // an own-keys read: a layout entry's "constructor" is not Object.prototype's
    expect(read(start() + layout({ ...d, sites: [{ kind: "x", name: "y" }] }))).toBe(`${F}:2: expected estate.layout sites[0].id: a string, got nothing`)
  })

  it("a trace cut short says it is incomplete (the twin ends every line with a newline)", () => {
    const whole = start() + layout() + ev(NINE + 1)
    // cut inside the third line: 3 lines begun, the last without its newline
    expect(read(whole.slice(0, -10))).toBe(`${F}:3: expected a complete trace (every line ends with a newline), got a trace cut short: its last line is incomplete`)
    // cut right before the last newline: the line parses, still the file was cut
    expect(read(whole.slice(0, -1))).toBe(`${F}:3: expected a complete trace (every line ends with a newline), got a trace cut short: its last line is incomplete`)
    // cut after trace.start: no layout follows
    expect(read(start())).toBe(`${F}:2: expected estate.layout after trace.start, got the end of the file (the trace is incomplete)`)
  })
})

describe("a trace file's bytes", () => {
  const readBytes = (chunks: ReadonlyArray<Uint8Array>): number | string => {
    const reader = new TraceFileReader(F)
    try {
      for (const c of chunks) reader.push(c)
      return reader.end().length
    } catch (e) {
      return (e as Error).message
    }
  }
  const enc = (s: string) => new TextEncoder().encode(s)

  it("bytes that are not UTF-8 are refused on their line (they were read as U+FFFD: another subject)", () => {
    const head = start() + layout()
    const bad = enc(`{"t":${NINE},"kind":"metrics","subject":"P`)
    const rest = enc('1","data":{}}\n')
    // line 3 holds the 0xFF; in one chunk or with the bad byte opening a later chunk
    expect(readBytes([Uint8Array.from([...enc(head), ...bad, 0xff, ...rest])])).toBe(`${F}:3: expected UTF-8 text, got bytes that are not UTF-8`)
    expect(readBytes([enc(head), bad, Uint8Array.from([0xff, ...rest])])).toBe(`${F}:3: expected UTF-8 text, got bytes that are not UTF-8`)
    // a character split across chunks is UTF-8 all the same: "é" as 0xC3 | 0xA9
    const e1 = enc(`${head}{"t":${NINE},"kind":"metrics","subject":"`)
    expect(readBytes([Uint8Array.from([...e1, 0xc3]), Uint8Array.from([0xa9, ...enc('","data":{}}\n')])])).toBe(3)
  })
})

describe("the index on traces without a usable start", () => {
  const event = (t: number, kind: string, data: Record<string, unknown> = {}): TraceEvent => ({ t, kind, subject: "twin", data }) as TraceEvent

  it("takes no samples without trace.start: two events 1e300 µs apart cost two steps, not one per µs", () => {
    const index = new TraceIndex([event(0, "health"), event(1e300, "health")], { buckets: 600 })
    index.finish()
    expect([index.samples.length, index.from, index.to]).toEqual([0, 0, 1e300])
  })

  it("samples at most buckets + 1 times within trace.start's window, whatever the events' times", () => {
    // window 0…600 in 6 buckets: a sample every 100 µs, 0 to 600 — 7 samples; the event at 1e15 adds none
    const index = new TraceIndex([event(0, "trace.start", { from: 0, to: 600 }), event(50, "x"), event(1e15, "x")], { buckets: 6 })
    index.finish()
    expect(index.samples.map((s) => s.t)).toEqual([0, 100, 200, 300, 400, 500, 600])
  })

  it("a start whose window is not whole µs (to 1e300 is beyond 2^53) is no window: no samples", () => {
    const index = new TraceIndex([event(0, "trace.start", { from: 0, to: 1e300 }), event(5, "x")], { buckets: 6 })
    index.finish()
    expect(index.samples).toEqual([])
  })
})
