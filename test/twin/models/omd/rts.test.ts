import { describe, expect, it } from "vitest"
import { seconds } from "../../../../twin/engine/time.ts"
import type { FeedHandlerState } from "../../../../twin/models/omd/feed-handler.ts"
import { RTS_LIMITS, type OmdMessage } from "../../../../twin/models/omd/index.ts"
import type { RtsServerState } from "../../../../twin/models/omd/rts-server.ts"
import { at, deliver, LATENCY, recorder, world, type Seen } from "./world.ts"

const channel = "omdc/SS"
const request = (first: number, last: number, ch = channel): OmdMessage => ({ _tag: "rts-request", conn: 1, channel: ch, first, last })
const seen = (w: ReturnType<typeof world>, id: string) => w.rt.stateOf<ReadonlyArray<Seen>>(id)
const brief = (s: Seen) => {
  const m = s.message
  switch (m._tag) {
    case "rts-response":
      return [s.t, "response", m.status, m.first, m.last]
    case "rts-retransmission":
      return [s.t, "retransmission", m.first, m.last]
    case "rts-logon-response":
      return [s.t, "logon-response", m.sessionStatus]
    case "rts-close":
      return [s.t, "close", m.reason]
    default:
      return [s.t, m._tag]
  }
}

describe("RTS server limits (DOMAIN §3, spec §4.3)", () => {
  // 1,000 messages a second from 09:30 in 1 s slices: at 09:31:00.5 the server has seen 60 slices, so
  // the channel's highest is 60,000 and it keeps 10,001 … 60,000 (the last 50,000).
  const T = at("09:31") + 500_000

  it("answers 100 above 10,000 numbers, 2 outside the last 50,000, 1 for an unknown channel; the 1,001st request of the day gets 101 and the connection closes", () => {
    const w = world({ publisher: { rates: [{ from: at("09:30"), perSecond: 1_000 }] }, refresh: false, feedHandler: false })
    w.rt.add("client", "client", recorder(), [], at("06:00"))
    const server = "rts-dc1-1"
    deliver(w.rt, T, "client", server, { _tag: "rts-connect", conn: 1 })
    deliver(w.rt, T, "client", server, { _tag: "rts-logon", conn: 1, user: "U1" })
    deliver(w.rt, T + 1000, "client", server, request(40_001, 50_001)) // 10,001 numbers
    deliver(w.rt, T + 2000, "client", server, request(40_001, 50_000)) // exactly 10,000
    deliver(w.rt, T + 3000, "client", server, request(10_000, 10_000)) // 60,000 − 50,000: just out
    deliver(w.rt, T + 4000, "client", server, request(10_001, 10_001)) // oldest kept
    deliver(w.rt, T + 5000, "client", server, request(60_001, 60_001)) // not published yet
    deliver(w.rt, T + 6000, "client", server, request(1, 1, "omdc/XX"))
    // Requests 7 … 1,000 (every request counts, whatever its answer), then the 1,001st, then one more.
    for (let i = 0; i < 994; i++) deliver(w.rt, T + 10_000 + i * 10, "client", server, request(60_000, 60_000))
    deliver(w.rt, T + 50_000, "client", server, request(60_000, 60_000))
    deliver(w.rt, T + 60_000, "client", server, request(60_000, 60_000))
    w.rt.run(T + 100_000)

    const got = seen(w, "client").map(brief)
    // Every answer reaches the client LATENCY after the request reached the server.
    expect(got.slice(0, 10)).toEqual([
      [T + LATENCY, "logon-response", 0],
      [T + 1000 + LATENCY, "response", 100, 40_001, 50_001],
      [T + 2000 + LATENCY, "response", 0, 40_001, 50_000],
      [T + 2000 + LATENCY, "retransmission", 40_001, 50_000],
      [T + 3000 + LATENCY, "response", 2, 10_000, 10_000],
      [T + 4000 + LATENCY, "response", 0, 10_001, 10_001],
      [T + 4000 + LATENCY, "retransmission", 10_001, 10_001],
      [T + 5000 + LATENCY, "response", 2, 60_001, 60_001],
      [T + 6000 + LATENCY, "response", 1, 1, 1],
      [T + 10_000 + LATENCY, "response", 0, 60_000, 60_000]
    ])
    // 1 logon response + 6 answers (2 with data) + 994 × (answer + data) + 101 + close; nothing after.
    expect(got).toHaveLength(1 + 8 + 994 * 2 + 2)
    expect(got.slice(-3)).toEqual([
      [T + 10_000 + 993 * 10 + LATENCY, "retransmission", 60_000, 60_000],
      [T + 50_000 + LATENCY, "response", 101, 60_000, 60_000],
      [T + 50_000 + LATENCY, "close", "daily request limit"]
    ])
    const state = w.rt.stateOf<RtsServerState>(server)
    expect(state.requests.toRecord()).toEqual({ U1: 1_000 })
    expect(state.connections).toEqual({})
    expect(state.sessionOf).toEqual({})
  })

  it("counts the daily limit per user across servers and channels: a user's 11th request of 10 is refused (101) at whichever server, on whichever channel", () => {
    // Two feed handlers sharing user U1 (settings.rts usersPerParticipant), on different servers (one
    // session per user holds per server), with 10 requests a day. SS at rts-dc1-1 makes requests 1 … 6;
    // OMD-CC at rts-dc1-2 makes 7, 8, 9 on its own channel (nothing published there: 2, counted all the
    // same) and 10 on SS (0); its next would be the 11th → 101, closed. Then SS's next at rts-dc1-1 is the
    // 11th too (a refused request is not counted: U1 stays at 10) → 101, closed. Counted per server, the
    // second handler's would be 1 … 5 and none refused.
    const w = world({
      publisher: { rates: [{ from: at("09:30"), perSecond: 1_000 }] },
      refresh: false,
      feedHandler: false,
      rts: {
        channels: [{ channel, meanMessageBytes: 40, realChannels: 1 }, { channel: "omdcc/CC", meanMessageBytes: 40, realChannels: 1 }],
        limits: { ...RTS_LIMITS, dailyRequests: 10 }
      }
    })
    const ss = ["fh-ss", "rts-dc1-1"] as const
    const cc = ["fh-cc", "rts-dc1-2"] as const
    for (const [client, server] of [ss, cc]) {
      w.rt.add(client, client, recorder(true), [], at("06:00"))
      deliver(w.rt, T, client, server, { _tag: "rts-connect", conn: 1 })
      deliver(w.rt, T, client, server, { _tag: "rts-logon", conn: 1, user: "U1" })
    }
    for (let i = 0; i < 6; i++) deliver(w.rt, T + 1000 + i * 10, ...ss, request(60_000, 60_000))
    for (let i = 0; i < 3; i++) deliver(w.rt, T + 2000 + i * 10, ...cc, request(1, 1, "omdcc/CC"))
    deliver(w.rt, T + 3000, ...cc, request(59_999, 59_999))
    deliver(w.rt, T + 4000, ...cc, request(59_998, 59_998))
    deliver(w.rt, T + 5000, ...ss, request(59_997, 59_997))
    w.rt.run(T + 10_000)

    const served = w.kinds("omd.rts.served").map((e) => [e.t, e.subject, e.data["client"], e.data["channel"], e.data["status"], e.data["request"]])
    expect(served).toEqual([
      ...Array.from({ length: 6 }, (_, i) => [T + 1000 + i * 10, "rts-dc1-1", "fh-ss", channel, 0, i + 1]),
      ...Array.from({ length: 3 }, (_, i) => [T + 2000 + i * 10, "rts-dc1-2", "fh-cc", "omdcc/CC", 2, 7 + i]),
      [T + 3000, "rts-dc1-2", "fh-cc", channel, 0, 10],
      [T + 4000, "rts-dc1-2", "fh-cc", channel, 101, 11],
      [T + 5000, "rts-dc1-1", "fh-ss", channel, 101, 11]
    ])
    expect(seen(w, "fh-cc").map(brief).slice(-2)).toEqual([[T + 4000 + LATENCY, "response", 101, 59_998, 59_998], [T + 4000 + LATENCY, "close", "daily request limit"]])
    expect(seen(w, "fh-ss").map(brief).slice(-2)).toEqual([[T + 5000 + LATENCY, "response", 101, 59_997, 59_997], [T + 5000 + LATENCY, "close", "daily request limit"]])
    // One count, read by every server.
    expect(w.requests.toRecord()).toEqual({ U1: 10 })
    expect(w.rt.stateOf<RtsServerState>("rts-dc2-2").requests.of("U1")).toBe(10)
  })

  it("refuses a second logon for a connected user (SessionStatus 100) and closes that new connection; the first session stays", () => {
    const w = world({ publisher: { rates: [{ from: at("09:30"), perSecond: 1_000 }] }, refresh: false, feedHandler: false })
    for (const id of ["first", "second"]) w.rt.add(id, id, recorder(true), [], at("06:00"))
    const server = "rts-dc2-1"
    deliver(w.rt, T, "first", server, { _tag: "rts-connect", conn: 1 })
    deliver(w.rt, T, "first", server, { _tag: "rts-logon", conn: 1, user: "U1" })
    deliver(w.rt, T + 1000, "second", server, { _tag: "rts-connect", conn: 1 })
    deliver(w.rt, T + 1000, "second", server, { _tag: "rts-logon", conn: 1, user: "U1" })
    deliver(w.rt, T + 2000, "first", server, request(59_991, 60_000))
    w.rt.run(T + 10_000)
    expect(seen(w, "second").map(brief)).toEqual([
      [T + 1000 + LATENCY, "logon-response", 100],
      [T + 1000 + LATENCY, "close", "user already connected"]
    ])
    expect(seen(w, "first").map(brief)).toEqual([
      [T + LATENCY, "logon-response", 0],
      [T + 2000 + LATENCY, "response", 0, 59_991, 60_000],
      [T + 2000 + LATENCY, "retransmission", 59_991, 60_000]
    ])
    expect(w.rt.stateOf<RtsServerState>(server).sessionOf).toEqual({ U1: "first" })
  })

  it("closes a connection with no Logon after 5 s, and a session whose heartbeat is not echoed within 5 s", () => {
    const w = world({ refresh: false, feedHandler: false })
    w.rt.add("silent", "silent", recorder(), [], at("06:00"))
    w.rt.add("mute", "mute", recorder(false), [], at("06:00"))
    w.rt.add("polite", "polite", recorder(true), [], at("06:00"))
    const server = "rts-dc1-2"
    deliver(w.rt, T, "silent", server, { _tag: "rts-connect", conn: 1 })
    for (const [id, user] of [["mute", "U2"], ["polite", "U3"]] as const) {
      deliver(w.rt, T, id, server, { _tag: "rts-connect", conn: 1 })
      deliver(w.rt, T, id, server, { _tag: "rts-logon", conn: 1, user })
    }
    w.rt.run(T + seconds(70))
    expect(seen(w, "silent").map(brief)).toEqual([[T + seconds(5) + LATENCY, "close", "logon timeout"]])
    // Heartbeat every 30 s from logon; no echo by 35 s → closed.
    expect(seen(w, "mute").map(brief)).toEqual([
      [T + LATENCY, "logon-response", 0],
      [T + seconds(30) + LATENCY, "rts-heartbeat"],
      [T + seconds(35) + LATENCY, "close", "heartbeat timeout"]
    ])
    expect(seen(w, "polite").map(brief)).toEqual([
      [T + LATENCY, "logon-response", 0],
      [T + seconds(30) + LATENCY, "rts-heartbeat"],
      [T + seconds(60) + LATENCY, "rts-heartbeat"]
    ])
    expect(Object.keys(w.rt.stateOf<RtsServerState>(server).connections)).toEqual(["polite"])
  })
})

