import { describe, expect, it } from "vitest"
import { seconds } from "../../../../twin/engine/time.ts"
import { control } from "../../../../twin/models/ocg/index.ts"
import { BSS, CLIENT, G1, world } from "./fixture.ts"

// One order at 5 s reaches the host at 5 001 000 (ExecID 1, "new"); it would fill 120 s later. The session
// has Cancel-on-Disconnect with a 30 s delay.
const setup = { orders: [{ from: seconds(5), to: seconds(5) + 1, perMinute: 1 }], fillDelay: seconds(120), session: { cancelOnDisconnect: seconds(30) } }

const codEvents = (w: ReturnType<typeof world>) => w.trace.ofKind("otp.cancel-on-disconnect").map((e) => [e.t, e.data["event"], e.data["cancelled"] ?? e.data["cause"] ?? null])

const reports = (w: ReturnType<typeof world>) =>
  w.sent.filter((s) => s.from === G1 && s.to === CLIENT && s.message._tag === "ExecutionReport").map((s) => {
    const r = s.message._tag === "ExecutionReport" ? s.message.report : undefined
    return [s.t, r?.execId, r?.execType, r?.cancelOnDisconnect, s.possResend]
  })

describe("Cancel-on-Disconnect (DOMAIN §1 Cancel-on-Disconnect)", () => {
  it("fires the configured delay after an abrupt disconnect; the cancel is delivered on reconnect", () => {
    const w = world(setup)
    w.rt.inject(seconds(10), CLIENT, control("stop"))
    w.rt.inject(seconds(50), CLIENT, control("resume"))
    w.rt.run(seconds(200))
    // The BSS drops the connection at 10 s: the gateway sees it at 10 000 500 and tells the host (10 001 000),
    // which cancels the open order 30 s later, 40 001 000 (ExecID 2). The BSS logs on again at 50 003 000
    // and gets the cancel then; the order never fills.
    expect(codEvents(w)).toEqual([
      [10_001_000, "armed", "disconnect"],
      [40_001_000, "fired", 1]
    ])
    expect(reports(w)).toEqual([
      [5_001_500, 1, "new", false, false],
      [50_002_500, 2, "cancel", true, false]
    ])
    expect(w.host()).toMatchObject({ fills: 0, cancelledOnDisconnect: 1 })
  })

  it("does not fire when the session logs on again within the delay", () => {
    const w = world(setup)
    w.rt.inject(seconds(10), CLIENT, control("stop"))
    w.rt.inject(seconds(20), CLIENT, control("resume"))
    w.rt.run(seconds(200))
    // Resume at 20 s: Logon at 20 001 000, claimed at the host at 20 002 000, inside the 30 s: disarmed.
    // The order fills at 5 001 000 + 120 s = 125 001 000.
    expect(codEvents(w)).toEqual([
      [10_001_000, "armed", "disconnect"],
      [20_002_000, "avoided", null]
    ])
    expect(reports(w)).toEqual([
      [5_001_500, 1, "new", false, false],
      [125_001_500, 2, "trade", false, false]
    ])
  })

  it("fires after missed heartbeats: the gateway's Logout time plus the delay", () => {
    // The BSS's network fails both ways from 10 s to 200 s. The gateway last heard it at 5 000 500 (the
    // order): Test Request at 65 000 500, Logout at 125 000 500, reported to the host at 125 001 000; the
    // cancel 30 s later. (Fills take 300 s here so that the order is still open then.)
    const w = world({ ...setup, fillDelay: seconds(300), blocked: (from, to, now) => now >= seconds(10) && (from === BSS || to === BSS) && now < seconds(200) })
    w.rt.run(seconds(300))
    expect(codEvents(w)).toEqual([
      [125_001_000, "armed", "missed-heartbeats"],
      [155_001_000, "fired", 1]
    ])
  })

  it("is not triggered by a gateway crash (an internal OCG-C outage)", () => {
    const w = world(setup)
    w.rt.inject(seconds(10), G1, control("crash"))
    w.rt.run(seconds(300))
    // No report of the session's end reaches the host, so nothing is armed; the order fills at 125 001 000
    // and reaches the BSS through the secondary after failover (255 003 500, PossResend=1).
    expect(codEvents(w)).toEqual([])
    expect(w.host()).toMatchObject({ fills: 1, cancelledOnDisconnect: 0 })
    expect(w.client().counts).toMatchObject({ applied: 2, duplicates: 1 })
  })
})
