import { describe, expect, it } from "vitest"
import { seconds } from "../../../../twin/engine/time.ts"
import { control } from "../../../../twin/models/ocg/index.ts"
import { world } from "./fixture.ts"

describe("Lookup Service (DOMAIN §1 Lookup Service, Lookup retry)", () => {
  it("with the primary-site primary closed, the BSS uses the primary-site mirror after the 5 s wait", () => {
    const w = world({ closed: ["ls-dc1-primary"] })
    w.rt.run(seconds(10))
    // Refused at once: the refusal is back at 1000; 5 s later (5 001 000) the mirror, which answers at
    // 5 001 500; Logon at 5 002 000, logged on 4 hops later.
    expect(w.sessionEvents()).toEqual([
      [0, "lookup", { endpoint: "ls-dc1-primary" }],
      [1000, "lookup-failed", { endpoint: "ls-dc1-primary", reason: "refused" }],
      [5_001_000, "lookup", { endpoint: "ls-dc1-mirror" }],
      [5_002_000, "lookup-ok", { endpoint: "ls-dc1-mirror", primary: "ocg-dc1-01", secondary: "ocg-dc1-02" }],
      [5_002_000, "logon-sent", { gateway: "ocg-dc1-01", role: "primary" }],
      [5_004_000, "logon", { gateway: "ocg-dc1-01", role: "primary" }]
    ])
  })

  it("cycles primary site, backup site (refusing while closed), back to the primary site, until the backup site opens", () => {
    // Both primary-site endpoints unreachable: each request is lost and times out after 5 s [U], then the
    // 5 s wait. The backup-site endpoints are closed: refused at once (one round trip), then 5 s.
    const down = new Set(["ls-dc1-primary", "ls-dc1-mirror"])
    const w = world({ blocked: (_from, to) => down.has(to) })
    w.rt.inject(seconds(40), "ls-dc2-primary", control("open"))
    w.rt.run(seconds(60))
    expect(w.sessionEvents()).toEqual([
      [0, "lookup", { endpoint: "ls-dc1-primary" }],
      [5_000_000, "lookup-failed", { endpoint: "ls-dc1-primary", reason: "no response" }],
      [10_000_000, "lookup", { endpoint: "ls-dc1-mirror" }],
      [15_000_000, "lookup-failed", { endpoint: "ls-dc1-mirror", reason: "no response" }],
      [20_000_000, "lookup", { endpoint: "ls-dc2-primary" }],
      [20_001_000, "lookup-failed", { endpoint: "ls-dc2-primary", reason: "refused" }],
      [25_001_000, "lookup", { endpoint: "ls-dc2-mirror" }],
      [25_002_000, "lookup-failed", { endpoint: "ls-dc2-mirror", reason: "refused" }],
      [30_002_000, "lookup", { endpoint: "ls-dc1-primary" }],
      [35_002_000, "lookup-failed", { endpoint: "ls-dc1-primary", reason: "no response" }],
      [40_002_000, "lookup", { endpoint: "ls-dc1-mirror" }],
      [45_002_000, "lookup-failed", { endpoint: "ls-dc1-mirror", reason: "no response" }],
      // Opened at 40 s (failover): the backup-site primary answers with the backup site's gateways.
      [50_002_000, "lookup", { endpoint: "ls-dc2-primary" }],
      [50_003_000, "lookup-ok", { endpoint: "ls-dc2-primary", primary: "ocg-dc2-01", secondary: "ocg-dc2-02" }],
      [50_003_000, "logon-sent", { gateway: "ocg-dc2-01", role: "primary" }],
      [50_005_000, "logon", { gateway: "ocg-dc2-01", role: "primary" }]
    ])
    expect(w.trace.ofKind("ocg.lookup").map((e) => [e.t, e.subject, e.data["event"]])).toEqual([[40_000_000, "ls-dc2-primary", "opened"]])
    // Lookup messages always carry sequence number 1 and leave the session's numbers alone: the first
    // Logon is still number 1.
    expect(w.sent.filter((s) => s.tag === "LookupRequest").every((s) => s.seq === 1)).toBe(true)
    expect(w.sends("P0001/P0001T01", "ocg-dc2-01", "Logon").map((s) => s.seq)).toEqual([1])
  })
})