describe("feed handler recovery within the RTS limits", () => {
  it("tries the next endpoint when one does not answer; a gap that fell out of the last 50,000 meanwhile gets 2 and is recovered from refresh", () => {
    // 10,000 a second: the slice leaving at 09:30:0k carries 10,000(k−1)+1 … 10,000k. Seqs 20,001 … 20,010
    // (slice 3) are lost on both lines; rts-dc1-1 is unreachable.
    const w = world({
      publisher: { rates: [{ from: at("09:30"), perSecond: 10_000 }] },
      lost: (to, stream, seq) => to === "P0001.fh" && (stream === "omdc/SS/A" || stream === "omdc/SS/B") && seq >= 20_001 && seq <= 20_010,
      blocked: (from, to) => from === "rts-dc1-1" || to === "rts-dc1-1"
    })
    w.rt.run(at("09:30:32"))
    const t0 = at("09:30:03") + LATENCY
    // At t0 the handler's highest is 30,000: 20,001 is within the last 50,000, so it asks the RTS. No
    // answer for 5 s; at t0 + 5 s it moves to rts-dc1-2, whose highest is by then 80,000 (slice 8 arrived
    // at 09:30:08 + 100 µs): 20,001 ≤ 80,000 − 50,000, so "not available".
    const failover = t0 + seconds(5)
    expect(w.kinds("omd.rts.failover").map((e) => [e.t, e.data["from"], e.data["to"], e.data["reason"]])).toEqual([
      [failover, "rts-dc1-1", "rts-dc1-2", "no response"]
    ])
    expect(w.kinds("omd.rts.response").map((e) => [e.t, e.data["endpoint"], e.data["status"], e.data["first"], e.data["last"]])).toEqual([
      [failover + 400, "rts-dc1-2", 2, 20_001, 20_010]
    ])
    // Next snapshot starts at 09:30:30 (06:00 + k·30 s) before slice 30 reaches the refresh publisher:
    // LastSeqNum 290,000; its Refresh Complete leaves at 09:30:31 and arrives 100 µs later.
    const applied = at("09:30:31") + LATENCY
    expect(w.kinds("omd.refresh").map((e) => [e.t, e.data["line"], e.data["lastSeqNum"], e.data["reason"]])).toEqual([
      [applied, "A", 290_000, "gap"]
    ])
    expect(w.kinds("omd.recovered").map((e) => [e.t, e.data["first"], e.data["last"], e.data["via"], e.data["after"], e.data["replayed"]])).toEqual([
      [applied, 20_001, 20_010, "refresh", applied - t0, false]
    ])
    expect(w.rt.stateOf<FeedHandlerState>("P0001.fh").stats).toEqual({ gaps: 10, recoveredRts: 0, recoveredRefresh: 10, unrecovered: 0 })
  })

  it("a connection given up while its SYN was held never reaches the first endpoint once its path heals", () => {
    // As above, but rts-dc1-1 is cut only until t0 + 6 s: the connect and logon of t0, held, would go with
    // the SYN's retransmission at t0 + 7 s. The handler gave that connection up (and closed it) at t0 + 5 s,
    // so the kernel aborted it: rts-dc1-1 sees no session (before the engine's close, a ghost logged on
    // there, asked its request and closed).
    const t0 = at("09:30:03") + LATENCY
    const w = world({
      publisher: { rates: [{ from: at("09:30"), perSecond: 10_000 }] },
      lost: (to, stream, seq) => to === "P0001.fh" && (stream === "omdc/SS/A" || stream === "omdc/SS/B") && seq >= 20_001 && seq <= 20_010,
      blocked: (from, to, now) => (from === "rts-dc1-1" || to === "rts-dc1-1") && now < t0 + seconds(6)
    })
    w.rt.run(at("09:30:32"))
    expect(w.kinds("omd.rts.failover").map((e) => [e.t, e.data["from"], e.data["to"]])).toEqual([[t0 + seconds(5), "rts-dc1-1", "rts-dc1-2"]])
    expect(w.kinds("omd.rts.session").filter((e) => e.subject === "rts-dc1-1")).toEqual([])
    expect(w.kinds("omd.rts.session").filter((e) => e.subject === "rts-dc1-2").map((e) => e.data["state"])).toEqual(["logged-on"])
  })

  it("reformulates a request rejected with 100 into halves (spec §4.3 figure 6)", () => {
    // A client that believes 20,000 may be asked at once. 20,000 a second: slice 3 = 40,001 … 60,000;
    // 40,001 … 55,000 (15,000) lost on both lines → one request of 15,000 → 100 → two of 7,500.
    const w = world({
      publisher: { rates: [{ from: at("09:30"), perSecond: 20_000 }] },
      lost: (to, stream, seq) => to === "P0001.fh" && stream !== "omdc/SS/refresh/A" && stream !== "omdc/SS/refresh/B" && seq >= 40_001 && seq <= 55_000,
      feedHandler: { rtsLimits: { ...RTS_LIMITS, maxRange: 20_000 } }
    })
    w.rt.run(at("09:30:04"))
    const t0 = at("09:30:03") + LATENCY
    expect(w.kinds("omd.rts.served").map((e) => [e.t, e.data["first"], e.data["last"], e.data["status"], e.data["request"]])).toEqual([
      [t0 + 300, 40_001, 55_000, 100, 1],
      [t0 + 500, 40_001, 47_500, 0, 2],
      [t0 + 700, 47_501, 55_000, 0, 3]
    ])
    expect(w.kinds("omd.recovered").map((e) => [e.t, e.data["first"], e.data["last"], e.data["via"]])).toEqual([
      [t0 + 600, 40_001, 47_500, "rts"],
      [t0 + 800, 47_501, 55_000, "rts"]
    ])
  })

  it("counts its own requests: after 1,000 in a day the next gap goes to refresh, and the server never has to say 101", () => {
    // 10 a second; seq 10k + 5 of every slice k = 1 … 1,001 is lost on both lines: 1,001 one-seq gaps.
    const w = world({
      lost: (to, stream, seq) => to === "P0001.fh" && (stream === "omdc/SS/A" || stream === "omdc/SS/B") && seq % 10 === 5 && seq <= 10_005
    })
    w.rt.run(at("09:48"))
    expect(w.kinds("omd.gap")).toHaveLength(1_001)
    expect(w.kinds("omd.rts.request")).toHaveLength(1_000)
    expect(w.kinds("omd.rts.served").filter((e) => e.data["status"] !== 0)).toEqual([])
    // Gap 1,001 (seq 10,005) is found at 09:30:00 + 1,001 s + 100 µs = 09:46:41.0001. The snapshot of
    // 09:47:00 has LastSeqNum 10,190 (slices up to 09:46:59); it completes at 09:47:01 + 100 µs.
    const last = w.kinds("omd.recovered").at(-1)!
    expect([last.t, last.data["first"], last.data["via"], last.data["after"]]).toEqual([at("09:47:01") + LATENCY, 10_005, "refresh", seconds(20)])
    const fh = w.rt.stateOf<FeedHandlerState>("P0001.fh")
    expect(fh.stats).toEqual({ gaps: 1_001, recoveredRts: 1_000, recoveredRefresh: 1, unrecovered: 0 })
    expect(fh.rts.exhausted).toBe(true)
    expect(w.rt.stateOf<RtsServerState>("rts-dc1-1").requests.toRecord()).toEqual({ "P0001-SS": 1_000 })
  })
})

