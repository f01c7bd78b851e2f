import { readFileSync } from "node:fs"
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { defaultEstatePath, parseEstate } from "../../../topology/load.ts"
import { buildModel } from "../../../topology/model.ts"
import { parseClock } from "../../../twin/engine/time.ts"
import { MemoryTrace } from "../../../twin/engine/trace.ts"
import { simulate } from "../../../twin/simulate/simulate.ts"
import { omdWiring } from "../../../twin/simulate/wire-omd.ts"
import type { Wiring } from "../../../twin/simulate/wiring.ts"
import { WorldChange } from "../../../twin/world/world-change.ts"

const parsed = parseEstate("default", readFileSync(defaultEstatePath, "utf8"))
if (Result.isFailure(parsed)) throw new Error("default estate does not parse")
const model = buildModel(parsed.success)

/**
 * OMD on the default estate from 09:30 for two minutes, with 5 % loss on the given publisher uplinks from
 * 09:31. The network loses whole packets (36–52 messages, stream.ts): with both lines lossy a packet is
 * lost on both with probability 0.25 %, i.e. a few dozen of SS's ~8,000 packets in that minute.
 */
const drill = (lossyLinks: ReadonlyArray<string>) => {
  const trace = new MemoryTrace()
  const faults: Wiring = {
    system: "faults",
    wire: ({ runtime, world }) =>
      runtime.at(parseClock("09:31")!, () => {
        for (const link of lossyLinks) world.apply(WorldChange.linkLoss(link, 5))
      })
  }
  simulate({
    model,
    seed: 11,
    window: { from: parseClock("09:30")!, to: parseClock("09:32")! },
    wirings: [omdWiring, faults],
    trace,
    metricsEvery: 60_000_000
  })
  return { trace, gaps: trace.ofKind("omd.gap"), recovered: trace.ofKind("omd.recovered"), unrecovered: trace.ofKind("omd.loss.unrecovered") }
}

describe("OMD on the default estate (cohorts of feed handlers)", () => {
  it("loss on line A only is filled from line B: no gap anywhere", () => {
    const { gaps, unrecovered, trace } = drill(["omdc-pub-dc1-a--old-dist-dc1-a"])
    expect(trace.events.some((e) => e.kind === "world.change")).toBe(true)
    expect(gaps).toEqual([])
    expect(unrecovered).toEqual([])
  })

  it("loss on both lines leaves gaps where both lost the same seqs; every one is recovered from RTS", () => {
    const { gaps, recovered, unrecovered } = drill(["omdc-pub-dc1-a--old-dist-dc1-a", "omdc-pub-dc1-b--old-dist-dc1-b"])
    expect(gaps.length).toBeGreaterThan(0)
    expect(unrecovered).toEqual([])
    const size = (es: ReadonlyArray<{ readonly data: { readonly size: number } }>) => es.reduce((n, e) => n + e.data.size, 0)
    expect(size(recovered)).toBe(size(gaps))
    expect(new Set(recovered.map((e) => e.data.via))).toEqual(new Set(["rts"]))
    // Every OMD-C subscriber is behind the two lossy links (OMD-CC's publishers are not): each sees gaps,
    // one event per member of each cohort.
    const perParticipant = new Map<string, number>()
    for (const g of gaps) if (g.subject.startsWith("P")) perParticipant.set(g.subject, (perParticipant.get(g.subject) ?? 0) + 1)
    expect(perParticipant.size).toBe(model.file.participants.filter((p) => p.omdC.length > 0).length)
    // A gap is a run of whole packets lost on both lines: a multiple of the channel's packet (SS 36, SP 40,
    // SF 52 numbers) unless cut by the end of its slice.
    const perPacket: Record<string, number> = { "omdc/SS": 36, "omdc/SP": 40, "omdc/SF": 52 }
    const whole = gaps.filter((g) => (g.data.size as number) % perPacket[g.data.channel as string]! === 0)
    expect(whole.length / gaps.length).toBeGreaterThan(0.8)
  })

  it("every subscriber behind the two lossy uplinks loses exactly the same sequence numbers on each channel (issue 13)", () => {
    // The loss is drawn per link, line and range, not per receiver: every SS subscriber's gaps are the
    // same ranges, at the same numbers, whatever its cohort and path below the uplinks.
    const { gaps } = drill(["omdc-pub-dc1-a--old-dist-dc1-a", "omdc-pub-dc1-b--old-dist-dc1-b"])
    const ranges = new Map<string, string>()
    for (const g of gaps) {
      if (g.data.channel !== "omdc/SS") continue
      ranges.set(g.subject, `${ranges.get(g.subject) ?? ""} ${g.data.first}-${g.data.last}`)
    }
    const subscribers = model.file.participants.filter((p) => p.omdC.includes("SS")).map((p) => p.id)
    expect([...ranges.keys()].sort()).toEqual([...subscribers].sort())
    expect(new Set(ranges.values()).size).toBe(1)
  })
})

