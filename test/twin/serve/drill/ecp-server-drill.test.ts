/**
 * What the trainee of the ECP SFTP server drill (scenarios/drills/ecp-server-fails-files-to-second-server.yaml)
 * is shown, through the real simulation: a crashed SFTP server is an ECP alarm only — transfers late from the
 * crash instant for every participant whose session was on it, cleared once their clients are on the other
 * server, then those left without a second server — with calls about files, and nothing naming the fault.
 */
import { describe, expect, it } from "vitest"
import { parseClock, seconds } from "../../../../twin/engine/time.ts"
import { DrillWorld } from "../../../../twin/serve/drill/drill-world.ts"
import { shippedDrill } from "./support.ts"

const at = (clock: string) => parseClock(clock)!

describe("the ECP SFTP server drill as the trainee sees it", () => {
  it("one transfers-late alarm for ECP from 07:12:00, peak every ECP user, cleared within two minutes; then redundancy lost until the server is back; calls about files", async () => {
    const drill = await shippedDrill("ecp-server-fails-files-to-second-server")
    const users = drill.scenario.model.file.participants.filter((p) => p.ecp).length
    const w = new DrillWorld(drill)
    w.advance(at("07:20"))
    const alarms = w.monitor.alarms()
    const late = alarms.filter((a) => a.what === "transfers-late")
    expect(late.map((a) => [a.service, a.since, a.peak, a.count])).toEqual([["ecp-sftp", at("07:12"), users, 0]])
    // Cleared at the last client's session on the second server: three unanswered keepalives 30 s apart
    // after its last answer (60–90 s after the crash, then the fourth firing), then a new connection.
    expect(late[0]!.cleared! - at("07:12")).toBeGreaterThan(seconds(60))
    expect(late[0]!.cleared! - at("07:12")).toBeLessThan(seconds(125))
    // On the second server, those that had both servers now have one: redundancy lost, not cleared before
    // the server is back. Raised only once the sessions are there — never at the crash instant itself.
    const redundancy = alarms.filter((a) => a.what === "redundancy-lost")
    expect(redundancy.map((a) => [a.service, a.cleared])).toEqual([["ecp-sftp", null]])
    expect(redundancy[0]!.since).toBeGreaterThan(at("07:12"))
    expect(redundancy[0]!.count).toBeGreaterThan(300)
    // Nothing of OTP-C, China Connect or market data.
    expect(alarms.filter((a) => a.service !== "ecp-sftp")).toEqual([])
    const calls = w.monitor.ticketList()
    expect(calls.length).toBeGreaterThan(50)
    expect(calls.every((t) => t.service === "ecp-sftp" && t.text.includes("ECP files since 07:12"))).toBe(true)
    expect(JSON.stringify({ alarms, tickets: calls })).not.toMatch(/ecp-sftp-dc|crash|node-crash/)
  }, 120_000)
})
