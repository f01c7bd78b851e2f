import { readFileSync } from "node:fs"
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { defaultEstatePath, parseEstate } from "../../../topology/load.ts"
import { buildModel } from "../../../topology/model.ts"
import { parseClock } from "../../../twin/engine/time.ts"
import { MemoryTrace, type TraceEvent } from "../../../twin/engine/trace.ts"
import { simulate } from "../../../twin/simulate/simulate.ts"
import { ecpWiring } from "../../../twin/simulate/wire-ecp.ts"
import type { Wiring } from "../../../twin/simulate/wiring.ts"
import { WorldChange } from "../../../twin/world/world-change.ts"

const parsed = parseEstate("default", readFileSync(defaultEstatePath, "utf8"))
if (Result.isFailure(parsed)) throw new Error("default estate does not parse")
const model = buildModel(parsed.success)

/** ECP from 07:00 to 08:00 on the default estate; `mtu` on both attachments of ecp-sftp-dc1-1 from the start. */
const day = (mtu: number | undefined) => {
  const trace = new MemoryTrace()
  const faults: Wiring = {
    system: "faults",
    wire: ({ world }) => {
      if (mtu === undefined) return
      for (const l of ["ecp-sftp-dc1-1--old-dist-dc1-a", "ecp-sftp-dc1-1--old-dist-dc1-b"]) world.apply(WorldChange.linkMtu(l, mtu))
    }
  }
  simulate({ model, seed: 5, window: { from: parseClock("07:00")!, to: parseClock("08:00")! }, wirings: [faults, ecpWiring], trace })
  const transfers = trace.ofKind("ecp.transfer")
  const byJob = new Map<string, Array<TraceEvent>>()
  for (const e of transfers) byJob.set(e.data.job, [...(byJob.get(e.data.job) ?? []), e])
  return { transfers, byJob }
}

describe("ECP SFTP on the default estate", () => {
  it("uploads complete on the first server at the pace of the participant's circuit", () => {
    const { byJob } = day(undefined)
    expect(byJob.size).toBeGreaterThan(50)
    for (const [job, events] of byJob) {
      if (events[0]!.data.event !== "started" || events.length < 2) continue // still running at 08:00
      expect([job, events.map((e) => [e.data.event, e.data.server])]).toEqual([job, [["started", "ecp-sftp-dc1-1"], ["completed", "ecp-sftp-dc1-1"]]])
      const participant = model.participantById.get(events[0]!.subject)!
      const fastest = Math.max(...participant.circuits.map((c) => c.bandwidthMbps))
      // Bytes × 8 / Mbps is the least time the data can take on the circuit.
      expect(events[1]!.t - events[0]!.t).toBeGreaterThanOrEqual(Math.floor(((events[0]!.data.bytes as number) * 8) / fastest))
    }
  })

  it("an MTU cut to 1,400 on the first server's attachments stalls every upload there; each completes on the second server", () => {
    const { byJob } = day(1400)
    let completed = 0
    for (const [job, events] of byJob) {
      const seen = events.map((e) => [e.data.event, e.data.server, e.data.attempt])
      if (seen.length < 5) continue // still running at 08:00
      expect([job, seen.slice(0, 5)]).toEqual([job, [
        ["started", "ecp-sftp-dc1-1", 1],
        ["stalled", "ecp-sftp-dc1-1", 1],
        ["failed", "ecp-sftp-dc1-1", 1],
        ["retried", "ecp-sftp-dc1-2", 2],
        ["completed", "ecp-sftp-dc1-2", 2]
      ]])
      // Stalled 10 s and failed 60 s after the last progress (the transfer policy), retried 30 s later.
      const [, stalled, failed, retried] = events
      expect(failed!.t - stalled!.t).toBe(50_000_000)
      expect(retried!.t - failed!.t).toBe(30_000_000)
      completed++
    }
    expect(completed).toBeGreaterThan(30)
  })
})