describe("cohorts split when one member's own path changes", () => {
  // The cohort last heard the 09:30:59 slice at 09:30:59.017301 (path latency and serialisation over the
  // host's circuit); 3 heartbeat intervals (6 s) later both lines count as silent.
  const SILENT_AT = parseClock("09:30:59")! + 17_301 + 6_000_000

  /** The cohorts of channel group SS: participants taking SS over the same PoPs, in file order. */
  const ssCohort = () => {
    const byPops = new Map<string, Array<string>>()
    for (const p of model.file.participants) {
      if (!p.omdC.includes("SS") || p.circuits.length !== 1) continue
      const key = p.circuits.map((c) => c.pop).join(",")
      byPops.set(key, [...(byPops.get(key) ?? []), p.id])
    }
    return [...byPops.values()].find((m) => m.length >= 3)!
  }

  const cut = (participant: string) => {
    const trace = new MemoryTrace()
    const circuit = model.participantById.get(participant)!.circuits[0]!.id
    const faults: Wiring = {
      system: "faults",
      wire: ({ runtime, world }) => runtime.at(parseClock("09:31")!, () => world.apply(WorldChange.linkDown(circuit, true)))
    }
    simulate({ model, seed: 2, window: { from: parseClock("09:30")!, to: parseClock("09:32")! }, wirings: [omdWiring, faults], trace })
    const ssStatus = (who: string) =>
      trace.events.filter((e) => e.kind === "flow.status" && e.subject === who && e.data.flow === `${who}/omdc-ss`).map((e) => [e.t, e.data.up])
    return { trace, ssStatus }
  }

  it("a member that is not the host leaves: it goes silent, the others keep both lines", () => {
    const [host, member, other] = ssCohort()
    const { trace, ssStatus } = cut(member!)
    // One split per channel group the member takes; for SS:
    const ss = trace.ofKind("omd.cohort.split").filter((e) => e.subject.endsWith("/SS"))
    expect(ss.map((e) => [e.t, e.subject, e.data.members])).toEqual([[parseClock("09:31"), `${member}.fh/SS`, [member]]])
    // Silent 6 s (3 heartbeat intervals) after the last slice it heard before 09:31 — the same instant as
    // when the host itself is cut (next test): the copy keeps what the cohort had heard.
    expect(ssStatus(member!).at(-1)).toEqual([SILENT_AT, 0])
    expect(ssStatus(host!).at(-1)![1]).toBe(2)
    expect(ssStatus(other!).at(-1)![1]).toBe(2)
  })

  it("when the host's own circuit fails, the others move to a machine of their own and keep both lines", () => {
    const [host, member, other] = ssCohort()
    const { trace, ssStatus } = cut(host!)
    const split = trace.ofKind("omd.cohort.split").filter((e) => e.subject.endsWith("/SS"))
    expect(split.length).toBe(1)
    expect(split[0]!.subject).toBe(`${member}.fh/SS`)
    expect(split[0]!.data.members.slice(0, 2)).toEqual([member, other])
    expect(ssStatus(host!).at(-1)).toEqual([SILENT_AT, 0])
    expect(ssStatus(member!).at(-1)![1]).toBe(2)
    expect(ssStatus(other!).at(-1)![1]).toBe(2)
  })
})

