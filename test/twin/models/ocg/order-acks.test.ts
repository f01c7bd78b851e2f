/**
 * How long a BSS's New Orders wait for their answer (twin/models/ocg/order-acks.ts): on TCP a short cut
 * delays orders — a spell of late answers traced once, at its worst — and a gateway that dies with orders
 * in it leaves them unanswered, found when a later order's answer overtakes them.
 */
import { describe, expect, it } from "vitest"
import { seconds } from "../../../../twin/engine/time.ts"
import { control } from "../../../../twin/models/ocg/index.ts"
import { BSS, CLIENT, cut, G1, world } from "./fixture.ts"

const orderEvents = (w: ReturnType<typeof world>) =>
  w.sessionEvents().filter(([, event]) => event === "late-ack" || event === "unanswered")

describe("New Orders answered late across a 2-second cut", () => {
  // One order a second from 10 s; BSS → ocg-dc1-01 cut from 20 s to 22 s.
  const w = world({ orders: [{ from: seconds(10), to: seconds(40), perMinute: 60 }], blocked: cut(BSS, G1, seconds(20), seconds(22)) })
  w.rt.run(seconds(60))

  it("the spell is traced once, at its worst order: the one written first into the cut", () => {
    // Orders 11 (20 s) and 12 (21 s) are held and go with the retransmission at 23.0 s (tcp-cut.test.ts);
    // order 11 waits longest and is the only one traced: 12, and 13 behind them, are less late.
    const events = orderEvents(w)
    expect(events.length).toBe(1)
    const [t, event, data] = events[0]!
    expect(event).toBe("late-ack")
    expect(data).toMatchObject({ clOrdId: 11, sentAt: seconds(20) })
    expect(data["latencyUs"]).toBe(t - seconds(20))
    expect(t).toBeGreaterThan(seconds(23))
    expect(t).toBeLessThan(seconds(23.01))
  })

  it("order 12, written at 21 s while 11 waited 1 s, finds 11 waiting: traced `awaiting` once", () => {
    const found = w.sessionEvents().filter(([, event]) => event === "awaiting")
    expect(found).toEqual([[seconds(21), "awaiting", { orders: 1, clOrdId: 11, sentAt: seconds(20) }]])
  })

  it("answers on time end the spell: nothing pending, nothing late after the cut", () => {
    expect(w.client().pending.size).toBe(0)
    expect(w.client().lateWorst).toBeUndefined()
  })

  it("the spell's end is traced at the first answer in time, with the spell's worst wait", () => {
    // Order 14, written at 23.0 s as the retransmission carries 11–13, is answered with them at 23.002 s:
    // 2 ms, in time; the spell's worst was order 11's 3.002 s (the late-ack above).
    const ended = w.sessionEvents().filter(([, event]) => event === "late-acks-ended")
    expect(ended).toEqual([[seconds(23.002), "late-acks-ended", { clOrdId: 14, worstUs: seconds(3.002) }]])
    expect(orderEvents(w)[0]![2]["latencyUs"]).toBe(seconds(3.002))
  })
})

describe("New Orders written into a crashed gateway", () => {
  // One order a second from 10 s to 5 min; ocg-dc1-01 crashes at 30 s. The BSS writes to it until the
  // heartbeat rules give the session up (failover.test.ts; its last answer heard just before 30 s), then
  // skips orders until it is logged on to the secondary.
  const w = world({ orders: [{ from: seconds(10), to: seconds(300), perMinute: 60 }] })
  w.rt.inject(seconds(30), G1, control("crash"))
  w.rt.run(seconds(300))

  it("are traced unanswered once, when the first answer on the secondary overtakes them", () => {
    const intoCrash = w.sends(CLIENT, G1, "NewOrder").filter((s) => s.t >= seconds(30))
    // 30 s … 149 s: last heard at 29 s, a Test Request 60 s on, the Logout 60 s after that.
    expect(intoCrash.length).toBe(120)
    const first = (intoCrash[0]!.message as { clOrdId: number }).clOrdId
    const last = (intoCrash[intoCrash.length - 1]!.message as { clOrdId: number }).clOrdId
    const events = orderEvents(w)
    expect(events.map(([, event, data]) => [event, data])).toEqual([
      ["unanswered", { orders: 120, firstClOrdId: first, lastClOrdId: last, firstSentAt: intoCrash[0]!.t }]
    ])
    // Traced at the answer to the first order sent after the logon to the secondary, within the second.
    const logon = w.sessionEvents().find(([, event, data]) => event === "logon" && data["role"] === "secondary")![0]
    expect(events[0]![0]).toBeGreaterThan(logon)
    expect(events[0]![0]).toBeLessThan(logon + seconds(1.01))
  })

  it("the first is found waiting when the next is written, at 31 s, and again when the session is lost, with all 120 out", () => {
    const found = w.sessionEvents().filter(([, event]) => event === "awaiting")
    const firstInto = w.sends(CLIENT, G1, "NewOrder").find((s) => s.t >= seconds(30))!
    const oldest = { clOrdId: (firstInto.message as { clOrdId: number }).clOrdId, sentAt: firstInto.t }
    const lost = w.sessionEvents().find(([, event]) => event === "disconnected")![0]
    expect(found).toEqual([[seconds(31), "awaiting", { orders: 1, ...oldest }], [lost, "awaiting", { orders: 120, ...oldest }]])
  })
})

describe("The last New Order written into a crashed gateway", () => {
  // One order, at 30 s; ocg-dc1-01 crashes at 29 s. No later order overtakes it: the BSS finds it waiting
  // when it next writes, its Heartbeat after an interval of writing nothing (20 s), and again when the
  // session is lost (the Logout 120 s after the last answer heard).
  const w = world({ orders: [{ from: seconds(30), to: seconds(31), perMinute: 60 }] })
  w.rt.inject(seconds(29), G1, control("crash"))
  w.rt.run(seconds(300))

  it("is traced `awaiting` at the next Heartbeat (50 s) and when the session is lost, and stays pending after the logon to the secondary", () => {
    const lost = w.sessionEvents().find(([, event]) => event === "disconnected")![0]
    const found = w.sessionEvents().filter(([, event]) => event === "awaiting")
    const beat = w.sends(CLIENT, G1, "Heartbeat").find((s) => s.t > seconds(30))!
    expect(beat.t).toBe(seconds(50))
    expect(found).toEqual([
      [seconds(50), "awaiting", { orders: 1, clOrdId: 1, sentAt: seconds(30) }],
      [lost, "awaiting", { orders: 1, clOrdId: 1, sentAt: seconds(30) }]
    ])
    expect(w.sessionEvents().some(([, event, data]) => event === "logon" && data["role"] === "secondary")).toBe(true)
    expect(orderEvents(w)).toEqual([])
    expect(w.client().pending.size).toBe(1)
  })
})
