import { describe, expect, it } from "vitest"
import { encodeTraceEvent } from "../../../../twin/engine/trace.ts"
import { seconds } from "../../../../twin/engine/time.ts"
import { control, executionsFor } from "../../../../twin/models/ocg/index.ts"
import { BSS, CLIENT, DROP_CLIENT, DROP_COPY, G1, TRADING, world } from "./fixture.ts"

/** A busy day's morning in miniature: orders above the throttle, a gateway crash and restart, a BSS stop. */
const run = () => {
  const w = world({
    dropCopy: true,
    session: { throttleMps: 3, cancelOnDisconnect: seconds(30) },
    orders: [
      { from: seconds(5), to: seconds(400), perMinute: 30 },
      { from: seconds(50), to: seconds(52), perMinute: 300 }
    ],
    fillDelay: seconds(45),
    blocked: (from, to, now) => from === G1 && to === BSS && now >= seconds(300) && now < seconds(310)
  })
  w.rt.inject(seconds(60), G1, control("crash"))
  w.rt.inject(seconds(90), G1, control("restart"))
  w.rt.inject(seconds(500), CLIENT, control("stop"))
  w.rt.inject(seconds(520), CLIENT, control("resume"))
  w.rt.run(seconds(900))
  return w
}

describe("determinism", () => {
  it("two identical runs give identical traces and identical messages", () => {
    const a = run()
    const b = run()
    expect(a.trace.events.length).toBeGreaterThan(30)
    expect(a.sent.length).toBeGreaterThan(300)
    expect(b.trace.events.map(encodeTraceEvent)).toEqual(a.trace.events.map(encodeTraceEvent))
    expect(JSON.stringify(b.sent)).toEqual(JSON.stringify(a.sent))
  })

  it("no execution is lost or applied twice, on the trading and the drop-copy session", () => {
    const w = run()
    const host = w.host()
    expect(host.orders).toBeGreaterThan(0)
    expect(host.fills).toBeGreaterThan(0)
    expect(w.client().counts.applied).toBe(executionsFor(host, TRADING))
    expect(w.client(DROP_CLIENT).counts.applied).toBe(executionsFor(host, DROP_COPY))
  })
})
