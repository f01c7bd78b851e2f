/**
 * Defect 1 of issue 13: multicast loss is a property of the link and the line, never a whole copy dropped
 * per receiver. Hand-made estate test/topology/analysis/redundant.yaml, machines hosted on its nodes:
 *
 *   publisher on ocg-1 ── ar-1--ocg-1 ──► ar-1 ── pop-a1 ── P1-c1 ── P1.rtr ── P1.bss   (receivers fh-1, fh-2)
 *                                          └── ar-1--ar-2 ──► ar-2 ── ar-2--ocg-2 ──► ocg-2 (receiver fh-3)
 *
 * ar-1--ocg-1 is upstream of the fan-out (every receiver is behind it); ar-1--ar-2 is behind it for fh-3 only.
 */
import { readFileSync } from "node:fs"
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { parseEstate } from "../../../topology/load.ts"
import { buildModel } from "../../../topology/model.ts"
import { multicast, type Machine } from "../../../twin/engine/machine.ts"
import { emitTest as emit, eventsOfTestKind } from "../../support/test-kinds.ts"
import { Runtime } from "../../../twin/engine/runtime.ts"
import { MemoryTrace } from "../../../twin/engine/trace.ts"
import { HealthTracker } from "../../../twin/world/health.ts"
import { World } from "../../../twin/world/world.ts"
import { WorldChange } from "../../../twin/world/world-change.ts"

const file = "test/topology/analysis/redundant.yaml"
const parsed = parseEstate(file, readFileSync(file, "utf8"))
if (Result.isFailure(parsed)) throw new Error(`${file} does not parse`)
const model = buildModel(parsed.success)

const SLICES = 20
const PER_SLICE = 500

/**
 * Lines A and B each send SLICES slices of PER_SLICE numbers (one every 1 ms from t = 10 µs) and, after
 * them, 40 heartbeats (single-packet multicasts, no range); the receivers report what arrived.
 */
const run = (losses: ReadonlyArray<readonly [string, number]>, perPacket?: number) => {
  const trace = new MemoryTrace()
  const world = new World(model, { seed: 7, convergenceDelayUs: 500_000 })
  const health = new HealthTracker(model, trace)
  const rt = new Runtime(world.network, health)
  world.attach(rt, health)
  const publisher = (line: string): Machine<number, null> => ({
    step: (n, input) => {
      if (input._tag !== "start" && input._tag !== "timer") return [n, []]
      const next = n + 1
      const wake = next < SLICES + 40 ? [{ _tag: "timer" as const, name: "tick", after: 1_000 }] : []
      if (n < SLICES) {
        const first = n * PER_SLICE + 1
        return [next, [multicast(line, null, 1_000, { stream: line, first, last: first + PER_SLICE - 1, ...(perPacket === undefined ? {} : { perPacket }) }), ...wake]]
      }
      return [next, [multicast(line, null, 16), ...wake]]
    }
  })
  const receiver: Machine<null, null> = {
    step: (s, input) => (input._tag === "receive" ? [s, [emit("got", { from: input.from, lost: input.lost === undefined ? "heartbeat" : [...input.lost] })]] : [s, []])
  }
  rt.at(0, () => {
    for (const [link, pct] of losses) world.apply(WorldChange.linkLoss(link, pct))
  })
  rt.add("fh-1", "P1.bss", receiver, null)
  rt.add("fh-2", "P1.bss", receiver, null)
  rt.add("fh-3", "ocg-2", receiver, null)
  rt.add("pubA", "ocg-1", publisher("A"), 0, 10)
  rt.add("pubB", "ocg-1", publisher("B"), 0, 10)
  for (const g of ["A", "B"]) for (const r of ["fh-1", "fh-2", "fh-3"]) rt.subscribe(g, r)
  rt.run(1_000_000)
  const got = (who: string, line: string) => eventsOfTestKind(trace, "got").filter((e) => e.subject === who && e.data.from === `pub${line}`).map((e) => e.data.lost)
  const slices = (who: string, line: string) => got(who, line).filter((l) => l !== "heartbeat") as Array<Array<number>>
  const lostSeqs = (who: string, line: string) => slices(who, line).flat()
  const heartbeats = (who: string, line: string) => got(who, line).filter((l) => l === "heartbeat").length
  return { world, slices, lostSeqs, heartbeats }
}

