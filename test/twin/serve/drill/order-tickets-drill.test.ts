/**
 * Order tickets through the real simulation: a CCCG crashed under its sessions' orders leaves orders of
 * unknown status, and only participants with a session on it call about them.
 */
import { describe, expect, it } from "vitest"
import { isKind } from "../../../../twin/contract/trace-event.ts"
import { DrillWorld } from "../../../../twin/serve/drill/drill-world.ts"
import { shippedDrill } from "./support.ts"

const at = (h: number, m: number, s = 0) => Math.round(((h * 60 + m) * 60 + s) * 1_000_000)

describe("order tickets in a drill world", () => {
  it("a CCCG crashed at 09:31 in trading: calls about China Connect orders from participants behind it only", async () => {
    // The default estate's morning (the gateway drill's estate, seed and calendar) without its scripted
    // fault; the instructor crashes cccg-dc1-1 at 09:31.
    const drill = await shippedDrill("gateway-fails-sessions-to-secondary")
    const w = new DrillWorld({ ...drill, scenario: { ...drill.scenario, faults: [] } })
    w.advance(at(9, 31))
    expect(w.inject({ kind: "node-crash", node: "cccg-dc1-1" }, undefined, undefined)._tag).toBe("Success")
    w.advance(at(9, 40))
    // Behind it: the participants that wrote orders into it after the crash (before their sessions gave it
    // up, at the 6th heartbeat after its last answer: 100–120 s on); each of them calls, and nobody else.
    const behind = new Set(
      w.log.filter((e) => isKind(e, "csc.order") && e.t >= at(9, 31) && e.data.event === "submitted" && e.data.gateway === "cccg-dc1-1").map((e) => e.subject)
    )
    const orders = w.monitor.ticketList().filter((t) => t.id.includes("/orders/"))
    expect(orders.length).toBe(28)
    expect(orders.map((t) => t.participant).sort()).toEqual([...behind].sort())
    expect(orders.every((t) => t.service === "otp-csc" && t.resolved === null)).toBe(true)
    // The first call: P0546's one order, 10 s unanswered, then 60 s + its hash's delay.
    expect(orders[0]).toEqual({
      id: "P0546/otp-csc/orders/1",
      participant: "P0546",
      service: "otp-csc",
      at: 34_347_581_286,
      text: "P0546: 1 China Connect order not acknowledged, status unknown since 09:31",
      resolved: null
    })
    expect(JSON.stringify(w.monitor.ticketList())).not.toMatch(/cccg|crash|live-1/)
  }, 120_000)
})
