/**
 * The gateway ↔ OTP-C host link rides a TCP connection (messages.ts HOST_LINK_STREAM): a short cut inside
 * HKEX delays orders and their reports by the kernels' retransmissions, and loses none. As datagrams, an
 * order written into the cut never reached the matching host, and a report lost on its way back left the
 * gateway waiting on a resynchronisation.
 */
import { describe, expect, it } from "vitest"
import { executionsFor } from "../../../../twin/models/ocg/otp-c.ts"
import { seconds } from "../../../../twin/engine/time.ts"
import { CLIENT, cut, G1, HOST, TRADING, world } from "./fixture.ts"

// 60 orders a minute from 10 s to 40 s; the gateway ↔ host path cut both ways from 20 s to 22 s.
const both = (from: number, to: number) => {
  const there = cut(G1, HOST, from, to)
  const back = cut(HOST, G1, from, to)
  return (f: string, t: string, now: number) => there(f, t, now) || back(f, t, now)
}
const orders = [{ from: seconds(10), to: seconds(40), perMinute: 60 }]

describe("the gateway ↔ host link across a 2-second cut, on TCP", () => {
  const w = world({ orders, blocked: both(seconds(20), seconds(22)) })
  w.rt.run(seconds(90))
  const sent = w.sends(CLIENT, G1, "NewOrder").length

  it("every order reaches the host and every report the BSS, after the cut", () => {
    expect(sent).toBe(30)
    // A new and a fill per order, each logged once at the host and applied once by the BSS.
    expect(executionsFor(w.host(), TRADING)).toBe(60)
    expect(w.client().counts.applied).toBe(60)
  })

  it("what was written into the cut goes at the first retransmission after it: none before 22 s, all by 23.01 s", () => {
    const inCut = w.sends(CLIENT, G1, "NewOrder").filter((s) => s.t >= seconds(20) && s.t < seconds(22)).map((s) => (s.message as { clOrdId: number }).clOrdId)
    expect(inCut.length).toBe(2)
    const acks = w.sends(G1, CLIENT, "ExecutionReport").filter((s) => inCut.includes((s.message as { report: { clOrdId: number } }).report.clOrdId))
    expect(acks.length).toBe(4)
    for (const a of acks) expect(a.t).toBeGreaterThanOrEqual(seconds(22))
    expect(Math.min(...acks.map((a) => a.t))).toBeLessThan(seconds(23.01))
  })

  it("the session never notices: no resync between gateway and host, one logon", () => {
    expect(w.sends(G1, HOST, "HostResync")).toEqual([])
    expect(w.sends(CLIENT, G1, "Logon").length).toBe(1)
  })
})
