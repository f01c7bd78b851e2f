/**
 * What the trainee of the China Connect drill (scenarios/drills/cccg-fails-northbound-to-secondary.yaml) is
 * shown, through the real simulation: a CCCG crash is a China Connect alarm only — sessions disconnected from
 * the crash instant, as OCG-C's would be, cleared when they are all back on their secondary — with calls
 * from the participants whose orders went into the dead gateway, and nothing that names the fault.
 */
import { describe, expect, it } from "vitest"
import { isKind } from "../../../../twin/contract/trace-event.ts"
import { parseClock } from "../../../../twin/engine/time.ts"
import { DrillWorld } from "../../../../twin/serve/drill/drill-world.ts"
import { shippedDrill } from "./support.ts"

const at = (clock: string) => parseClock(clock)!

describe("the China Connect drill as the trainee sees it", () => {
  it("one sessions-disconnected alarm for China Connect from 09:41:00, peak 154, cleared once all are on their secondary; calls about orders from those who wrote into the dead CCCG", async () => {
    const drill = await shippedDrill("cccg-fails-northbound-to-secondary")
    const w = new DrillWorld(drill)
    w.advance(at("09:50"))
    const alarms = w.monitor.alarms()
    const disconnected = alarms.filter((a) => a.what === "sessions-disconnected")
    expect(disconnected.map((a) => [a.service, a.since, a.peak, a.count])).toEqual([["otp-csc", at("09:41"), 154, 0]])
    // Cleared at the last session's Logon at its secondary. The sessions logged on at 09:35:00.00x and beat
    // at :00.00x, so the crash falls just before a heartbeat: the last answer was the 09:40:40.00x echo, and
    // each session gives up at the 6th heartbeat after it, 09:42:40.00x (100 s on); 10 s, its primary again
    // (60 s unanswered, 60 s wait), then the secondary: logged on at 09:44:50.00x, 230 s after the crash.
    expect(disconnected[0]!.cleared).toBeGreaterThan(at("09:44:50"))
    expect(disconnected[0]!.cleared).toBeLessThan(at("09:44:50.1"))
    // Nothing of OTP-C, market data or ECP.
    expect(alarms.filter((a) => a.service !== "otp-csc")).toEqual([])
    // The calls about orders: exactly the participants whose orders were submitted to cccg-dc1-1 after the crash.
    const behind = new Set(
      w.log.filter((e) => isKind(e, "csc.order") && e.t >= at("09:41") && e.data.event === "submitted" && e.data.gateway === "cccg-dc1-1").map((e) => e.subject)
    )
    const orderCalls = w.monitor.ticketList().filter((t) => t.id.includes("/orders/"))
    expect(behind.size).toBeGreaterThan(10)
    expect(orderCalls.map((t) => t.participant).sort()).toEqual([...behind].sort())
    expect(JSON.stringify({ alarms, tickets: w.monitor.ticketList() })).not.toMatch(/cccg|crash|node-crash/)
  }, 120_000)
})
