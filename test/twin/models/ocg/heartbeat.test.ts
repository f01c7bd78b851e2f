import { describe, expect, it } from "vitest"
import { seconds } from "../../../../twin/engine/time.ts"
import { BSS, CLIENT, cut, G1, world } from "./fixture.ts"

// Every hop is 500 µs. The start-of-day handshake, by hand: the BSS sends a Lookup Request at 0; the
// endpoint answers at 500; the BSS has the answer at 1000 and sends its Logon to the primary gateway; the
// gateway has it at 1500 and claims the session at the host (2000), has the host's ack at 2500 and answers
// the Logon; the BSS is logged on at 3000. So the gateway last transmitted at 2500 and the BSS at 1000.
const handshake = [
  [0, "lookup", { endpoint: "ls-dc1-primary" }],
  [1000, "lookup-ok", { endpoint: "ls-dc1-primary", primary: "ocg-dc1-01", secondary: "ocg-dc1-02" }],
  [1000, "logon-sent", { gateway: "ocg-dc1-01", role: "primary" }],
  [3000, "logon", { gateway: "ocg-dc1-01", role: "primary" }]
]

describe("OCG-C heartbeats and Test Requests (DOMAIN §1 Heartbeat)", () => {
  it("an idle session heartbeats every 20 s after each side's last transmission, in both directions", () => {
    const w = world()
    w.rt.run(seconds(110))
    expect(w.sessionEvents()).toEqual(handshake)
    // Gateway: 2500 + k × 20 s; its Logon reply was sequence 1, so heartbeats are 2, 3, …
    expect(w.sends(G1, CLIENT, "Heartbeat").map((s) => [s.t, s.seq])).toEqual([
      [20_002_500, 2],
      [40_002_500, 3],
      [60_002_500, 4],
      [80_002_500, 5],
      [100_002_500, 6]
    ])
    // BSS: 1000 + k × 20 s (its Logon was sequence 1).
    expect(w.sends(CLIENT, G1, "Heartbeat").map((s) => [s.t, s.seq])).toEqual([
      [20_001_000, 2],
      [40_001_000, 3],
      [60_001_000, 4],
      [80_001_000, 5],
      [100_001_000, 6]
    ])
    // Each side hears the other every 20 s, so neither ever reaches 3 silent intervals.
    expect(w.sent.filter((s) => s.tag === "TestRequest" || s.tag === "Logout")).toEqual([])
    expect(w.flowStatus()).toEqual([
      [0, 0, "not logged on yet"],
      [3000, 1, "logged on to ocg-dc1-01 (primary)"]
    ])
  })

  it("a silent gateway gets a Test Request 60 s after its last message and a Logout 60 s later; the BSS retries the primary after 10 s, then the secondary", () => {
    // Gateway → BSS cut from 30 s: the BSS last hears the gateway's heartbeat sent at 20 002 500, at 20 003 000.
    const w = world({ blocked: cut(G1, BSS, seconds(30)) })
    w.rt.run(seconds(300))
    // Test Request at 20 003 000 + 3 × 20 s = 80 003 000; Logout at 80 003 000 + 3 × 20 s = 140 003 000.
    expect(w.sends(CLIENT, G1, "TestRequest").map((s) => s.t)).toEqual([80_003_000])
    expect(w.sends(CLIENT, G1, "Logout").map((s) => s.t)).toEqual([140_003_000])
    // The gateway still hears the BSS (its heartbeats arrive every 20 s), so it never sends a Test Request
    // on that connection; it ends the session on the BSS's Logout, at 140 003 500.
    expect(w.trace.ofKind("ocg.gateway").filter((e) => e.data["event"] === "session-end").map((e) => [e.t, e.data["cause"]])).toEqual([
      [140_003_500, "logout"],
      // The second connection (below) ends when the BSS drops it: 210 003 000 + 500.
      [210_003_500, "disconnect"]
    ])
    // Reconnect 10 s after the Logout: 150 003 000 to the primary. Its Logon reply is lost (the cut), so the
    // BSS drops the connection 60 s later (210 003 000) and tries the secondary 60 s after that
    // (270 003 000): logged on 2 hops + the host round trip later, 270 005 000.
    expect(w.sessionEvents()).toEqual([
      ...handshake,
      [140_003_000, "disconnected", { gateway: "ocg-dc1-01", role: "primary", reason: "no reply to Test Request" }],
      [150_003_000, "logon-sent", { gateway: "ocg-dc1-01", role: "primary" }],
      [210_003_000, "logon-failed", { gateway: "ocg-dc1-01", role: "primary", reason: "no Logon response", next: "secondary" }],
      [270_003_000, "logon-sent", { gateway: "ocg-dc1-02", role: "secondary" }],
      [270_005_000, "logon", { gateway: "ocg-dc1-02", role: "secondary" }]
    ])
    expect(w.flowStatus()).toEqual([
      [0, 0, "not logged on yet"],
      [3000, 1, "logged on to ocg-dc1-01 (primary)"],
      [140_003_000, 0, "no reply to Test Request"],
      [270_005_000, 1, "logged on to ocg-dc1-02 (secondary)"]
    ])
  })

  it("a silent BSS gets a Test Request and then a Logout from the gateway; the BSS waits 10 s after the Logout", () => {
    // BSS → gateway cut from 30 s: the gateway last hears the BSS's heartbeat sent at 20 001 000, at 20 001 500.
    const w = world({ blocked: cut(BSS, G1, seconds(30)) })
    w.rt.run(seconds(300))
    // Test Request at 20 001 500 + 60 s; Logout (then the connection is closed) 60 s after that.
    expect(w.sends(G1, CLIENT, "TestRequest").map((s) => s.t)).toEqual([80_001_500])
    expect(w.sends(G1, CLIENT, "Logout").map((s) => s.t)).toEqual([140_001_500])
    expect(w.sends(G1, CLIENT, "Disconnect").map((s) => s.t)).toEqual([140_001_500])
    // The BSS hears the Logout at 140 002 000, retries the primary 10 s later (its Logon is lost in the cut),
    // gives up 60 s later and tries the secondary after 60 s more: 270 002 000, logged on at 270 004 000.
    expect(w.sessionEvents().slice(handshake.length)).toEqual([
      [140_002_000, "disconnected", { gateway: "ocg-dc1-01", role: "primary", reason: "Logout from gateway: no reply to Test Request" }],
      [150_002_000, "logon-sent", { gateway: "ocg-dc1-01", role: "primary" }],
      [210_002_000, "logon-failed", { gateway: "ocg-dc1-01", role: "primary", reason: "no Logon response", next: "secondary" }],
      [270_002_000, "logon-sent", { gateway: "ocg-dc1-02", role: "secondary" }],
      [270_004_000, "logon", { gateway: "ocg-dc1-02", role: "secondary" }]
    ])
    // The BSS heard the gateway all along, so it sent no Test Request of its own.
    expect(w.sends(CLIENT, G1, "TestRequest")).toEqual([])
  })
})
