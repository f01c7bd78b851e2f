import { describe, expect, it } from "vitest"
import type { Input } from "../../../../twin/engine/machine.ts"
import { seconds } from "../../../../twin/engine/time.ts"
import { logOf, type OcgMessage, type OcgWire } from "../../../../twin/models/ocg/index.ts"
import { CLIENT, G1, TRADING, world } from "./fixture.ts"

const SECOND_BSS = "P0001/P0001T01#2"

const fromClient = (message: OcgWire, from = CLIENT): Input<OcgMessage> => ({ _tag: "receive", from, message })

describe("Logon rules (DOMAIN §1 Duplicate logon, Sequence numbers)", () => {
  it("a second logon for a Comp ID that is up drops both connections, without a Logout", () => {
    const w = world()
    w.addClient(SECOND_BSS, "P0001.bss2", TRADING, seconds(10))
    let attachedAt15s: boolean | undefined
    w.rt.at(seconds(15), () => (attachedAt15s = logOf(w.host(), TRADING)?.attached))
    w.rt.run(seconds(21))
    // The second BSS: Lookup at 10 s, Logon at 10 001 000, at the primary at 10 001 500 while the first
    // BSS's session is up: the gateway drops both there and then, and tells the host (abrupt end).
    expect(w.trace.ofKind("ocg.gateway").filter((e) => e.data["event"] === "duplicate-logon").map((e) => [e.t, e.data["peer"], e.data["holder"]]))
      .toEqual([[10_001_500, SECOND_BSS, CLIENT]])
    expect(w.sent.filter((s) => s.from === G1 && s.tag === "Disconnect").map((s) => [s.t, s.to])).toEqual([
      [10_001_500, SECOND_BSS],
      [10_001_500, CLIENT]
    ])
    expect(w.sent.filter((s) => s.from === G1 && s.tag === "Logout")).toEqual([])
    // Both BSSs learn it at 10 002 000 and wait 10 s: the first retries its primary (the session was up),
    // the second moves on to the secondary (its logon attempt on the primary failed).
    expect(w.sessionEvents().filter(([t]) => t >= seconds(10) && t <= seconds(20.002))).toEqual([
      [10_000_000, "lookup", { endpoint: "ls-dc1-primary" }],
      [10_001_000, "lookup-ok", { endpoint: "ls-dc1-primary", primary: "ocg-dc1-01", secondary: "ocg-dc1-02" }],
      [10_001_000, "logon-sent", { gateway: "ocg-dc1-01", role: "primary" }],
      [10_002_000, "logon-failed", { gateway: "ocg-dc1-01", role: "primary", reason: "dropped: duplicate logon", next: "secondary" }],
      [10_002_000, "disconnected", { gateway: "ocg-dc1-01", role: "primary", reason: "dropped by gateway: duplicate logon" }],
      [20_002_000, "logon-sent", { gateway: "ocg-dc1-02", role: "secondary" }],
      [20_002_000, "logon-sent", { gateway: "ocg-dc1-01", role: "primary" }]
    ])
    // The host heard the session end (10 002 000) and holds its reports until a gateway claims it again.
    expect(attachedAt15s).toBe(false)
  })

  it("across gateways the last claim wins: the host revokes the earlier holder [U]", () => {
    const w = world()
    w.addClient(SECOND_BSS, "P0001.bss2", TRADING, seconds(10))
    w.rt.run(seconds(21))
    // At 20 002 000 the second BSS logs on to the secondary and the first to the primary; both claims reach
    // the host at 20 003 000, the secondary's first. The primary's claim revokes the secondary, which drops
    // the second BSS just after answering its Logon (the host's ack to the primary left before the revoke):
    // both BSSs see their Logon reply at 20 004 000, then the second its disconnection.
    expect(w.sessionEvents().filter(([t]) => t > seconds(20.002))).toEqual([
      [20_004_000, "logon", { gateway: "ocg-dc1-02", role: "secondary" }],
      [20_004_000, "logon", { gateway: "ocg-dc1-01", role: "primary" }],
      [20_004_000, "disconnected", { gateway: "ocg-dc1-02", role: "secondary", reason: "dropped by gateway: session taken over" }]
    ])
    expect(logOf(w.host(), TRADING)?.owner).toBe(G1)
  })

  it("the first Logon of the day with a sequence number above 1 is dropped without a Logout", () => {
    const w = world({ clientStart: seconds(100) })
    const logon: OcgWire = { _tag: "Logon", compId: TRADING, conn: 7, seq: 5, possDup: false, possResend: false, nextExpected: 1 }
    w.rt.inject(seconds(1), G1, fromClient(logon))
    w.rt.run(seconds(2))
    // The Logon is at the gateway at 1 s: it claims the session, the host refuses it at 1 000 500 (the
    // session has not logged on today), the gateway drops the connection at 1 001 000.
    expect(w.sent.filter((s) => s.from === G1 || s.to === G1).map((s) => [s.t, s.from, s.to, s.tag])).toEqual([
      [1_000_000, G1, "otp-c-dc1-1", "HostAttach"],
      [1_000_500, "otp-c-dc1-1", G1, "HostAttachAck"],
      [1_001_000, G1, CLIENT, "Disconnect"]
    ])
    expect(logOf(w.host(), TRADING)?.known ?? false).toBe(false)
  })

  it("a message numbered below the expected one gets a Logout unless PossDup is set", () => {
    const w = world()
    w.rt.run(seconds(5))
    // Logged on at 3000 on connection 2 (the Lookup used 1); the gateway expects 2 next from the BSS.
    const stale = (possDup: boolean): OcgWire => ({ _tag: "Heartbeat", compId: TRADING, conn: 2, seq: 1, possDup, possResend: false, testReqId: undefined })
    w.rt.inject(seconds(6), G1, fromClient(stale(true)))
    w.rt.inject(seconds(7), G1, fromClient(stale(false)))
    w.rt.run(seconds(8))
    // PossDup=1 at 6 s: ignored. PossDup=0 at 7 s: Logout and disconnect, then the BSS has the Logout.
    expect(w.sent.filter((s) => s.from === G1 && s.t > seconds(5)).map((s) => [s.t, s.tag, s.seq ?? null])).toEqual([
      [7_000_000, "Logout", 2],
      [7_000_000, "Disconnect", null],
      [7_000_000, "HostDetach", null]
    ])
    expect(w.sessionEvents().slice(-1)).toEqual([
      [7_000_500, "disconnected", { gateway: "ocg-dc1-01", role: "primary", reason: "Logout from gateway: sequence number lower than expected" }]
    ])
  })

  it("an unknown Comp ID is dropped without a Logout", () => {
    const w = world({ clientStart: seconds(100) })
    const logon: OcgWire = { _tag: "Logon", compId: "P9999T01", conn: 1, seq: 1, possDup: false, possResend: false, nextExpected: 1 }
    w.rt.inject(seconds(1), G1, fromClient(logon))
    w.rt.run(seconds(2))
    expect(w.sent.map((s) => [s.t, s.from, s.tag])).toEqual([[1_000_000, G1, "Disconnect"]])
  })
})
