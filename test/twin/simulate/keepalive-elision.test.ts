/** The keepalive elision (twin/simulate/keepalive-elision.ts): the trace of full simulation, fewer events. */
import { describe, expect, it } from "vitest"
import type { TraceEvent } from "../../../twin/engine/trace.ts"
import { cscWiringOf } from "../../../twin/simulate/wire-csc.ts"
import { ecpWiringOf } from "../../../twin/simulate/wire-ecp.ts"
import type { Wiring } from "../../../twin/simulate/wiring.ts"
import { WorldChange } from "../../../twin/world/world-change.ts"
import { at, observable, runDefault } from "./elision-runs.ts"

// Sessions elided from the first looks; then a lossy, jittery circuit, an ECP server and a CCCG lost and
// back, a DR failover and back, a participant's only circuit down.
const faults: Wiring = {
  system: "faults",
  wire: ({ runtime, world }) => {
    const change = (clock: string, c: Parameters<typeof world.apply>[0]) => runtime.at(at(clock), () => world.apply(c))
    const lossy = (lossPct: number, jitterUs: number) => () =>
      world.batch(() => {
        world.apply(WorldChange.linkLoss("P0003-c1", lossPct))
        world.apply(WorldChange.linkLatency("P0003-c1", 0, jitterUs))
      })
    runtime.at(at("09:12"), lossy(30, 400))
    runtime.at(at("09:16"), lossy(0, 0))
    change("09:18", WorldChange.nodeDown("ecp-sftp-dc1-1", true))
    change("09:22:30", WorldChange.nodeDown("ecp-sftp-dc1-1", false))
    change("09:25", WorldChange.nodeDown("cccg-dc1-1", true))
    change("09:29", WorldChange.nodeDown("cccg-dc1-1", false))
    change("09:31", WorldChange.drFailover(true))
    change("09:34", WorldChange.drFailover(false))
    change("09:36", WorldChange.linkDown("P0004-c1", true))
  }
}

const run = (elide: boolean) =>
  runDefault(5, "09:00", "09:45", [cscWiringOf({ elideHeartbeats: elide }), ecpWiringOf({ elideKeepalives: elide }), faults])

describe("keepalive elision (China Connect heartbeats, ECP SFTP keepalives) on the default estate", () => {
  const exact = run(false)
  const elided = run(true)
  const lines = (kind: string, f: (e: TraceEvent) => boolean = () => true) => exact.trace.filter((e) => e.kind === kind && f(e)).length

  it("writes the same trace as simulating every keepalive, through loss, jitter, servers lost, a failover and a circuit down", () => {
    expect(elided.trace.length).toBe(exact.trace.length)
    expect(observable(elided.trace)).toEqual(observable(exact.trace))
    // The faults reached both systems: sessions lost and found again, transfers and orders under way.
    expect(lines("flow.status", (e) => e.data.service === "ecp-sftp" && e.data.up === 0)).toBeGreaterThan(10)
    expect(lines("flow.status", (e) => e.data.service === "otp-csc" && e.data.up === 0)).toBeGreaterThan(5)
    expect(lines("ecp.transfer")).toBeGreaterThan(50)
    expect(lines("csc.order")).toBeGreaterThan(100)
  })

  it("runs far fewer engine events", () => {
    expect(elided.events).toBeLessThan(exact.events * 0.5)
  })
})
