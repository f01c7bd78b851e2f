/**
 * A short cut of a FIX session's path inside its TCP connection: the kernels retransmit what was written
 * into the cut (twin/engine/tcp.ts), so the session sees delay — never a sequence gap, a ResendRequest or
 * a lost order. Only a reconnection can make a FIX gap.
 */
import { describe, expect, it } from "vitest"
import { seconds } from "../../../../twin/engine/time.ts"
import { BSS, CLIENT, cut, G1, HOST, world } from "./fixture.ts"

// 60 orders a minute from 10 s to 40 s; BSS → ocg-dc1-01 cut from 20 s to 22 s (far below the heartbeat timeouts).
const setup = { orders: [{ from: seconds(10), to: seconds(40), perMinute: 60 }], blocked: cut(BSS, G1, seconds(20), seconds(22)) }

describe("OCG-C session across a 2-second cut, on TCP", () => {
  const w = world(setup)
  w.rt.run(seconds(60))
  const orders = w.sends(CLIENT, G1, "NewOrder")
  const atHost = w.sends(G1, HOST, "HostOrder")

  it("every order written into the cut reaches the host after it, in order, and none is lost", () => {
    expect(orders.length).toBe(30)
    expect(atHost.map((s) => (s.message as { clOrdId: number }).clOrdId)).toEqual(orders.map((s) => (s.message as { clOrdId: number }).clOrdId))
    const inCut = orders.filter((s) => s.t >= seconds(20) && s.t < seconds(22))
    expect(inCut.length).toBe(2)
    // Written at 20 s and 21 s; the first is retransmitted at 20.2, 20.6, 21.4 and 23.0 s, the second waits behind it.
    for (const s of inCut) {
      const clOrdId = (s.message as { clOrdId: number }).clOrdId
      const at = atHost.find((h) => (h.message as { clOrdId: number }).clOrdId === clOrdId)!.t
      expect(at).toBeGreaterThanOrEqual(seconds(23))
      expect(at).toBeLessThan(seconds(23.01))
    }
  })

  it("no sequence gap, no ResendRequest, no reconnection", () => {
    expect(w.trace.ofKind("ocg.gateway").filter((e) => e.data["event"] === "inbound-gap")).toEqual([])
    expect(w.sends(G1, CLIENT, "ResendRequest")).toEqual([])
    expect(w.sends(CLIENT, G1, "Logon").length).toBe(1)
  })
})
