/**
 * The stand-in for a BSS a real FIX client drives (twin/models/ocg/real-client.ts): it does nothing of its
 * own and reports what the endpoint tells it, as the modelled BSS reports its session.
 */
import { describe, expect, it } from "vitest"
import type { Action, Input } from "../../../../twin/engine/machine.ts"
import { realClient, realClientMachineId, type RealClientState, realClientState, type RealSessionReport } from "../../../../twin/models/ocg/index.ts"

const tell = (message: RealSessionReport): Input<RealSessionReport> => ({ _tag: "receive", from: "rig", message })
const emitted = (actions: ReadonlyArray<Action<RealSessionReport>>) => actions.map((a) => (a._tag === "emit" ? [a.kind, a.subject, a.data] : [a._tag]))

describe("the real session's stand-in at the BSS", () => {
  const s0: RealClientState = realClientState({ participant: "P1", compId: "P1T01", flow: "P1/P1T01" })

  it("starts with its flow down and no timers, then reports the real Logon and the real disconnect", () => {
    const [afterStart, atStart] = realClient.step(s0, { _tag: "start" }, 0)
    expect(emitted(atStart)).toEqual([["flow.status", "P1", { flow: "P1/P1T01", service: "otp-c", up: 0, of: 2, degraded: false, detail: "not logged on yet" }]])
    const [on, atLogon] = realClient.step(afterStart, tell({ _tag: "RealLogon", gateway: "ocg-dc1", role: "primary" }), 5)
    expect(emitted(atLogon)).toEqual([
      ["ocg.session", "P1", { compId: "P1T01", flow: "P1/P1T01", event: "logon", gateway: "ocg-dc1", role: "primary" }],
      ["flow.status", "P1", { flow: "P1/P1T01", service: "otp-c", up: 1, of: 2, degraded: false, detail: "logged on to ocg-dc1 (primary)" }]
    ])
    // A connection other than the logged-on one ending (a stale one elsewhere) changes nothing.
    const [same, stale] = realClient.step(on, tell({ _tag: "RealDisconnected", gateway: "ocg-dc2", role: "secondary", reason: "x" }), 6)
    expect([same, stale]).toEqual([on, []])
    const [off, atEnd] = realClient.step(on, tell({ _tag: "RealDisconnected", gateway: "ocg-dc1", role: "primary", reason: "connection closed by the client (closed)" }), 7)
    expect(off.at).toBeUndefined()
    expect(emitted(atEnd)).toEqual([
      ["ocg.session", "P1", { compId: "P1T01", flow: "P1/P1T01", event: "disconnected", gateway: "ocg-dc1", role: "primary", reason: "connection closed by the client (closed)" }],
      ["flow.status", "P1", { flow: "P1/P1T01", service: "otp-c", up: 0, of: 2, degraded: false, detail: "connection closed by the client (closed)" }]
    ])
  })

  it("has a machine id apart from the flow id, so nothing reads it as a modelled BSS", () => {
    expect(realClientMachineId("P1/P1T01")).toBe("P1/P1T01/real")
  })
})
