import { describe, expect, it } from "vitest"
import { seconds } from "../../../../twin/engine/time.ts"
import { drPublisherNode, wireBytes, type OmdMessage } from "../../../../twin/models/omd/index.ts"
import { fullDayTimetable } from "../../../../twin/models/trading-day.ts"
import { at, deliver, LATENCY, recorder, world, type Seen } from "./world.ts"

/** A probe on `group`: records what a receiver there gets. */
const probe = (w: ReturnType<typeof world>, id: string, group: string) => {
  w.rt.add(id, id, recorder(), [], at("05:00"))
  w.rt.subscribe(group, id)
  return () => w.rt.stateOf<ReadonlyArray<Seen>>(id)
}

const brief = (s: Seen) => {
  const m = s.message
  switch (m._tag) {
    case "sequence-reset":
      return [s.t, "reset", m.newSeqNo, m.resetNo]
    case "session-status":
      return [s.t, "status", m.seq, m.subId, m.status]
    case "heartbeat":
      return [s.t, "heartbeat", m.seq]
    case "slice":
      return [s.t, "slice", m.first, m.last]
    case "dr-signal":
      return [s.t, "dr", m.seq, m.drStatus]
    default:
      return [s.t, m._tag]
  }
}

describe("publisher day cycle (DOMAIN §3, §1 timetable)", () => {
  it("starts with Sequence Reset, sends Trading Session Status at the timetable times, heartbeats every 2 s with the last seq on an idle channel, and stops at 18:30", () => {
    const w = world({ publisher: { rates: [], timetable: fullDayTimetable }, refresh: false, feedHandler: false })
    const seen = probe(w, "probe", "omdc/SS/A")
    w.rt.run(at("19:00"))
    const all = seen().map(brief)
    // 06:00: the reset (it takes no sequence number: spec §3.4.2), then Not Yet Open as seq 1.
    expect(all.slice(0, 3)).toEqual([
      [at("06:00") + LATENCY, "reset", 1, 1],
      [at("06:00") + LATENCY, "status", 1, 100, 0],
      [at("06:00:02") + LATENCY, "heartbeat", 1]
    ])
    // Sixteen statuses, seqs 1 … 16, each at its DOMAIN §1 time (see timetable.ts for the [U] instants).
    expect(all.filter((m) => m[1] === "status")).toEqual([
      ["06:00", 100, 0],
      ["09:00", 1, 20],
      ["09:15", 101, 20],
      ["09:20", 108, 20],
      ["09:21", 2, 20],
      ["09:22", 7, 20],
      ["09:30", 3, 30],
      ["12:00", 103, 50],
      ["13:00", 3, 30],
      ["16:00", 105, 40],
      ["16:01", 5, 40],
      ["16:06", 106, 40],
      ["16:08", 107, 40],
      ["16:10", 4, 40],
      ["16:15", 103, 50],
      ["18:00", 0, 100]
    ].map(([t, subId, status], i) => [at(t as string) + LATENCY, "status", i + 1, subId, status]))
    // Every heartbeat comes 2 s after the message before it and carries the seq of the last status.
    let lastSeq = 0
    let previous = 0
    for (const m of all.slice(1)) {
      if (m[1] === "heartbeat") {
        expect(m[0] as number - previous).toBe(seconds(2))
        expect(m[2]).toBe(lastSeq)
      } else lastSeq = m[2] as number
      previous = m[0] as number
    }
    // 06:00 → 18:30 is 45,000 s in 16 intervals between sends (statuses, then the stop), each a whole
    // number of minutes: D/2 − 1 heartbeats in each (none at the instant the next status goes) = 22,484.
    expect(all.filter((m) => m[1] === "heartbeat")).toHaveLength(22_500 - 16)
    expect(all.at(-1)).toEqual([at("18:29:58") + LATENCY, "heartbeat", 16])
    expect(w.kinds("omd.publisher").map((e) => [e.t, e.subject, e.data["state"]])).toEqual([
      [at("06:00"), "pub-a", "start-of-day"],
      [at("06:00"), "pub-b", "start-of-day"],
      [at("18:30"), "pub-a", "stopped"],
      [at("18:30"), "pub-b", "stopped"]
    ])
  })

  it("sends no heartbeat while slices flow, and resumes 2 s after the last one with its last seq", () => {
    const w = world({ publisher: { rates: [{ from: at("09:30"), perSecond: 10 }, { from: at("09:31"), perSecond: 0 }] }, refresh: false, feedHandler: false })
    const seen = probe(w, "probe", "omdc/SS/A")
    w.rt.run(at("09:31:05"))
    const window = seen().map(brief).filter((m) => (m[0] as number) > at("09:29:57"))
    expect(window).toEqual([
      [at("09:29:58") + LATENCY, "heartbeat", 0],
      [at("09:30") + LATENCY, "heartbeat", 0],
      ...Array.from({ length: 60 }, (_, k) => [at("09:30") + seconds(k + 1) + LATENCY, "slice", 10 * k + 1, 10 * k + 10]),
      [at("09:31:02") + LATENCY, "heartbeat", 600],
      [at("09:31:04") + LATENCY, "heartbeat", 600]
    ])
  })

  it("gives line A and line B the same slices, integrating the rate exactly across a phase change inside a slice", () => {
    // 7/s until 09:30:10.5, then 3/s: slices 1 … 10 hold 7 each; slice 11 holds 0.5·7 + 0.5·3 = 5; then 3.
    const w = world({
      publisher: { rates: [{ from: at("09:30"), perSecond: 7 }, { from: at("09:30:10") + 500_000, perSecond: 3 }] },
      refresh: false,
      feedHandler: false
    })
    const a = probe(w, "probe-a", "omdc/SS/A")
    const b = probe(w, "probe-b", "omdc/SS/B")
    w.rt.run(at("09:30:13") + LATENCY)
    const slices = (seen: ReadonlyArray<Seen>) => seen.map(brief).filter((m) => m[1] === "slice").map((m) => [m[2], m[3]])
    expect(slices(a())).toEqual([...Array.from({ length: 10 }, (_, k) => [7 * k + 1, 7 * k + 7]), [71, 75], [76, 78], [79, 81]])
    expect(slices(b())).toEqual(slices(a()))
  })

  it("sends DR Signal 1, repeats it, then 2 (spec §3.4.3), each with its own seq", () => {
    const w = world({ refresh: false, feedHandler: false })
    w.place("dr-a", drPublisherNode("A"), at("06:00"))
    const seen = probe(w, "probe", "omdc/DR/A")
    const control = (drStatus: 1 | 2): OmdMessage => ({ _tag: "control", command: "dr-signal", drStatus })
    deliver(w.rt, at("10:00") + 500_000, "ops", "dr-a", control(1))
    deliver(w.rt, at("10:01:30") + 500_000, "ops", "dr-a", control(2))
    w.rt.run(at("10:03"))
    // Repeats every 60 s (the [U] default); no heartbeats on the DR channel unless asked for.
    expect(seen().map(brief)).toEqual([
      [at("06:00") + LATENCY, "reset", 1, 1],
      [at("10:00") + 500_000 + LATENCY, "dr", 1, 1],
      [at("10:01") + 500_000 + LATENCY, "dr", 2, 1],
      [at("10:01:30") + 500_000 + LATENCY, "dr", 3, 2],
      [at("10:02:30") + 500_000 + LATENCY, "dr", 4, 2]
    ])
  })

  it("stamps SendTime with its own clock: a skew shifts SendTime, not when packets leave", () => {
    const w = world({ refresh: false, feedHandler: false })
    const seen = probe(w, "probe", "omdc/SS/A")
    deliver(w.rt, at("09:30") + 500_000, "ops", "pub-a", { _tag: "control", command: "clock-skew", skew: 250_000 })
    w.rt.run(at("09:30:02") + LATENCY)
    const slices = seen().filter((s) => s.message._tag === "slice")
    expect(slices.map((s) => [s.t, s.message._tag === "slice" ? s.message.sendTime : 0])).toEqual([
      [at("09:30:01") + LATENCY, at("09:30:01") + 250_000],
      [at("09:30:02") + LATENCY, at("09:30:02") + 250_000]
    ])
  })
})