describe("what the RTS keeps: the channel's numbers, as far as a line has sent or announced them", () => {
  it("both lines' publishers down 09:30:10.5 … 09:30:20.5: a number above the last sent is 2 meanwhile; after the restart the skipped numbers are served", () => {
    // 10 a second: the slices of 09:30:11 … 09:30:20 (101 … 200) are allocated while both lines are down and
    // sent on neither. The restart's heartbeat on each line announces 200 (publisher.ts, no catch-up).
    const w = world({ refresh: false })
    w.rt.add("client", "client", recorder(true), [], at("06:00"))
    const server = "rts-dc2-2" // not the feed handler's first choice: the client's session never collides
    const crash = at("09:30:10") + 500_000
    const restart = at("09:30:20") + 500_000
    for (const pub of ["pub-a", "pub-b"]) {
      deliver(w.rt, crash, "ops", pub, { _tag: "control", command: "crash" })
      deliver(w.rt, restart, "ops", pub, { _tag: "control", command: "restart", catchUp: false })
    }
    const T = at("09:30:15")
    deliver(w.rt, T, "client", server, { _tag: "rts-connect", conn: 1 })
    deliver(w.rt, T, "client", server, { _tag: "rts-logon", conn: 1, user: "U1" })
    deliver(w.rt, T + 1000, "client", server, request(91, 100)) // the last ten sent
    deliver(w.rt, T + 2000, "client", server, request(101, 101)) // allocated, but no line has said so yet
    deliver(w.rt, restart + 1000, "client", server, request(101, 200)) // announced by the restart
    w.rt.run(at("09:30:25"))
    expect(seen(w, "client").map(brief).filter((b) => b[1] !== "rts-heartbeat")).toEqual([
      [T + LATENCY, "logon-response", 0],
      [T + 1000 + LATENCY, "response", 0, 91, 100],
      [T + 1000 + LATENCY, "retransmission", 91, 100],
      [T + 2000 + LATENCY, "response", 2, 101, 101],
      [restart + 1000 + LATENCY, "response", 0, 101, 200],
      [restart + 1000 + LATENCY, "retransmission", 101, 200]
    ])
    // The feed handler finds 101 … 200 lost on both lines at the restart's heartbeats and recovers it so.
    expect(w.kinds("omd.gap", "omd.recovered").map((e) => [e.t - restart, e.kind, e.data["first"], e.data["last"], e.data["via"] ?? null])).toEqual([
      [LATENCY, "omd.gap", 101, 200, null],
      [LATENCY + 400, "omd.recovered", 101, 200, "rts"]
    ])
  })
})
