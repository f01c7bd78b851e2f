import { describe, expect, it } from "vitest"
import type { TraceEvent } from "../../../../twin/contract/trace-event.ts"
import { callDelay } from "../../../../twin/serve/drill/call-desk.ts"
import { Monitor } from "../../../../twin/serve/drill/monitor.ts"

const at = (h: number, m: number, s = 0) => Math.round(((h * 60 + m) * 60 + s) * 1_000_000)
const ocg = (t: number, participant: string, compId: string, data: Record<string, unknown>): TraceEvent =>
  ({ t, kind: "ocg.session", subject: participant, data: { compId, flow: `${participant}/${compId}`, ...data } as TraceEvent["data"] })
const lateAck = (t: number, participant: string, compId: string, clOrdId: number, sentAt: number): TraceEvent =>
  ocg(t, participant, compId, { event: "late-ack", clOrdId, sentAt, latencyUs: t - sentAt })
const csc = (t: number, participant: string, session: string, order: string, event: string): TraceEvent =>
  ({ t, kind: "csc.order", subject: participant, data: { event, session, order, market: "SSE", side: "buy", amount: 100_000, gateway: "cccg-dc1-1" } as TraceEvent["data"] })
const feed = (m: Monitor, events: ReadonlyArray<TraceEvent>) => {
  for (const e of events) m.observe(e)
}

