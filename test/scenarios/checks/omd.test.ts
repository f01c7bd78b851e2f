import { describe, expect, it } from "vitest"
import { omdDualLineLoss } from "../../../scenarios/checks/omd-dual-line-loss.ts"
import { omdUnrecoveredGaps } from "../../../scenarios/checks/omd-unrecovered-gaps.ts"
import { at, ev, judge, rows } from "./support.ts"

const ss = (p: string) => ({ flow: `${p}/omdc-ss`, channel: "omdc/SS" })
const sp = (p: string) => ({ flow: `${p}/omdc-sp`, channel: "omdc/SP" })
const cc = (p: string) => ({ flow: `${p}/omdcc`, channel: "omdcc/CC" })

const events = [
  // P1's SP feed handler: line A last heard 09:29:00 (silent 6 s later), line B last heard 09:28:59.5
  // (silent 6.5 s later): nothing on either line since 09:29:00, still so at the window's end.
  ev("09:29:06", "omd.line", "P1", { ...sp("P1"), line: "A", state: "silent", silentFor: 6_000_000 }),
  ev("09:29:06", "omd.line", "P1", { ...sp("P1"), line: "B", state: "silent", silentFor: 6_500_000 }),
  // Gaps and out-of-sync spells are recovery, not time without market data: ignored.
  ev("09:30:00.1", "omd.sync", "P2", { ...ss("P2"), state: "awaiting-refresh", reason: "late start" }),
  ev("09:30:00.2", "omd.gap", "P2", { ...ss("P2"), first: 1, last: 10, size: 10, reason: "lost on both lines" }),
  ev("09:30:08", "omd.sync", "P2", { ...ss("P2"), state: "synced", reason: "refresh" }),
  ev("09:30:08.5", "omd.recovered", "P2", { ...ss("P2"), first: 1, last: 10, size: 10, via: "rts" }),
  // P1 SS: line A last heard 09:31:00, line B 09:31:02 (each found silent 6 s later); line A brings the next
  // message at 09:31:09: 7 s without market data, 09:31:02 → 09:31:09 (the blackout, then A alive).
  ev("09:31:06", "omd.line", "P1", { ...ss("P1"), line: "A", state: "silent", silentFor: 6_000_000 }),
  ev("09:31:08", "omd.line", "P1", { ...ss("P1"), line: "B", state: "silent", silentFor: 6_000_000 }),
  ev("09:31:09", "omd.blackout", "P1", { ...ss("P1"), line: "A", from: at("09:31:02"), duration: 7_000_000 }),
  ev("09:31:09", "omd.line", "P1", { ...ss("P1"), line: "A", state: "alive", silentFor: 9_000_000 }),
  ev("09:31:09", "omd.gap", "P1", { ...ss("P1"), first: 500, last: 599, size: 100, reason: "arbitration timeout" }),
  ev("09:31:19", "omd.recovered", "P1", { ...ss("P1"), first: 500, last: 599, size: 100, via: "refresh" }),
  // P2 and P3 behind the same 4 s outage, shorter than the 6 s silence timer (no omd.line): 4 s each.
  ev("09:32:04", "omd.blackout", "P2", { ...ss("P2"), line: "B", from: at("09:32:00"), duration: 4_000_000 }),
  ev("09:32:04", "omd.blackout", "P3", { ...ss("P3"), line: "B", from: at("09:32:00"), duration: 4_000_000 }),
  // OMD-CC is another service: both lines silent since 09:33:00.
  ev("09:33:06", "omd.line", "P2", { ...cc("P2"), line: "A", state: "silent", silentFor: 6_000_000 }),
  ev("09:33:06", "omd.line", "P2", { ...cc("P2"), line: "B", state: "silent", silentFor: 6_000_000 })
]
const window = { from: "09:30", to: "09:40" }

