/**
 * The links inside HKEX ride TCP (messages.ts INSIDE_HKEX_STREAM): a 2-second cut between the CCCG and the
 * SSE link delays the order written into it and its report, and loses neither. As datagrams the order
 * never reached the market: the session saw no acceptance and the link no order.
 */
import { describe, expect, it } from "vitest"
import { constantNetwork } from "../../../../twin/engine/runtime.ts"
import { at, bn, cscWorld, L, reports } from "./fixture.ts"

const between = (a: string, b: string, from: number, to: number) => (x: string, y: string, now: number) =>
  now >= from && now < to && ((x === a && y === b) || (x === b && y === a))

describe("CCCG ↔ mainland link across a 2-second cut", () => {
  // S1 is sent at 09:30:00, 1 s into the cut (09:29:59–09:30:01) between cccg-dc1-1 and the SSE link.
  const { rt, trace } = cscWorld(constantNetwork(L, between("cccg-dc1-1", "sse-link-dc1", at("09:29:59"), at("09:30:01"))), [{
    participant: "P0001",
    session: "P0001C01",
    orders: [{ at: at("09:30"), order: "S1", market: "SSE", side: "sell", amount: 1 * bn }]
  }])
  rt.run(at("09:40"))

  it("the order goes at the first retransmission after the cut, and is accepted and traded once", () => {
    // Written by the CCCG at 09:30:00.001 into the cut, on its standing connection (no SYN): retransmitted
    // at +0.2 and +0.6 s (cut) and +1.4 s (through), at the link L later, accepted back at the session 2L after.
    const r = reports(trace.events).filter(([, , order]) => order === "S1")
    expect(r.map(([t, event]) => [t, event])).toEqual([
      [at("09:30:01.401") + 3 * L, "accepted"],
      [r[1]![0], "traded"]
    ])
  })
})
