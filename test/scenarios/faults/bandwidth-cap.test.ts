import { describe, expect, it } from "vitest"
import { parseClock, seconds } from "../../../twin/engine/time.ts"
import { fault, faultEstate, issuesOf, onCircuit, probes, run } from "./support.ts"

const T0 = parseClock("10:00")!
const model = faultEstate()

/** P1 and P2 each push ten 10,000-byte messages to ecp-1 at `at` (P1's first). */
const bursts = (at: number) =>
  ["P1.bss", "P2.bss"].flatMap((from, p) => Array.from({ length: 10 }, (_, i) => ({ at, from, to: "ecp-1", n: 100 * (p + 1) + i + 1, bytes: 10_000 })))

describe("bandwidth-cap", () => {
  it("two participants' bulk transfers share ar-1--old-dist-1 capped at 8 Mbps: 200 kB take 200 ms instead of 16 ms", () => {
    const r = run(model, { from: T0, to: T0 + seconds(4) }, [
      probes(["P1.bss", "P2.bss", "ecp-1"], [...bursts(T0 + seconds(1)), ...bursts(T0 + seconds(3))]),
      fault("bandwidth-cap", { link: "ar-1--old-dist-1", mbps: 8 }, T0 + seconds(0.5), T0 + seconds(2), model)
    ])
    const at = (from: number, n: number) => r.arrivals().find(([t, , m]) => m === n && t > from)![0] - from
    // Capped: 10,000 bytes take 10 ms at 8 Mbps, one message after the other, P1's ten first (they were
    // queued first), then P2's — although each sender alone could send one every 1.6 ms on its 50 Mbps circuit.
    const T1 = T0 + seconds(1)
    expect(Array.from({ length: 10 }, (_, i) => at(T1, 101 + i))).toEqual(Array.from({ length: 10 }, (_, i) => 10_000 * (i + 1) + 518))
    expect(Array.from({ length: 10 }, (_, i) => at(T1, 201 + i))).toEqual(Array.from({ length: 10 }, (_, i) => 100_000 + 10_000 * (i + 1) + 718))
    // After the fault: each pair is paced by its own circuit only, and the two do not wait for each other.
    const T3 = T0 + seconds(3)
    expect(Array.from({ length: 10 }, (_, i) => at(T3, 101 + i))).toEqual(Array.from({ length: 10 }, (_, i) => onCircuit(10_000) * (i + 1) + 518))
    expect(at(T3, 210)).toBe(onCircuit(10_000) * 10 + 718)
    expect(r.changes()).toEqual([
      [T0 + seconds(0.5), "ar-1--old-dist-1", { what: "link", capMbps: 8 }],
      [T0 + seconds(2), "ar-1--old-dist-1", { what: "link", capMbps: null }]
    ])
  })

  it("a multicast crosses a capped link once, whatever the number of receivers behind it", () => {
    const send = { at: T0 + seconds(1), from: "pub-a", group: "g", bytes: 10_000 }
    const r = run(model, { from: T0, to: T0 + seconds(2) }, [
      probes(["pub-a", "P1.fh", "P2.fh"], [{ ...send, n: 1 }, { ...send, n: 2 }], { g: ["P1.fh", "P2.fh"] }),
      fault("bandwidth-cap", { link: "pub-a--old-dist-1", mbps: 8 }, T0, undefined, model)
    ])
    // pub-a → P1.fh: 5 + 3 + 100 + 400 + 10 = 518 µs; → P2.fh: 718 µs. Each message: 10 ms on the cap,
    // which is slower than the 1.6 ms it then takes on each receiver's circuit.
    expect(r.arrivals().map(([t, who, n]) => [t - send.at, who, n])).toEqual([
      [10_000 + 518, "P1.fh", 1],
      [10_000 + 718, "P2.fh", 1],
      [20_000 + 518, "P1.fh", 2],
      [20_000 + 718, "P2.fh", 2]
    ])
  })

  it("refuses a cap at or above the link's capacity", () => {
    expect(issuesOf("bandwidth-cap", { link: "ar-1--old-dist-1", mbps: 40_000 }, model)).toEqual([
      { path: "mbps", expected: "a cap below the link's capacity (40000 Mbps)", got: "40000" }
    ])
  })
})
