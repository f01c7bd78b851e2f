/**
 * A Logon the BSS gives up on (no response in 60 s) is a connection it closes: while its SYN was still
 * held by a cut, the kernel aborts it, so the gateway never sees that Logon after the path heals. Before
 * the engine had a close, the SYN went on being retransmitted (up to 127 s) and a ghost Logon claimed the
 * session at the first gateway after the BSS had given it up.
 */
import { describe, expect, it } from "vitest"
import { seconds } from "../../../../twin/engine/time.ts"
import { BSS, CLIENT, cut, G1, G2, HOST, world } from "./fixture.ts"

// The BSS's path to its primary gateway cut from the start until 50 s: its Logon (t ≈ 1 ms) is held; the
// SYN's sixth retransmission, 63 s after it, would find the path back.
describe("a Logon given up while its SYN is held by a cut", () => {
  const w = world({ blocked: cut(BSS, G1, 0, seconds(50)) })
  w.rt.run(seconds(200))
  const logons = w.trace.ofKind("ocg.gateway").filter((e) => e.data["event"] === "logon")

  it("never reaches the primary gateway: it claims nothing at the host and ends no session; the secondary logs on", () => {
    expect(w.sends(CLIENT, G1, "Logon").length).toBe(1)
    // Without the close the ghost attached the session at the host at 63 s, and its Disconnect ended it there.
    expect(w.sends(G1, HOST, "HostAttach")).toEqual([])
    expect(w.trace.ofKind("ocg.gateway").filter((e) => e.subject === G1)).toEqual([])
    expect(logons.map((e) => e.subject)).toEqual([G2])
  })

  it("the BSS gave it up at 60 s and logged on at the secondary 60 s later", () => {
    const gaveUp = w.trace.ofKind("ocg.session").find((e) => e.data["event"] === "logon-failed")!
    expect(gaveUp.t).toBeGreaterThanOrEqual(seconds(60))
    expect(gaveUp.t).toBeLessThan(seconds(60.01))
    expect(logons[0]!.t).toBeGreaterThanOrEqual(seconds(120))
  })
})