describe("multicast loss is per link and line, the same for every receiver behind the link", () => {
  it("a 50 % loss upstream of the fan-out: every slice arrives at everyone, all lose the same numbers, lines A and B differently", () => {
    const r = run([["ar-1--ocg-1", 50]])
    for (const who of ["fh-1", "fh-2", "fh-3"]) {
      for (const line of ["A", "B"]) {
        // 20 slices each: a copy standing for 500 numbers is never lost whole (the old model dropped half).
        expect(r.slices(who, line).length).toBe(SLICES)
      }
    }
    expect(r.lostSeqs("fh-2", "A")).toEqual(r.lostSeqs("fh-1", "A"))
    expect(r.lostSeqs("fh-3", "A")).toEqual(r.lostSeqs("fh-1", "A"))
    expect(r.lostSeqs("fh-3", "B")).toEqual(r.lostSeqs("fh-1", "B"))
    expect(r.lostSeqs("fh-1", "B")).not.toEqual(r.lostSeqs("fh-1", "A"))
    // 50 % of 10,000 numbers per line: seeded, so exact run to run; binomial sd 50, so within 4 sd of 5,000.
    const n = r.lostSeqs("fh-1", "A").length
    expect(Math.abs(n - 5_000)).toBeLessThan(200)
    // Heartbeats are single packets: lost whole, but by the link — the same ones for every receiver.
    expect(r.heartbeats("fh-2", "A")).toBe(r.heartbeats("fh-1", "A"))
    expect(r.heartbeats("fh-3", "A")).toBe(r.heartbeats("fh-1", "A"))
    expect(r.heartbeats("fh-1", "A")).toBeGreaterThan(0)
    expect(r.heartbeats("fh-1", "A")).toBeLessThan(40)
  })

  it("a loss behind the fan-out adds to the upstream one for the receivers behind it only (the union)", () => {
    const upstream = run([["ar-1--ocg-1", 1]])
    const both = run([["ar-1--ocg-1", 1], ["ar-1--ar-2", 100]])
    // fh-1 is not behind ar-1--ar-2: the same losses as with the upstream loss alone.
    expect(both.lostSeqs("fh-1", "A")).toEqual(upstream.lostSeqs("fh-1", "A"))
    // fh-3 is: 100 % there loses every number, 1 … 10,000, each once (the union is sorted and deduplicated),
    // yet each of the 20 slices still arrives (as all-lost), and every heartbeat is lost.
    expect(both.lostSeqs("fh-3", "A")).toEqual(Array.from({ length: SLICES * PER_SLICE }, (_, i) => i + 1))
    expect(both.slices("fh-3", "A").length).toBe(SLICES)
    expect(both.heartbeats("fh-3", "A")).toBe(0)
  })

  it("draws the same losses for two ranges from the same first number whatever their ends (the cache keys both)", () => {
    const { world } = run([])
    world.apply(WorldChange.linkLoss("ar-1--ocg-1", 10))
    const long = world.network.lostInRange("ocg-1", "P1.bss", "A", 1, 1_000)
    const short = world.network.lostInRange("ocg-1", "P1.bss", "A", 1, 100)
    // The short range asked right after the long one is not handed the long one's losses beyond 100.
    expect(short).toEqual(long.filter((s) => s <= 100))
    expect(world.network.lostInRange("ocg-1", "P1.bss", "A", 1, 1_000)).toEqual(long)
    expect(long.length).toBeGreaterThan(50)
  })

  it("loses whole packets: with 36 numbers to a packet every lost number's packet is lost whole, the same packets for everyone", () => {
    // Each 500-number slice is 14 packets from its first number: 13 of 36 and a last of 32 (stream.ts).
    const r = run([["ar-1--ocg-1", 10]], 36)
    const packetsOf = (lost: ReadonlyArray<number>) => {
      const out = new Map<number, number>()
      for (const s of lost) {
        const slice = Math.floor((s - 1) / PER_SLICE)
        const key = slice * 100 + Math.floor((s - 1 - slice * PER_SLICE) / 36)
        out.set(key, (out.get(key) ?? 0) + 1)
      }
      return out
    }
    const packets = packetsOf(r.lostSeqs("fh-1", "A"))
    for (const [key, count] of packets) expect(count).toBe(key % 100 === 13 ? 32 : 36)
    expect(r.lostSeqs("fh-3", "A")).toEqual(r.lostSeqs("fh-1", "A"))
    // 280 packets at 10 %: 28 expected, binomial sd 5; seeded, so exact run to run — within 4 sd.
    expect(Math.abs(packets.size - 28)).toBeLessThan(20)
  })
})
