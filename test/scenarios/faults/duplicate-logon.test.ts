import { describe, expect, it } from "vitest"
import { parseClock } from "../../../twin/engine/time.ts"
import { issue } from "../../../topology/input-issue.ts"
import { ocgEstate, runOcg } from "../settings/support.ts"
import { fault, issuesOf } from "./support.ts"

// test/scenarios/fixtures/ocg-estate.yaml: a BSS to a dc1 gateway is 167 µs of links plus ceil(8 × bytes /
// 1000) µs on its 1,000 Mbps circuit; a gateway to the OTP-C host 4 µs plus 1 µs on the wire.
const model = ocgEstate()
const at = (clock: string) => parseClock(clock)!

describe("duplicate-logon (DOMAIN §1: a second connection for a Comp ID while its session is up)", () => {
  it("both connections are dropped at the gateway's instant, no Logout; the session reconnects 10 s later at its primary", () => {
    const t = at("10:00:05")
    const trace = runOcg(model, {}, "10:00", "10:00:20", [fault("duplicate-logon", { compId: "P1T01" }, t, undefined, model)])
    const p1 = trace.events
      .filter((e) => e.t >= t && ["ocg.session", "ocg.gateway", "flow.status"].includes(e.kind) && (e.data.compId === "P1T01" || e.data.flow === "P1/P1T01"))
      .map((e) => [e.t, e.kind, e.data.event ?? e.data.up, e.data.reason ?? e.data.cause ?? e.data.gateway ?? e.data.detail])
    // The second connection (conn 3: the day's Lookup was 1, the Logon 2) sends its Logon (512 bytes: 5 µs on
    // the circuit) at 10:00:05; ocg-dc1-01 gets it 172 µs later and drops both connections at once, ending
    // the session without a Logout. The BSS hears of its own connection's drop 167 µs after that (a
    // Disconnect has no bytes), waits 10 s (DOMAIN §1 Logon) and logs on at the primary again: Logon at
    // +172, the host's answer 2 × 5 µs later (+182), the gateway's Logon reply 168 µs after (+350).
    expect(p1).toEqual([
      [t, "ocg.session", "duplicate-logon-sent", "ocg-dc1-01"],
      [t + 172, "ocg.gateway", "duplicate-logon", undefined],
      [t + 172, "ocg.gateway", "session-end", "duplicate-logon"],
      [t + 339, "ocg.session", "disconnected", "dropped by gateway: duplicate logon"],
      [t + 339, "flow.status", 0, "dropped by gateway: duplicate logon"],
      [at("10:00:15") + 339, "ocg.session", "logon-sent", "ocg-dc1-01"],
      [at("10:00:15") + 339 + 182, "ocg.gateway", "logon", undefined],
      [at("10:00:15") + 339 + 350, "ocg.session", "logon", "ocg-dc1-01"],
      [at("10:00:15") + 339 + 350, "flow.status", 1, "logged on to ocg-dc1-01 (primary)"]
    ])
    const gatewayNote = trace.events.find((e) => e.kind === "ocg.gateway" && e.data.event === "session-end" && e.t === t + 172)
    expect(gatewayNote?.data).toMatchObject({ compId: "P1T01", logout: false })
    // P2's session, on the other gateway, sees nothing.
    expect(trace.events.filter((e) => e.t >= t && e.kind === "ocg.session" && e.data.compId === "P2T01")).toEqual([])
  })

  it("a session not logged on at the instant has nothing to duplicate", () => {
    // At 10:00 + 100 µs P1T01 is still at its Lookup (answered at +336): nothing is sent, nothing dropped.
    const t = at("10:00") + 100
    const trace = runOcg(model, {}, "10:00", "10:00:20", [fault("duplicate-logon", { compId: "P1T01" }, t, undefined, model)])
    expect(trace.events.filter((e) => e.data.event === "duplicate-logon-sent" || e.data.event === "duplicate-logon" || e.data.event === "disconnected")).toEqual([])
  })

  it("names a Comp ID the estate does not have", () => {
    expect(issuesOf("duplicate-logon", { compId: "P9T01" }, model)).toEqual([
      issue("compId", "an OCG-C Comp ID of the estate's participants", '"P9T01"')
    ])
  })
})
