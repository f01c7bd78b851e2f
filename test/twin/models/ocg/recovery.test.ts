import { describe, expect, it } from "vitest"
import { seconds } from "../../../../twin/engine/time.ts"
import { control, executionsFor } from "../../../../twin/models/ocg/index.ts"
import { CLIENT, DROP_CLIENT, DROP_COPY, G1, G2, HOST, TRADING, world } from "./fixture.ts"

// One order at 5 s: at the gateway 5 000 500, the host 5 001 000 (Execution Report "new", ExecID 1), the
// gateway 5 001 500 (sequence 2, after the Logon reply), the BSS 5 002 000. Filled 30 s after it reached
// the host: ExecID 2 at 35 001 000.
const oneOrderAt5s = { orders: [{ from: seconds(5), to: seconds(5) + 1, perMinute: 1 }] }

const reports = (w: ReturnType<typeof world>, from: string, to = CLIENT) =>
  w.sent.filter((s) => s.from === from && s.to === to && s.tag === "ExecutionReport").map((s) => [s.t, s.execId, s.seq, s.possResend])

describe("recovery (DOMAIN §1 Recovery)", () => {
  it("reports generated while the BSS is away are delivered when it logs on again, with PossResend=0", () => {
    const w = world(oneOrderAt5s)
    w.rt.inject(seconds(10), CLIENT, control("stop"))
    w.rt.inject(seconds(60), CLIENT, control("resume"))
    w.rt.run(seconds(70))
    // The stop drops the connection (10 000 500 at the gateway, which tells the host). The fill at
    // 35 001 000 waits at the host. Resume at 60 s: Lookup, Logon at 60 001 000 (NextExpectedSeq 3), the
    // gateway's record is current: Logon reply 3, then the held fill, numbered 4, at 60 002 500.
    expect(reports(w, G1)).toEqual([
      [5_001_500, 1, 2, false],
      [60_002_500, 2, 4, false]
    ])
    expect(w.client().counts).toMatchObject({ applied: 2, duplicates: 0, possResend: 0 })
    expect(executionsFor(w.host(), TRADING)).toBe(2)
  })

  it("after a gateway outage the reports come through the secondary with PossResend=1, applied once per ExecID", () => {
    const w = world({ ...oneOrderAt5s, dropCopy: true })
    w.rt.inject(seconds(10), G1, control("crash"))
    w.rt.run(seconds(300))
    // Both sessions last heard the primary at 5 002 000 (the report, or its drop copy): Test Request at
    // 65 002 000, Logout at 125 002 000, primary again at 135 002 000 (dead), secondary at 255 002 000,
    // claimed at the host at 255 003 000. The fill (35 001 000) went to the crashed primary and was lost.
    // The secondary holds no record, so the host hands over everything since the last point a Logon proved
    // the BSS had (none): both reports, both marked PossResend=1 as both were handed over before.
    expect(reports(w, G2)).toEqual([
      [255_003_500, 1, 4, true],
      [255_003_500, 2, 5, true]
    ])
    expect(reports(w, G2, DROP_CLIENT)).toEqual([
      [255_003_500, 1, 4, true],
      [255_003_500, 2, 5, true]
    ])
    // ExecID 1 was already applied: counted as a duplicate, not applied again. Sent = applied.
    expect(w.client().counts).toMatchObject({ applied: 2, duplicates: 1, possResend: 2 })
    expect(w.client(DROP_CLIENT).counts).toMatchObject({ applied: 2, duplicates: 1, possResend: 2 })
    expect(executionsFor(w.host(), TRADING)).toBe(2)
    expect(executionsFor(w.host(), DROP_COPY)).toBe(2)
    expect(w.sessionEvents().at(-1)).toEqual([255_004_000, "logon", { gateway: "ocg-dc1-02", role: "secondary" }])
    // What the host handed to the primary: each report, then its drop copy (both sessions were there).
    expect(w.sends(HOST, G1, "HostDeliver").map((s) => [s.t, s.execId])).toEqual([
      [5_001_000, 1],
      [5_001_000, 1],
      [35_001_000, 2],
      [35_001_000, 2]
    ])
  })

  it("a second Resend Request during a replay kills the session, without a Logout", () => {
    // Three orders (5.0, 5.1, 5.2 s): reports numbered 2, 3, 4. Replays are written 1 message a second.
    const w = world({
      orders: [{ from: seconds(5), to: seconds(5.3), perMinute: 600 }],
      fillDelay: seconds(600),
      gatewayOptions: { replayBatch: 1, replayTick: seconds(1) }
    })
    w.rt.inject(seconds(10), CLIENT, control({ _tag: "Control", command: "resend", start: 1 }))
    w.rt.inject(seconds(11.5), CLIENT, control({ _tag: "Control", command: "resend", start: 1 }))
    w.rt.run(seconds(12))
    // The first request reaches the gateway at 10 000 500: replay of 1..4 = a gap fill over the Logon
    // reply (1), then reports 2, 3, 4 with PossDup=1, one per second. The second request arrives at
    // 11 500 500 with two frames still to write: the connection is dropped there and then.
    expect(w.sent.filter((s) => s.from === G1 && s.t >= seconds(10)).map((s) => [s.t, s.tag, s.seq ?? null, s.possDup])).toEqual([
      [10_000_500, "SequenceReset", 1, true],
      [11_000_500, "ExecutionReport", 2, true],
      [11_500_500, "Disconnect", null, false],
      [11_500_500, "HostDetach", null, false]
    ])
    expect(w.sessionEvents().at(-1)).toEqual([
      11_501_000,
      "disconnected",
      { gateway: "ocg-dc1-01", role: "primary", reason: "dropped by gateway: second Resend Request during a replay" }
    ])
    // Replayed messages the BSS already had are skipped on their sequence numbers (PossDup=1).
    expect(w.client().counts).toMatchObject({ applied: 3, duplicates: 0 })
  })
})
