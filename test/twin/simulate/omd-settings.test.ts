/**
 * settings.rts (issue 13): each RTS and arbitration assumption a user can set changes what the simulation
 * does. One drill for most: the default estate from 09:30 to 09:32, both OMD-C publishers' uplinks on the
 * old backbone (omdc-pub-dc1-a--old-dist-dc1-a, omdc-pub-dc1-b--old-dist-dc1-b) down from 09:31:00.5 to
 * 09:31:03.5. Participant P0001 takes SS (5,000 messages a second [U] at this hour, k = 5 real channels by
 * default): the slices of 09:31:01 … 09:31:04 never reach it on either line, and the 09:31:05 slice
 * (340,008 … 345,007) finds seqs 320,008 … 340,007 (20,000) lost on both lines at 09:31:05.033816.
 */
import { readFileSync } from "node:fs"
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { defaultEstatePath, parseEstate } from "../../../topology/load.ts"
import { buildModel } from "../../../topology/model.ts"
import { parseClock, type Micros } from "../../../twin/engine/time.ts"
import { MemoryTrace, type TraceEvent } from "../../../twin/engine/trace.ts"
import type { RtsSettings } from "../../../twin/settings/settings.ts"
import { simulate } from "../../../twin/simulate/simulate.ts"
import { omdWiring } from "../../../twin/simulate/wire-omd.ts"
import type { WireContext, Wiring } from "../../../twin/simulate/wiring.ts"
import { WorldChange } from "../../../twin/world/world-change.ts"

const parsed = parseEstate("default", readFileSync(defaultEstatePath, "utf8"))
if (Result.isFailure(parsed)) throw new Error("default estate does not parse")
const model = buildModel(parsed.success)
const at = (clock: string): Micros => parseClock(clock)!

const uplinksDown = ({ runtime, world }: WireContext) => {
  const links = ["omdc-pub-dc1-a--old-dist-dc1-a", "omdc-pub-dc1-b--old-dist-dc1-b"]
  runtime.at(at("09:31") + 500_000, () => { for (const l of links) world.apply(WorldChange.linkDown(l, true)) })
  runtime.at(at("09:31:03") + 500_000, () => { for (const l of links) world.apply(WorldChange.linkDown(l, false)) })
}

/** The first participant (file order) whose feed handlers host cohorts of two or more OMD-C channel groups. */
const sharer = (() => {
  const hosted = new Map<string, number>()
  for (const group of ["SS", "SP", "SF"] as const) {
    const first = new Map<string, string>()
    for (const p of model.file.participants) {
      const key = p.circuits.map((c) => c.pop).join(",")
      if (p.omdC.includes(group) && !first.has(key)) first.set(key, p.id)
    }
    for (const id of first.values()) hosted.set(id, (hosted.get(id) ?? 0) + 1)
  }
  return model.file.participants.find((p) => (hosted.get(p.id) ?? 0) >= 2)!.id
})()

const drill = (rts: RtsSettings, faults: (ctx: WireContext) => void = uplinksDown) => {
  // Only what the tests read is kept: a lossy run writes millions of events for the whole estate.
  const trace = new MemoryTrace()
  const kept = new Set(["P0001", sharer, "refresh-dc1-a/SS"])
  const sharersServed = (e: TraceEvent) => e.kind === "omd.rts.served" && String(e.data["user"]).startsWith(`${sharer}-`)
  const sink = { write: (e: TraceEvent) => (kept.has(e.subject) || sharersServed(e) ? trace.write(e) : undefined) }
  const f: Wiring = { system: "faults", wire: faults }
  simulate({ model, seed: 3, window: { from: at("09:30"), to: at("09:32") }, wirings: [omdWiring, f], trace: sink, settings: { rts } })
  const of = (who: string, kind: string) => trace.events.filter((e) => e.subject === who && e.kind === kind)
  return {
    trace,
    requests: (who = "P0001") => of(who, "omd.rts.request").map((e) => [e.data.first, e.data.last, e.data.request]),
    recovered: (who = "P0001") => of(who, "omd.recovered").map((e) => [e.t, e.data.first, e.data.last, e.data.via]),
    logons: (who: string) => of(who, "omd.rts.logon").map((e) => [e.data.channel, e.data.endpoint, e.data.user, e.data.sessionStatus]),
    /** The RTS servers' answers to the sharer's users: server, user, channel, status, the user's request count. */
    served: () => trace.events.filter((e) => e.kind === "omd.rts.served").map((e) => [e.subject, e.data.user, e.data.channel, e.data.status, e.data.request])
  }
}

