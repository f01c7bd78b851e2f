import { describe, expect, it } from "vitest"
import { seconds } from "../../../../twin/engine/time.ts"
import { control } from "../../../../twin/models/ocg/index.ts"
import { CLIENT, G1, G2, HOST, TRADING, world } from "./fixture.ts"

describe("gateway failover (DOMAIN §1 Heartbeat, Logon, Unexpected disconnect)", () => {
  it("a crashed primary is detected by the heartbeat rules and the BSS logs on to the secondary when the rules say", () => {
    const w = world()
    w.rt.inject(seconds(30), G1, control("crash"))
    w.rt.run(seconds(300))
    // The BSS last heard the primary's heartbeat of 20 002 500 at 20 003 000 (the next, due at 40 002 500,
    // never comes). Test Request at +60 s = 80 003 000, unanswered; Logout and disconnect at +60 s =
    // 140 003 000. 10 s later (150 003 000) it retries the primary, which answers nothing: after 60 s
    // (210 003 000) it drops the attempt and after 60 s more (270 003 000) tries the secondary, which
    // claims the session at the host and answers: logged on at 270 003 000 + 4 × 500 = 270 005 000.
    expect(w.sends(CLIENT, G1, "TestRequest").map((s) => s.t)).toEqual([80_003_000])
    expect(w.sessionEvents().slice(4)).toEqual([
      [140_003_000, "disconnected", { gateway: "ocg-dc1-01", role: "primary", reason: "no reply to Test Request" }],
      [150_003_000, "logon-sent", { gateway: "ocg-dc1-01", role: "primary" }],
      [210_003_000, "logon-failed", { gateway: "ocg-dc1-01", role: "primary", reason: "no Logon response", next: "secondary" }],
      [270_003_000, "logon-sent", { gateway: "ocg-dc1-02", role: "secondary" }],
      [270_005_000, "logon", { gateway: "ocg-dc1-02", role: "secondary" }]
    ])
    // flow.status: 1 of 2 (primary) → 0 → 1 of 2 (secondary), each change once.
    expect(w.flowStatus()).toEqual([
      [0, 0, "not logged on yet"],
      [3000, 1, "logged on to ocg-dc1-01 (primary)"],
      [140_003_000, 0, "no reply to Test Request"],
      [270_005_000, 1, "logged on to ocg-dc1-02 (secondary)"]
    ])
    expect(w.trace.ofKind("flow.status").map((e) => [e.subject, e.data["flow"], e.data["of"], e.data["service"]])[3]).toEqual([
      "P0001",
      "P0001/P0001T01",
      2,
      "otp-c"
    ])
    // The crashed gateway sent nothing after 30 s; the secondary took over the session (a fresh record
    // with the BSS's sequence numbers), and the host told the old holder to let go.
    expect(w.sent.filter((s) => s.from === G1 && s.t >= seconds(30))).toEqual([])
    expect(w.trace.ofKind("ocg.gateway").map((e) => [e.t, e.subject, e.data["event"], e.data["record"] ?? null])).toEqual([
      [2500, G1, "logon", "fresh"],
      [30_000_000, G1, "crash", null],
      [270_004_500, G2, "logon", "fresh"]
    ])
    expect(w.sends(HOST, G1, "HostRevoke").map((s) => s.t)).toEqual([270_004_000])
  })

  it("a primary restarted before the BSS noticed resets the old connection at its first segment; the BSS logs on to it again with its sequence numbers", () => {
    const w = world()
    w.rt.inject(seconds(30), G1, control("crash"))
    w.rt.inject(seconds(100), G1, control("restart"))
    w.rt.run(seconds(200))
    // The BSS's Test Request went at 80 003 000 (as above) into the crashed gateway; its next transmission is
    // the heartbeat due an interval later, 100 003 000 — the first segment after the 100 s restart. The fresh
    // host has no socket for that connection: reset at 100 003 500, heard at 100 004 000 (not at the Test
    // Request's timeout, 140 003 000). 10 s later (110 004 000) the BSS logs on to its primary again, which
    // claims the session at the host and answers: logged on at 110 004 000 + 4 × 500 = 110 006 000.
    expect(w.sends(CLIENT, G1, "Heartbeat").map((s) => s.t).filter((t) => t >= seconds(30) && t < seconds(110))).toEqual([40_001_000, 60_001_000, 80_001_000, 100_003_000])
    expect(w.sends(G1, CLIENT, "Disconnect").map((s) => [s.t, s.message])).toEqual([
      [100_003_500, { _tag: "Disconnect", compId: TRADING, conn: 2, reason: "connection reset (gateway restarted)" }]
    ])
    expect(w.sessionEvents().slice(4)).toEqual([
      [100_004_000, "disconnected", { gateway: "ocg-dc1-01", role: "primary", reason: "dropped by gateway: connection reset (gateway restarted)" }],
      [110_004_000, "logon-sent", { gateway: "ocg-dc1-01", role: "primary" }],
      [110_006_000, "logon", { gateway: "ocg-dc1-01", role: "primary" }]
    ])
    expect(w.flowStatus().slice(2)).toEqual([
      [100_004_000, 0, "dropped by gateway: connection reset (gateway restarted)"],
      [110_006_000, 1, "logged on to ocg-dc1-01 (primary)"]
    ])
    const logons = w.trace.ofKind("ocg.gateway").filter((e) => e.data["event"] === "logon")
    expect(logons.map((e) => [e.t, e.data["record"], e.data["replayed"]])).toEqual([
      [2500, "fresh", 0],
      // Before the crash the gateway sent its Logon reply (1) and one heartbeat (2), and the BSS had both:
      // NextExpectedSeq 3 equals the gateway's next number, so nothing is replayed.
      [110_005_500, "current", 0]
    ])
    // The BSS's Logon carries NextExpectedSeq 3; the gateway's reply is numbered 3.
    expect(w.sends(G1, CLIENT, "Logon").map((s) => [s.t, s.seq])).toEqual([
      [2500, 1],
      [110_005_500, 3]
    ])
  })

  it("a second crash resets, after its restart, the connection the BSS logged on with since the first", () => {
    const w = world()
    w.rt.inject(seconds(30), G1, control("crash"))
    w.rt.inject(seconds(100), G1, control("restart"))
    // A second crash and restart after the BSS logged on again (110 006 000): its new connection is reset in
    // turn, at its heartbeat due 20 s after its Logon (130 004 000); nothing else G1 sends is a reset.
    w.rt.inject(seconds(120), G1, control("crash"))
    w.rt.inject(seconds(125), G1, control("restart"))
    w.rt.run(seconds(200))
    expect(w.sends(G1, CLIENT, "Disconnect").map((s) => [s.t, s.message._tag === "Disconnect" ? s.message.conn : undefined])).toEqual([
      [100_003_500, 2],
      [130_004_500, 3]
    ])
  })

  it("with both gateways down the BSS goes back to the Lookup Service after the secondary fails", () => {
    const w = world()
    w.rt.inject(seconds(30), G1, control("crash"))
    w.rt.inject(seconds(30), G2, control("crash"))
    w.rt.inject(seconds(350), G1, control("restart"))
    w.rt.run(seconds(400))
    // As above up to the secondary at 270 003 000, which answers nothing either: dropped at 330 003 000,
    // then 60 s before the next step, which is the Lookup Service from its first endpoint (390 003 000).
    // The primary is back by then: Lookup Response 390 004 000, logged on 390 006 000.
    expect(w.sessionEvents().slice(7)).toEqual([
      [270_003_000, "logon-sent", { gateway: "ocg-dc1-02", role: "secondary" }],
      [330_003_000, "logon-failed", { gateway: "ocg-dc1-02", role: "secondary", reason: "no Logon response", next: "lookup" }],
      [390_003_000, "lookup", { endpoint: "ls-dc1-primary" }],
      [390_004_000, "lookup-ok", { endpoint: "ls-dc1-primary", primary: "ocg-dc1-01", secondary: "ocg-dc1-02" }],
      [390_004_000, "logon-sent", { gateway: "ocg-dc1-01", role: "primary" }],
      [390_006_000, "logon", { gateway: "ocg-dc1-01", role: "primary" }]
    ])
  })
})