describe("omd-dual-line-loss (time without market data)", () => {
  it("fails on every spell without a message on either line longer than max, longest first, an open one without `to`", () => {
    const r = judge(omdDualLineLoss, { max: "3s" }, window, events)
    expect(r.verdict).toBe("fail")
    // P1 SP: 09:29:00 → 09:40 (window end) = 11m, open. P1 SS 7 s; P2 and P3 4 s each (ties: by key).
    expect(r.summary).toBe("longest omd-c dual-line loss 11m (max 3s): 3 participants over")
    expect(rows(r)).toEqual([
      ["P1", "P1/omdc-sp", at("09:29:00"), undefined, "no market data on either line for 11m so far on channel SP"],
      ["P1", "P1/omdc-ss", at("09:31:02"), at("09:31:09"), "no market data on either line for 7s on channel SS"],
      ["P2", "P2/omdc-ss", at("09:32:00"), at("09:32:04"), "no market data on either line for 4s on channel SS"],
      ["P3", "P3/omdc-ss", at("09:32:00"), at("09:32:04"), "no market data on either line for 4s on channel SS"]
    ])
    expect(r.evidence.map((e) => e.service)).toEqual(["omd-c", "omd-c", "omd-c", "omd-c"])
  })

  it("passes when every spell is within max", () => {
    const r = judge(omdDualLineLoss, { max: "15m" }, window, events)
    expect([r.verdict, r.summary, r.evidence]).toEqual(["pass", "longest omd-c dual-line loss 11m (max 15m)", []])
  })

  it("judges only what it has seen when asked early (a rollback decision)", () => {
    // At 09:31:05 P1 SS's line A is not yet found silent: only P1 SP, 09:29:00 → 09:31:05.
    const r = judge(omdDualLineLoss, { max: "3s" }, window, events, "09:31:05")
    expect(r.summary).toBe("longest omd-c dual-line loss 2m5s (max 3s): 1 participant over")
    expect(rows(r)).toEqual([["P1", "P1/omdc-sp", at("09:29:00"), undefined, "no market data on either line for 2m5s so far on channel SP"]])
  })

  it("judges OMD-CC on its own", () => {
    const r = judge(omdDualLineLoss, { service: "omd-cc", max: "1m" }, window, events)
    expect(r.summary).toBe("longest omd-cc dual-line loss 7m (max 1m): 1 participant over")
    expect(rows(r)).toEqual([["P2", "P2/omdcc", at("09:33:00"), undefined, "no market data on either line for 7m so far on channel CC"]])
  })

  it("says a loss just over max to the microsecond, never rounded onto max: 12.000006s fails max 12s", () => {
    // The broken-plan drill's 07:05 loss: last heard 07:04:58.000743, next message 07:05:10.000749. To the
    // millisecond it is "12s", and "longest … 12s (max 12s)" under a FAIL would read as a pass.
    const justOver = [ev("09:31:14.000006", "omd.blackout", "P1", { ...ss("P1"), line: "A", from: at("09:31:02"), duration: 12_000_006 })]
    const r = judge(omdDualLineLoss, { max: "12s" }, window, justOver)
    expect([r.verdict, r.summary]).toEqual(["fail", "longest omd-c dual-line loss 12.000006s (max 12s): 1 participant over"])
    expect(rows(r)).toEqual([["P1", "P1/omdc-ss", at("09:31:02"), at("09:31:14.000006"), "no market data on either line for 12.000006s on channel SS"]])
    // Within the limit it keeps the millisecond: 12.000006 s against 13 s.
    expect(judge(omdDualLineLoss, { max: "13s" }, window, justOver).summary).toBe("longest omd-c dual-line loss 12s (max 13s)")
  })

  it("opens a spell at omd.blackout.start, from the last arrival; one line found silent before the other ends nothing", () => {
    // P4 SS: line A last heard 09:34:55, line B 09:34:54; the blackout known at 09:34:57.500001; line B found
    // silent at 09:35:00, line A at 09:35:01. At 09:35:00.5 the spell is still open: 5.5 s so far.
    const underWay = [
      ev("09:34:57.500001", "omd.blackout.start", "P4", { ...ss("P4"), from: at("09:34:55") }),
      ev("09:35:00", "omd.line", "P4", { ...ss("P4"), line: "B", state: "silent", silentFor: 6_000_000 }),
      ev("09:35:01", "omd.line", "P4", { ...ss("P4"), line: "A", state: "silent", silentFor: 6_000_000 })
    ]
    const r = judge(omdDualLineLoss, { max: "0s" }, window, underWay, "09:35:00.5")
    expect(rows(r)).toEqual([["P4", "P4/omdc-ss", at("09:34:55"), undefined, "no market data on either line for 5.5s so far on channel SS"]])
    // Before 09:34:57.500001 nothing says so: a message may still come.
    expect(judge(omdDualLineLoss, { max: "0s" }, window, underWay, "09:34:57.5").summary).toBe("longest omd-c dual-line loss 0s (max 0s)")
    expect(judge(omdDualLineLoss, { max: "0s" }, window, underWay).summary).toBe("longest omd-c dual-line loss 5m5s (max 0s): 1 participant over")
  })

  it("ignores a spell that ended before the window; a gap's recovery time is not a spell", () => {
    const r = judge(omdDualLineLoss, { max: "5s" }, { from: "09:31:30", to: "09:40" }, events.filter((e) => e.data.channel === "omdc/SS"))
    expect([r.verdict, r.summary]).toEqual(["pass", "longest omd-c dual-line loss 4s (max 5s)"])
  })
})

