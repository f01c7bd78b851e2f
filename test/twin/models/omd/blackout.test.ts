/**
 * Defect 2 of issue 13: the time without market data is measured from arrivals (the last message on either
 * line to the next one), not from when a silence timer fires, and is the same for every receiver behind
 * the same outage.
 */
import { describe, expect, it } from "vitest"
import { omdDualLineLoss } from "../../../../scenarios/checks/omd-dual-line-loss.ts"
import { feedHandlerNode } from "../../../../twin/models/omd/index.ts"
import { judge, rows } from "../../../scenarios/checks/support.ts"
import { at, LATENCY, RTS, world } from "./world.ts"

// 10 messages a second from 09:30 in 1 s slices (the slice sent at 09:30:0k carries seqs 10k-9 … 10k), both
// lines; 100 µs from any sender to any receiver. Two feed handlers, P0001 and P0002, are cut off from both
// publishers for what the publishers send from 09:31:00.5 to 09:31:04.5: the slices of 09:31:01 … 09:31:04
// (seqs 601 … 640) never arrive on either line.
const outage = (from: string, to: string, now: number) =>
  (from === "pub-a" || from === "pub-b") && (to === "P0001.fh" || to === "P0002.fh") && now > at("09:31:00") + 500_000 && now < at("09:31:04") + 500_000

describe("time without market data (omd.blackout)", () => {
  const w = world({ blocked: outage })
  w.place("P0002.fh", feedHandlerNode({ participant: "P0002", group: "SS", rtsEndpoints: RTS, drChannel: null, realChannels: 1 }), at("05:00"))
  w.rt.run(at("09:31:30"))

  it("reports the outage at the next arrival: from the last message (09:31:00 slice) to the next (09:31:05 slice), 5 s", () => {
    // Last arrival: the 09:31:00 slices at 09:31:00.000100; next: the 09:31:05 slice on line A (pub-a steps
    // first at a shared instant) at 09:31:05.000100. 5 s < the 6 s silence timer: no omd.line at all.
    const blackouts = w.kinds("omd.blackout").map((e) => [e.t, e.subject, e.data["line"], e.data["from"], e.data["duration"]])
    expect(blackouts).toEqual([
      [at("09:31:05") + LATENCY, "P0001", "A", at("09:31:00") + LATENCY, 5_000_000],
      [at("09:31:05") + LATENCY, "P0002", "A", at("09:31:00") + LATENCY, 5_000_000]
    ])
    expect(w.kinds("omd.line")).toEqual([])
    // Known before that: nothing on either line for more than 2.5 s (blackoutAfter) at 09:31:02.500101, 1 µs
    // past it — once per outage.
    expect(w.kinds("omd.blackout.start").map((e) => [e.t, e.subject, e.data["from"]])).toEqual([
      [at("09:31:02.5") + LATENCY + 1, "P0001", at("09:31:00") + LATENCY],
      [at("09:31:02.5") + LATENCY + 1, "P0002", at("09:31:00") + LATENCY]
    ])
    // The seqs of the four lost slices are a gap on both lines, recovered from the RTS: recovery, not blackout.
    expect(w.kinds("omd.gap").map((e) => [e.subject, e.data["first"], e.data["last"]])).toEqual([["P0001", 601, 640], ["P0002", 601, 640]])
  })

  it("omd-dual-line-loss measures 5 s for both receivers, however long the RTS recovery took", () => {
    const r = judge(omdDualLineLoss, { max: "0s" }, { from: "09:30", to: "09:31:30" }, w.trace.events)
    expect(r.summary).toBe("longest omd-c dual-line loss 5s (max 0s): 2 participants over")
    expect(rows(r)).toEqual([
      ["P0001", "P0001/omdc-ss", at("09:31:00") + LATENCY, at("09:31:05") + LATENCY, "no market data on either line for 5s on channel SS"],
      ["P0002", "P0002/omdc-ss", at("09:31:00") + LATENCY, at("09:31:05") + LATENCY, "no market data on either line for 5s on channel SS"]
    ])
    // Normal traffic (a slice a second on each line) is no blackout: the 5 s outage is the only spell.
    expect(judge(omdDualLineLoss, { max: "4.9s" }, { from: "09:30", to: "09:31:30" }, w.trace.events).verdict).toBe("fail")
    expect(judge(omdDualLineLoss, { max: "5s" }, { from: "09:30", to: "09:31:30" }, w.trace.events).verdict).toBe("pass")
  })
})

describe("an outage on both lines still under way at the verdict, shorter than the silence timer (omd.blackout.start)", () => {
  // P0001 hears nothing from either publisher after the 09:31:00 slices (arrived 09:31:00.000100).
  const w = world({ blocked: (from, to, now) => (from === "pub-a" || from === "pub-b") && to === "P0001.fh" && now > at("09:31:00") + 500_000 })
  w.rt.run(at("09:31:05"))
  const window = { from: "09:30", to: "09:31:05" }

  it("says so 2.5 s (blackoutAfter) after the last arrival, before any line is found silent", () => {
    expect(w.kinds("omd.blackout.start").map((e) => [e.t, e.subject, e.data["flow"], e.data["from"]])).toEqual([
      [at("09:31:02.5") + LATENCY + 1, "P0001", "P0001/omdc-ss", at("09:31:00") + LATENCY]
    ])
    expect(w.kinds("omd.blackout", "omd.line")).toEqual([])
  })

  it("omd-dual-line-loss counts it at the window's end: 09:31:00.000100 → 09:31:05, 4.9999 s so far (said to the ms: 5s)", () => {
    const r = judge(omdDualLineLoss, { max: "0s" }, window, w.trace.events)
    expect(r.summary).toBe("longest omd-c dual-line loss 5s (max 0s): 1 participant over")
    expect(rows(r)).toEqual([["P0001", "P0001/omdc-ss", at("09:31:00") + LATENCY, undefined, "no market data on either line for 5s so far on channel SS"]])
  })

  it("and at a verdict taken mid-run (a phase's PRT): 3.9999 s (4s) at 09:31:04; nothing yet at 09:31:02.5 (not 2.5 s without data)", () => {
    expect(judge(omdDualLineLoss, { max: "0s" }, { from: "09:30", to: "09:40" }, w.trace.events, "09:31:04").summary).toBe(
      "longest omd-c dual-line loss 4s (max 0s): 1 participant over"
    )
    expect(judge(omdDualLineLoss, { max: "0s" }, { from: "09:30", to: "09:40" }, w.trace.events, "09:31:02.5").summary).toBe(
      "longest omd-c dual-line loss 0s (max 0s)"
    )
  })

  it("stays one spell when the lines are then found silent: 19.9999 s (20s) so far at 09:31:20, one omd.blackout.start", () => {
    w.rt.run(at("09:31:20"))
    expect(w.kinds("omd.line").map((e) => [e.t, e.data["line"], e.data["state"]])).toEqual([
      [at("09:31:06") + LATENCY, "A", "silent"],
      [at("09:31:06") + LATENCY, "B", "silent"]
    ])
    expect(w.kinds("omd.blackout.start")).toHaveLength(1)
    const r = judge(omdDualLineLoss, { max: "0s" }, { from: "09:30", to: "09:31:20" }, w.trace.events)
    expect(rows(r)).toEqual([["P0001", "P0001/omdc-ss", at("09:31:00") + LATENCY, undefined, "no market data on either line for 20s so far on channel SS"]])
  })
})