describe("settings.rts changes the outcome", () => {
  const base = drill({})

  it("unset: the 20,000-number gap is 4,000 per real channel (k = 5), one request counting 5, recovered from RTS", () => {
    expect(base.requests()).toEqual([[320_008, 340_007, 5]])
    expect(base.recovered().map(([, ...r]) => r)).toEqual([[320_008, 340_007, "rts"]])
  })

  it("realChannels: with SS as one real channel, 10,000 numbers a request, each counting 1", () => {
    expect(drill({ realChannels: { SS: 1 } }).requests()).toEqual([[320_008, 330_007, 1], [330_008, 340_007, 2]])
  })

  it("messagesPerRequest 1,000: 5,000 group numbers a request (1,000 on each of 5 channels), four requests of 5", () => {
    expect(drill({ messagesPerRequest: 1_000 }).requests()).toEqual([
      [320_008, 325_007, 5],
      [325_008, 330_007, 10],
      [330_008, 335_007, 15],
      [335_008, 340_007, 20]
    ])
  })

  it("retentionPerChannel 1,000: the RTS keeps the last 5,000 (5 × 1,000); 320,008 ≤ 345,007 − 5,000, so refresh at the 09:31:30 snapshot", () => {
    // Snapshot at 09:31:30, its Refresh Complete 1 s later; 787 µs on P0001's cohort's path.
    const r = drill({ retentionPerChannel: 1_000 })
    expect(r.requests()).toEqual([])
    expect(r.recovered()).toEqual([[at("09:31:31") + 787, 320_008, 340_007, "refresh"]])
  })

  it("refreshPeriod 20s: the same refresh recovery comes with the 09:31:20 snapshot instead", () => {
    const r = drill({ retentionPerChannel: 1_000, refreshPeriod: 20_000_000 })
    expect(r.recovered()).toEqual([[at("09:31:21") + 787, 320_008, 340_007, "refresh"]])
    // Snapshots every 20 s from 06:00 instead of every 30 s.
    const cycles = (t: MemoryTrace) => t.events.filter((e) => e.kind === "omd.refresh.cycle" && e.subject === "refresh-dc1-a/SS").map((e) => e.t)
    expect(cycles(base.trace)).toEqual([at("09:30:30"), at("09:31"), at("09:31:30"), at("09:32")])
    expect(cycles(r.trace)).toEqual([at("09:30:20"), at("09:30:40"), at("09:31"), at("09:31:20"), at("09:31:40"), at("09:32")])
  })

  it("requestsPerUserPerDay 4: the one request would count 5 real ones, so none is sent and refresh recovers", () => {
    const r = drill({ requestsPerUserPerDay: 4 })
    expect(r.requests()).toEqual([])
    expect(r.recovered()).toEqual([[at("09:31:31") + 787, 320_008, 340_007, "refresh"]])
    expect(drill({ requestsPerUserPerDay: 5 }).requests()).toEqual([[320_008, 340_007, 5]])
  })

  it("usersPerParticipant 1: a participant's feed handlers share one user; the second to log on at a server is refused (100) and moves on", () => {
    const who = sharer // P0002 on the default estate: it hosts the SS and SP cohorts of its PoPs
    expect(who).toBe("P0002")
    // Unset: one user per feed handler, both logged on at rts-dc1-1.
    expect(base.logons(who)).toEqual([
      ["omdc/SS", "rts-dc1-1", "P0002-SS", 0],
      ["omdc/SP", "rts-dc1-1", "P0002-SP", 0]
    ])
    // One user: SS logs on first; SP's logon there is refused (spec §4.3: one session per user), so it
    // moves to the next endpoint, where that user has no session yet.
    expect(drill({ usersPerParticipant: 1 }).logons(who)).toEqual([
      ["omdc/SS", "rts-dc1-1", "P0002-rts1", 0],
      ["omdc/SP", "rts-dc1-1", "P0002-rts1", 100],
      ["omdc/SP", "rts-dc1-2", "P0002-rts1", 0]
    ])
  })

  it("usersPerParticipant 1, requestsPerUserPerDay 24: the shared user's count is one across servers; SP's request at rts-dc1-2 would be its 25th → 101, refresh", () => {
    // P0002-rts1's SS request (20,000 numbers, k = 5: counts 5) is served at rts-dc1-1: 5. SP (80,000
    // numbers, k = 20 and 40 to a packet: counts 20) logs on at rts-dc1-2 as above; its handler has made
    // none (20 ≤ 24, so it asks), but the user has: 5 + 20 = 25 > 24 → 101, the connection closes and SP's
    // gap waits for the 09:31:30 snapshot (complete 1 s later, 1,127 µs on P0002's path). Counted per
    // server, rts-dc1-2 would have served it as the user's 20th.
    const r = drill({ usersPerParticipant: 1, requestsPerUserPerDay: 24 })
    expect(r.served()).toEqual([
      ["rts-dc1-1", "P0002-rts1", "omdc/SS", 0, 5],
      ["rts-dc1-2", "P0002-rts1", "omdc/SP", 101, 25]
    ])
    expect(r.recovered(sharer).map(([t, first, , via]) => [t, first, via])).toEqual([
      [at("09:31:05") + 86_516, 320_008, "rts"],
      [at("09:31:31") + 1_127, 1_220_008, "refresh"]
    ])
    // With 25 the SP request fits: served as the user's 25th.
    expect(drill({ usersPerParticipant: 1, requestsPerUserPerDay: 25 }).served()).toEqual([
      ["rts-dc1-1", "P0002-rts1", "omdc/SS", 0, 5],
      ["rts-dc1-2", "P0002-rts1", "omdc/SP", 0, 25]
    ])
  })
})