describe("omd-unrecovered-gaps", () => {
  const lost = [
    ev("09:29:00", "omd.loss.unrecovered", "P1", { ...ss("P1"), first: 1, last: 4, size: 4, reason: "sequence reset" }),
    ev("09:31:00", "omd.loss.unrecovered", "P2", { ...ss("P2"), first: 90, last: 92, size: 3, reason: "retransmission exhausted; refresh not used" }),
    ev("09:35:00", "omd.loss.unrecovered", "P1", { ...ss("P1"), first: 100, last: 109, size: 10, reason: "end of day" }),
    ev("09:36:00", "omd.loss.unrecovered", "P2", { ...cc("P2"), first: 7, last: 7, size: 1, reason: "end of day" })
  ]

  it("lists every range lost for good in the window, largest first", () => {
    const r = judge(omdUnrecoveredGaps, {}, window, lost)
    expect(r.verdict).toBe("fail")
    expect(r.summary).toBe("3 unrecovered gaps (14 seqs, 2 participants; max 0)")
    expect(rows(r)).toEqual([
      ["P1", "P1/omdc-ss", at("09:35:00"), at("09:35:00"), "seqs 100–109 (10) on channel SS lost for good at 09:35:00: end of day"],
      ["P2", "P2/omdc-ss", at("09:31:00"), at("09:31:00"), "seqs 90–92 (3) on channel SS lost for good at 09:31:00: retransmission exhausted; refresh not used"],
      ["P2", "P2/omdcc", at("09:36:00"), at("09:36:00"), "seq 7 on channel CC lost for good at 09:36:00: end of day"]
    ])
  })

  it("counts one service, and passes within maxGaps", () => {
    expect(judge(omdUnrecoveredGaps, { service: "omd-c" }, window, lost).summary).toBe("2 unrecovered gaps (13 seqs, 2 participants; max 0)")
    const r = judge(omdUnrecoveredGaps, { maxGaps: 3 }, window, lost)
    expect([r.verdict, r.evidence]).toEqual(["pass", []])
  })

  it("recoverWithin: a range recovered later than that after it was found counts, with how late", () => {
    const recovered = [
      // Found at 09:38:00 (after = 10.016 s): recovered at 09:38:10.016 via rts — over 5 s, counted.
      ev("09:38:10.016", "omd.recovered", "P3", { ...ss("P3"), first: 700, last: 701, size: 2, via: "rts", after: 10_016_000, replayed: true }),
      // 4.999 s: within 5 s, not counted; exactly 5 s is within too (only later counts).
      ev("09:39:04.999", "omd.recovered", "P3", { ...ss("P3"), first: 800, last: 800, size: 1, via: "rts", after: 4_999_000, replayed: true }),
      ev("09:39:30", "omd.recovered", "P4", { ...ss("P4"), first: 900, last: 900, size: 1, via: "rts", after: 5_000_000, replayed: true })
    ]
    const r = judge(omdUnrecoveredGaps, { service: "omd-c", recoverWithin: "5s" }, window, [...lost, ...recovered])
    expect(r.verdict).toBe("fail")
    // 2 lost for good on omd-c (P1 100–109, P2 90–92) + P3's 700–701 late: 15 seqs, 3 participants.
    expect(r.summary).toBe("2 unrecovered gaps and 1 recovered later than 5s (15 seqs, 3 participants; max 0)")
    expect(rows(r)).toContainEqual(["P3", "P3/omdc-ss", at("09:38:00"), at("09:38:10.016"), "seqs 700–701 (2) on channel SS recovered via rts only at 09:38:10.016, 10.016s after it was found (within 5s)"])
    // Without recoverWithin, late recoveries are recoveries: the summary is the plain count.
    expect(judge(omdUnrecoveredGaps, { service: "omd-c" }, window, [...lost, ...recovered]).summary).toBe("2 unrecovered gaps (13 seqs, 2 participants; max 0)")
  })

  it("recoverWithin: a recovery just over it is said to the microsecond, not rounded onto it", () => {
    const justLate = [ev("09:38:05.0004", "omd.recovered", "P3", { ...ss("P3"), first: 700, last: 701, size: 2, via: "rts", after: 5_000_400, replayed: true })]
    const r = judge(omdUnrecoveredGaps, { service: "omd-c", recoverWithin: "5s" }, window, justLate)
    expect(rows(r)).toEqual([["P3", "P3/omdc-ss", at("09:38:00"), at("09:38:05.0004"), "seqs 700–701 (2) on channel SS recovered via rts only at 09:38:05.000400, 5.0004s after it was found (within 5s)"]])
  })

  describe("a range still open when the window ends (no refresh before it: refreshPeriod 1h)", () => {
    const gap = (t: string, p: string, feed: { flow: string; channel: string }, first: number, last: number) =>
      ev(t, "omd.gap", p, { ...feed, first, last, size: last - first + 1, reason: "lost on both lines" })
    const open = [
      // P1 SS 50–59, found before the window, rebuilt by refresh 80 s later, in it: recovered late.
      gap("09:59:00", "P1", ss("P1"), 50, 59),
      ev("10:00:20", "omd.recovered", "P1", { ...ss("P1"), first: 50, last: 59, size: 10, via: "refresh", after: 80_000_000, replayed: false }),
      // P1 SS 100–109 at 10:01: the RTS brings 100–104 10 ms on; 105–109 waits for a refresh that comes only
      // after 10:06 — open 5m at the window's end.
      gap("10:01:00", "P1", ss("P1"), 100, 109),
      ev("10:01:00.01", "omd.recovered", "P1", { ...ss("P1"), first: 100, last: 104, size: 5, via: "rts", after: 10_000, replayed: true }),
      // P3 SS 300–309 at 10:05, recovered at 10:06:30, after the window: open for 1m at its end.
      gap("10:05:00", "P3", ss("P3"), 300, 309),
      ev("10:06:30", "omd.recovered", "P3", { ...ss("P3"), first: 300, last: 309, size: 10, via: "refresh", after: 90_000_000, replayed: false }),
      // P2 SP 200 at 10:05:30: open only 30 s at the end — within 45 s, it may still come back in time.
      gap("10:05:30", "P2", sp("P2"), 200, 200)
    ]
    const w = { from: "10:00", to: "10:06" }

    it("with recoverWithin, counts each open range found longer ago than it, from when it was found, still so (no `to`)", () => {
      const r = judge(omdUnrecoveredGaps, { recoverWithin: "45s" }, w, open)
      expect(r.verdict).toBe("fail")
      // Counted: P1 105–109 (5) and P3 300–309 (10) open, P1 50–59 (10) late: 25 seqs, P1 and P3.
      expect(r.summary).toBe(
        "2 unrecovered gaps (2 still open after 45s) and 1 recovered later than 45s (25 seqs, 2 participants; max 0); 1 range still open at 10:06:00, not judged (found within 45s)"
      )
      expect(rows(r)).toEqual([
        ["P1", "P1/omdc-ss", at("09:59:00"), at("10:00:20"), "seqs 50–59 (10) on channel SS recovered via refresh only at 10:00:20, 1m20s after it was found (within 45s)"],
        ["P3", "P3/omdc-ss", at("10:05:00"), undefined, "seqs 300–309 (10) on channel SS not recovered by 10:06:00, 1m after it was found (within 45s)"],
        ["P1", "P1/omdc-ss", at("10:01:00"), undefined, "seqs 105–109 (5) on channel SS not recovered by 10:06:00, 5m after it was found (within 45s)"]
      ])
    })

    it("an early verdict (a rollback watch) judges the ranges open then", () => {
      // At 10:03: P1 105–109 open 2m; P3's and P2's not found yet.
      const r = judge(omdUnrecoveredGaps, { recoverWithin: "45s" }, w, open, "10:03")
      expect(r.summary).toBe("1 unrecovered gap (1 still open after 45s) and 1 recovered later than 45s (15 seqs, 1 participant; max 0)")
      // At 10:01:00.005 the whole 100–109 is open, 5 ms old: not judged.
      expect(judge(omdUnrecoveredGaps, { recoverWithin: "45s" }, w, open, "10:01:00.005").summary).toBe(
        "0 unrecovered gaps and 1 recovered later than 45s (10 seqs, 1 participant; max 0); 1 range still open at 10:01:00.005, not judged (found within 45s)"
      )
    })

    it("without recoverWithin, an open range is not lost for good: not judged, but said", () => {
      const r = judge(omdUnrecoveredGaps, {}, w, open)
      expect([r.verdict, r.summary]).toEqual(["pass", "0 unrecovered gaps (0 seqs, 0 participants; max 0); 3 ranges still open at 10:06:00, not judged (no recoverWithin)"])
    })

    it("a range lost for good is closed: counted once, as lost", () => {
      const closed = [...open, ev("10:05:59", "omd.loss.unrecovered", "P1", { ...ss("P1"), first: 105, last: 109, size: 5, reason: "sequence reset" })]
      const r = judge(omdUnrecoveredGaps, { service: "omd-c", recoverWithin: "45s" }, w, closed)
      expect(r.summary).toBe(
        "2 unrecovered gaps (1 still open after 45s) and 1 recovered later than 45s (25 seqs, 2 participants; max 0); 1 range still open at 10:06:00, not judged (found within 45s)"
      )
    })
  })

  it("rejects a negative or fractional maxGaps", () => {
    expect(() => judge(omdUnrecoveredGaps, { maxGaps: -1 }, window, lost)).toThrow()
    expect(() => judge(omdUnrecoveredGaps, { maxGaps: 1.5 }, window, lost)).toThrow()
    expect(() => judge(omdUnrecoveredGaps, { service: "otp-c" }, window, lost)).toThrow()
  })
})