describe("wire sizes (DOMAIN §3: 16-byte packet header + message sizes)", () => {
  it("sizes each exact message and packs a slice into packets of at most 1500 bytes", () => {
    const common = { channel: "omdc/SS", line: "A" as const, sendTime: 0 }
    expect(wireBytes({ _tag: "heartbeat", ...common, seq: 5 }, 40)).toBe(16)
    expect(wireBytes({ _tag: "sequence-reset", ...common, newSeqNo: 1, resetNo: 1 }, 40)).toBe(24)
    expect(wireBytes({ _tag: "session-status", ...common, seq: 1, marketCode: "MAIN", subId: 3, status: 30 }, 40)).toBe(48)
    expect(wireBytes({ _tag: "dr-signal", ...common, seq: 1, drStatus: 1 }, 40)).toBe(24)
    // Spec §3.5: PktSize 32 = 16-byte header + Logon or Retransmission Request.
    expect(wireBytes({ _tag: "rts-logon", conn: 1, user: "U1" }, 40)).toBe(32)
    expect(wireBytes({ _tag: "rts-request", conn: 1, channel: "omdc/SS", first: 1, last: 2 }, 40)).toBe(32)
    expect(wireBytes({ _tag: "rts-response", conn: 1, channel: "omdc/SS", status: 0, first: 1, last: 2 }, 40)).toBe(32)
    expect(wireBytes({ _tag: "rts-logon-response", conn: 1, sessionStatus: 0 }, 40)).toBe(24)
    expect(wireBytes({ _tag: "refresh-complete", channel: "omdc/SS", line: "A", cycle: 1, lastSeqNum: 9 }, 40)).toBe(24)
    // 1500 − 28 (IP/UDP) − 16 (header) = 1456 bytes for messages: 36 of 40 bytes per packet.
    // 10,000 messages → ⌈10,000/36⌉ = 278 packets → 278·16 + 400,000.
    expect(wireBytes({ _tag: "slice", ...common, first: 1, last: 10_000 }, 40)).toBe(404_448)
  })
})