describe("settings.rts arbitrationTimeout", () => {
  // Line A's uplink loses 1 % from 09:30:30 to 09:30:32; line B's arrives 100 ms late from 09:30:30 on
  // (added latency): a seq lost on A waits for B's copy for the arbitration timeout.
  const lateB = ({ runtime, world }: WireContext) => {
    runtime.at(at("09:30:30"), () => {
      world.apply(WorldChange.linkLoss("omdc-pub-dc1-a--old-dist-dc1-a", 1))
      world.apply(WorldChange.linkLatency("omdc-pub-dc1-b--old-dist-dc1-b", 100_000, 0))
    })
    runtime.at(at("09:30:32"), () => world.apply(WorldChange.linkLoss("omdc-pub-dc1-a--old-dist-dc1-a", 0)))
  }
  const gaps = (rts: RtsSettings) => drill(rts, lateB).trace.events.filter((e) => e.subject === "P0001" && e.kind === "omd.gap").map((e) => e.data.reason)

  it("unset (50 ms): every hole line A leaves times out before line B fills it; 150 ms: B fills them all", () => {
    const unset = gaps({})
    expect(unset.length).toBeGreaterThan(0)
    expect(new Set(unset)).toEqual(new Set(["arbitration timeout"]))
    expect(gaps({ arbitrationTimeout: 150_000 })).toEqual([])
  })
})
