/**
 * The rig's tap on the OMD feed handlers (twin/simulate/taps.ts): it sees what the twin delivers to each
 * participant, and it changes nothing — the trace is byte-identical with the tap set and unset.
 */
import { describe, expect, it } from "vitest"
import { LiveSession } from "../../../twin/serve/live-session.ts"
import type { OmdArrival } from "../../../twin/simulate/taps.ts"
import { minutes, NINE, tiny } from "../serve/support.ts"

const world = () => new LiveSession({ model: tiny, seed: 4, window: { from: NINE, to: NINE + minutes(2) }, moved: [] })

describe("the OMD tap", () => {
  it("leaves the trace byte-identical (a link loss on the way included) and sees the slices, heartbeats and resets P1 and P2 get", () => {
    const plain = world()
    const tapped = world()
    const seen: Array<OmdArrival> = []
    tapped.taps.omd = (a) => seen.push({ ...a, participants: [...a.participants] })
    for (const live of [plain, tapped]) {
      live.advance(NINE + 10_000_000)
      live.apply({ type: "inject", fault: { kind: "link-loss", link: "P2-c1", percent: 20 }, for: "20s" })
      live.advance(NINE + minutes(1))
    }
    expect(tapped.lines.join("\n")).toBe(plain.lines.join("\n"))
    expect(tapped.lines.length).toBeGreaterThan(50)
    const tags = new Set(seen.map((a) => a.message._tag))
    expect([...tags].sort()).toEqual(expect.arrayContaining(["sequence-reset", "session-status", "slice"]))
    // P1 and P2 take SS over different PoP sets (tiny: P1 ca-pop+cb-pop, P2 cb-pop): two cohorts.
    expect([...new Set(seen.map((a) => a.participants.join(",")))].sort()).toEqual(["P1", "P2"])
    // Lost numbers are inside the slice they were lost from; the loss on P2's circuit shows only for P2.
    for (const a of seen) {
      if (a.message._tag !== "slice") continue
      const { first, last } = a.message
      expect(a.lost.every((s) => s >= first && s <= last)).toBe(true)
    }
    expect(seen.some((a) => a.participants.includes("P2") && a.lost.length > 0)).toBe(true)
    expect(seen.some((a) => a.participants.includes("P1") && a.lost.length > 0)).toBe(false)
  })
})