describe("the drill monitor's tickets about orders (what participants phone in)", () => {
  it("a spell of answers later than 1 s: one call callDelay after it, resolved when an answer comes in time again", () => {
    const m = new Monitor([])
    // P1T01's order 11 sent at 09:31:00 answered 3.2 s later (a spell's first late answer), then a worse
    // one on another session of P1 (the same participant-service: no second call), then both in time.
    feed(m, [
      lateAck(at(9, 31, 3.2), "P1", "P1T01", 11, at(9, 31)),
      lateAck(at(9, 31, 9), "P1", "P1T02", 40, at(9, 31, 4))
    ])
    const due = at(9, 31, 3.2) + callDelay("P1", "otp-c")
    m.tick(due - 1)
    expect(m.ticketList()).toEqual([])
    m.tick(due)
    const ticket = { id: "P1/otp-c/orders/1", participant: "P1", service: "otp-c", at: due, text: "P1: our orders are acknowledged late since 09:31 (up to 5.0 s)", resolved: null }
    expect(m.ticketList()).toEqual([ticket])
    feed(m, [ocg(at(9, 40), "P1", "P1T01", { event: "late-acks-ended", clOrdId: 600, worstUs: 3_200_000 })])
    // P1T02 still slow: still open
    expect(m.ticketList()).toEqual([ticket])
    feed(m, [ocg(at(9, 40, 1), "P1", "P1T02", { event: "late-acks-ended", clOrdId: 610, worstUs: 5_000_000 })])
    expect(m.ticketList()).toEqual([{ ...ticket, resolved: at(9, 40, 1) }])
  })

  it("unanswered orders: one ticket naming how many and since when, left open (the participant must reconcile them)", () => {
    const m = new Monitor([])
    // Two sessions of P2 find, on their first answers after reconnecting, 5 and 3 orders that never will be.
    feed(m, [
      ocg(at(9, 33, 10), "P2", "P2T01", { event: "unanswered", orders: 5, firstClOrdId: 20, lastClOrdId: 24, firstSentAt: at(9, 31, 0.5) }),
      ocg(at(9, 33, 12), "P2", "P2T02", { event: "unanswered", orders: 3, firstClOrdId: 7, lastClOrdId: 9, firstSentAt: at(9, 31, 40) })
    ])
    // answers in time again end no order's unknown status
    m.observe(ocg(at(9, 34), "P2", "P2T01", { event: "late-acks-ended", clOrdId: 25, worstUs: 150_000 }))
    m.tick(at(16, 0))
    expect(m.ticketList()).toEqual([
      { id: "P2/otp-c/orders/1", participant: "P2", service: "otp-c", at: at(9, 33, 10) + callDelay("P2", "otp-c"), text: "P2: 8 orders not acknowledged, status unknown since 09:31", resolved: null }
    ])
  })

  it("orders a BSS found waiting: unknown from then until the oldest is answered and the session answers in time again", () => {
    const m = new Monitor([])
    // P4T01 lost its session at 09:32 with 2 orders out, the oldest (30) sent at 09:31:50; answered at
    // last at 09:40 (a replay after the re-logon), then an answer in time.
    feed(m, [ocg(at(9, 32), "P4", "P4T01", { event: "awaiting", orders: 2, clOrdId: 30, sentAt: at(9, 31, 50) })])
    const due = at(9, 32) + callDelay("P4", "otp-c")
    m.tick(due)
    const ticket = { id: "P4/otp-c/orders/1", participant: "P4", service: "otp-c", at: due, text: "P4: 2 orders not acknowledged, status unknown since 09:31", resolved: null }
    expect(m.ticketList()).toEqual([ticket])
    feed(m, [lateAck(at(9, 40), "P4", "P4T01", 30, at(9, 31, 50))])
    // Known again, but slow: still open.
    expect(m.ticketList()).toEqual([ticket])
    feed(m, [ocg(at(9, 40, 1), "P4", "P4T01", { event: "late-acks-ended", clOrdId: 33, worstUs: at(9, 40) - at(9, 31, 50) })])
    expect(m.ticketList()).toEqual([{ ...ticket, resolved: at(9, 40, 1) }])
  })

  it("orders found waiting then overtaken before the call are counted once, as lost", () => {
    const m = new Monitor([])
    feed(m, [
      ocg(at(9, 32), "P5", "P5T01", { event: "awaiting", orders: 1, clOrdId: 30, sentAt: at(9, 31, 50) }),
      ocg(at(9, 32, 10), "P5", "P5T01", { event: "unanswered", orders: 4, firstClOrdId: 30, lastClOrdId: 33, firstSentAt: at(9, 31, 50) })
    ])
    m.tick(at(16, 0))
    expect(m.ticketList().map((t) => [t.text, t.resolved])).toEqual([["P5: 4 orders not acknowledged, status unknown since 09:31", null]])
  })

  it("a China Connect order unanswered 10 s after submission is of unknown status, at the same instant however time is advanced", () => {
    const events = [
      csc(at(9, 31), "P3", "P3C01", "o1", "submitted"),
      // an answer in time after it says nothing of o1
      csc(at(9, 31, 5), "P3", "P3C01", "o2", "submitted"),
      csc(at(9, 31, 5.3), "P3", "P3C01", "o2", "accepted")
    ]
    const fine = new Monitor([])
    const coarse = new Monitor([])
    feed(fine, events)
    feed(coarse, events)
    for (let t = at(9, 31); t <= at(9, 40); t += 250_000) fine.tick(t)
    coarse.tick(at(9, 40))
    const due = at(9, 31, 10) + callDelay("P3", "otp-csc")
    const ticket = { id: "P3/otp-csc/orders/1", participant: "P3", service: "otp-csc", at: due, text: "P3: 1 China Connect order not acknowledged, status unknown since 09:31", resolved: null }
    expect(fine.ticketList()).toEqual([ticket])
    expect(coarse.ticketList()).toEqual([ticket])
    // the fine one ticked at 09:31:10 exactly, before o1 was overdue, and called at the same instant
    // o1 answered at last (known, but 9 minutes late: the session is slow), then o3 in 0.2 s: it works again
    feed(fine, [
      csc(at(9, 40), "P3", "P3C01", "o1", "accepted"),
      csc(at(9, 40, 1), "P3", "P3C01", "o3", "submitted"),
      csc(at(9, 40, 1.2), "P3", "P3C01", "o3", "rejected")
    ])
    expect(fine.ticketList()).toEqual([{ ...ticket, resolved: at(9, 40, 1.2) }])
  })

  it("calls about answers later than 1 s only: a late answer under 1 s raises nothing", () => {
    const m = new Monitor([])
    feed(m, [
      lateAck(at(10, 0, 0.9), "P4", "P4T01", 3, at(10, 0)),
      csc(at(10, 0), "P4", "P4C01", "o1", "submitted"),
      csc(at(10, 0, 0.95), "P4", "P4C01", "o1", "accepted"),
      csc(at(10, 0), "P5", "P5C01", "o1", "submitted"),
      csc(at(10, 0, 2.5), "P5", "P5C01", "o1", "accepted")
    ])
    m.tick(at(11, 0))
    expect(m.ticketList()).toEqual([
      { id: "P5/otp-csc/orders/1", participant: "P5", service: "otp-csc", at: at(10, 0, 2.5) + callDelay("P5", "otp-csc"), text: "P5: our China Connect orders are acknowledged late since 10:00 (up to 2.5 s)", resolved: null }
    ])
  })

  it("never names a fault, a gateway or a cause, though the trace around the orders does", () => {
    const m = new Monitor([])
    feed(m, [
      ocg(at(9, 31), "P6", "P6T01", { event: "disconnected", gateway: "ocg-dc1-03", role: "primary", reason: "node-crash: ocg-dc1-03 (fault f1)" }),
      ocg(at(9, 31, 30), "P6", "P6T01", { event: "unanswered", orders: 1, firstClOrdId: 5, lastClOrdId: 5, firstSentAt: at(9, 30, 59) }),
      lateAck(at(9, 31, 31), "P6", "P6T01", 6, at(9, 31, 29))
    ])
    m.tick(at(10, 0))
    const tickets = m.ticketList()
    expect(tickets.map((t) => t.text)).toEqual(["P6: 1 order not acknowledged, status unknown since 09:30; the others are acknowledged late (up to 2.0 s)"])
    for (const word of ["node-crash", "ocg-dc1", "f1", "fault", "crash", "gateway"]) expect(JSON.stringify(tickets)).not.toContain(word)
  })
})