describe("a cohort that splits at the day's first instant", () => {
  // From 06:00: the publishers send the day's Sequence Reset and the start-of-day reference data (20,000
  // numbers) at 06:00, and a fault from 06:00 changes the world after them at that instant (a scenario's
  // wiring comes after the systems'): both are on their way, over the path the members still shared, when
  // the cohort splits. Each side must hear them — no late start for a member whose own path is fine.
  const OPENING = parseClock("06:00")!
  const opening = (circuit?: string) => {
    const trace = new MemoryTrace()
    const faults: Wiring = {
      system: "faults",
      wire: ({ runtime, world }) => {
        if (circuit !== undefined) runtime.at(OPENING, () => world.apply(WorldChange.linkDown(circuit, true)))
      }
    }
    simulate({ model, seed: 3, window: { from: OPENING, to: parseClock("06:01")! }, wirings: [omdWiring, faults], trace })
    return trace
  }
  const quiet = opening()
  /** Everything the trace says about `participant` (its flows, health and OMD events), in order. */
  const story = (trace: MemoryTrace, participant: string) =>
    trace.events.filter((e) => e.subject === participant).map((e) => [e.t, e.kind, e.data])
  /** `story` with the participant's id written as `P`, to compare two participants' stories. */
  const storyAsP = (trace: MemoryTrace, participant: string) => JSON.stringify(story(trace, participant)).replaceAll(participant, "P")
  // P0002 (cb-pop-1 alone) hosts the cb-pop-1 cohorts of SS, SP and OMD-CC; P0015, next of them in file
  // order, takes all three too. The Sequence Reset reaches their feed handlers 1,125 µs after 06:00 over
  // P0002's path (its 923 µs circuit, the rest the backbone's) on SS and OMD-CC; SP's comes 06:00.065843,
  // after SS's start-of-day reference data on the shared circuit.
  const RESET_SS = OPENING + 1_125
  const RESET_SP = OPENING + 65_843
  const syncs = (trace: MemoryTrace, participant: string) =>
    trace.ofKind("omd.sync").filter((e) => e.subject === participant).map((e) => [e.t, e.data.channel, e.data.state, e.data.reason])

  it("the host's own circuit down from 06:00: every other member sees what it sees without the fault", () => {
    const cut = opening("P0002-c1")
    expect(cut.ofKind("omd.cohort.split").map((e) => [e.t, e.subject, e.data.from])).toEqual([
      [OPENING, "P0015.fh/SS", "P0002.fh/SS"],
      [OPENING, "P0015.fh/SP", "P0002.fh/SP"],
      [OPENING, "P0015.fh/CC", "P0002.fh/CC"]
    ])
    const sharers = model.file.participants
      .filter((p) => p.id !== "P0002" && p.circuits.map((c) => c.pop).join(",") === "cb-pop-1" && (p.omdC.some((g) => g !== "SF") || p.omdCC))
      .map((p) => p.id)
    // 44 others on SS, and 5 more taking SP or OMD-CC but not SS: all of them left P0002's machines.
    expect(sharers.length).toBe(49)
    expect([...new Set(cut.ofKind("omd.cohort.split").flatMap((e) => e.data.members))].sort()).toEqual(sharers)
    for (const member of sharers) expect(story(cut, member)).toEqual(story(quiet, member))
    // By hand, P0015: synced on each channel's Sequence Reset, as without the fault, and nothing after.
    // Before: synced on SS and SP only as a late start at 06:00:02 (the first slice after the reset), 29 s
    // awaiting refresh, and OMD-CC asked the RTS for 1–20,001.
    expect(syncs(cut, "P0015")).toEqual([
      [RESET_SS, "omdc/SS", "synced", "sequence reset"],
      [RESET_SS, "omdcc/CC", "synced", "sequence reset"],
      [RESET_SP, "omdc/SP", "synced", "sequence reset"]
    ])
    expect(cut.ofKind("omd.rts.request")).toEqual([])
  })

  it("a member's own circuit down from 06:00: it hears what was on its way, as the host cut alike does; the others see no change", () => {
    const cut = opening("P0015-c1")
    expect(cut.ofKind("omd.cohort.split").map((e) => [e.subject, e.data.members])).toEqual([
      ["P0015.fh/SS", ["P0015"]],
      ["P0015.fh/SP", ["P0015"]],
      ["P0015.fh/CC", ["P0015"]]
    ])
    for (const p of model.file.participants) if (p.id !== "P0015") expect(story(cut, p.id)).toEqual(story(quiet, p.id))
    // Its own story is the host's when the host's circuit is the one cut: the Sequence Reset and the
    // start-of-day reference data left before the circuit went down (the network judged them then), so it
    // is synced and its lines last heard the reference data (SS: 06:00.065841); 2.5 s later (+1 µs) a
    // blackout has begun, 6 s later (3 heartbeat intervals) both lines are silent. Before: it never heard
    // the reset, and its lines fell silent at 06:00:06 sharp.
    expect(storyAsP(cut, "P0015")).toBe(storyAsP(opening("P0002-c1"), "P0002"))
    const ss = cut.events.filter((e) => e.subject === "P0015" && e.data.flow === "P0015/omdc-ss")
    expect(ss.map((e) => [e.t, e.kind, e.data.state ?? e.data.up])).toEqual([
      [OPENING, "flow.status", 2],
      [RESET_SS, "omd.sync", "synced"],
      [OPENING + 2_565_842, "omd.blackout.start", undefined],
      [OPENING + 6_065_841, "omd.line", "silent"],
      [OPENING + 6_065_841, "omd.line", "silent"],
      [OPENING + 6_065_841, "flow.status", 0]
    ])
  })
})
