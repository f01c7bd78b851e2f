/**
 * Impairments routing does not notice — a one-way blackhole, multicast not forwarded, an MTU cut, a port
 * blocked between a gateway and what it depends on — in the live reach, as the network drops the traffic
 * (twin/world/passage.ts). Before, health saw only firewall rules on a participant's own route: a blackholed
 * link on the only way to the Lookup Service, a line whose router forwards no multicast, an MTU cut that
 * stalls every SFTP transfer all left health `served`.
 *
 * Hand-made estates, routes worked out in their headers:
 * - closed-until-failover.yaml: P1's route to ls-dc1 and ocg-1 is P1-c1, pop-a1, pop-a1--r1 (forward: from
 *   pop-a1), r1 (615 µs; the other way in, over r1--r2, is 865); to ocg-2 it is P1-c2, pop-b1, r2. ls-dc2
 *   is closed until failover, so ls-dc1 is P1's only Lookup endpoint.
 * - test/twin/impact/fixtures/lines-estate.yaml: line A reaches P1's feed handler from pub-a over
 *   pub-a--old-dist-a, old-dist-a, ar-a--old-dist-a, ar-a, pop-a1--ar-a (crossed from ar-a to pop-a1:
 *   reverse), P1-c1; line B the same on plane B. Nothing moved.
 * - mainland-dr-pair.yaml: both CCCGs reach sse-1 over sse-1--r1 only; sse-2 serves only after DR.
 * - test/twin/wire/ecp/ecp-estate.yaml: P2 has one circuit, P2-c1; every route of P2's crosses it.
 */
import { describe, expect, it } from "vitest"
import { estateModel, healthRig } from "./health-rig.ts"
import { StateHealth } from "../../../twin/impact/state-health.ts"
import { slotOf, statusByRank } from "../../../twin/impact/health-vector.ts"
import { physicalState, physicalStateOf, stateKey } from "../../../twin/impact/physical-state.ts"
import type { Service } from "../../../topology/schema.ts"
import { WorldChange } from "../../../twin/world/world-change.ts"
import { WorldState } from "../../../twin/world/world-state.ts"

describe("a one-way blackhole on a session's route (closed-until-failover.yaml)", () => {
  const model = estateModel("test/topology/analysis/closed-until-failover.yaml")

  it("either direction cuts a session's traffic: a session still starting cannot reach the Lookup Service — down; the gateway routed over it is lost", () => {
    for (const direction of ["forward", "reverse"] as const) {
      const { rt, world, report, statuses } = healthRig(model, { flow: "P1/P1T1", service: "otp-c" }, { startupGrace: 180_000_000 })
      report(0, 0, "not logged on yet")
      rt.at(10_000, () => world.apply(WorldChange.linkBlackhole("pop-a1--r1", direction)))
      rt.at(1_000_000, () => world.apply(WorldChange.linkBlackhole("pop-a1--r1", undefined)))
      rt.run(3_000_000)
      // The network drops P1's Lookup Request (forward) or its answer (reverse): no Logon is possible.
      // Before the fix: served throughout.
      expect(statuses()).toEqual([
        [0, "served", ""],
        [10_000, "down", "P1/P1T1: starting: not logged on yet; P1/ocg-lookup unreachable"],
        [1_000_000, "served", ""]
      ])
    }
  })

  it("the network drops the traffic in the blackhole's direction only, as the live reach judges it", () => {
    const { rt, world } = healthRig(model, { flow: "P1/P1T1", service: "otp-c" })
    const seen: Array<unknown> = []
    rt.at(10_000, () => world.apply(WorldChange.linkBlackhole("pop-a1--r1", "reverse")))
    rt.at(20_000, () => seen.push(world.network.pathNow("P1.bss", "ls-dc1")?.open, world.network.pathNow("ls-dc1", "P1.bss")?.open))
    rt.run(30_000)
    expect(seen).toEqual([true, false])
  })

  it("an MTU cut to 1,400 on the same link loses nothing: a Lookup Response is 95 bytes, an OCG-C Logon 512", () => {
    const { rt, world, report, statuses } = healthRig(model, { flow: "P1/P1T1", service: "otp-c" }, { startupGrace: 180_000_000 })
    report(0, 0, "not logged on yet")
    rt.at(10_000, () => world.apply(WorldChange.linkMtu("pop-a1--r1", 1400)))
    rt.run(1_000_000)
    expect(statuses()).toEqual([[0, "served", ""]])
  })

  it("the impact engine judges the same states alike", () => {
    const health = new StateHealth(model)
    const otpc = (v: Uint8Array) => statusByRank[v[slotOf(0, "otp-c")]!]
    const blackholed = physicalState([], false, [], [], [], { blackholes: [{ link: "pop-a1--r1", direction: "reverse" }] })
    const cut = physicalState([], false, [], [], [], { mtuCuts: [{ link: "pop-a1--r1", mtu: 1400 }] })
    // Settled: ocg-1 and the Lookup Service lost, ocg-2 left — without redundancy; logging on: down.
    expect([otpc(health.of(blackholed)), otpc(health.connecting(blackholed)), otpc(health.of(cut)), otpc(health.connecting(cut))]).toEqual([
      "served-without-redundancy",
      "down",
      "served",
      "served"
    ])
  })
})

describe("multicast not forwarded, a blackhole towards the participant and an MTU cut on a line's route (lines-estate.yaml)", () => {
  const model = estateModel("test/twin/impact/fixtures/lines-estate.yaml")

  /** P1's omd-c `health` events ([t, status, cause]) under `changes` applied at 1 s, undone at 2 s, and what the network made of line A then. */
  const run = (changes: ReadonlyArray<WorldChange>, undo: ReadonlyArray<WorldChange>) => {
    const { rt, world, trace } = healthRig(model, { flow: "P1/omdc-ss", service: "omd-c" })
    let lineA: unknown
    rt.at(1_000_000, () => world.batch(() => changes.forEach((c) => world.apply(c))))
    rt.at(1_500_000, () => {
      const path = world.network.pathNow("pub-a", "P1.fh")
      lineA = { open: path?.open, multicastOpen: path?.multicastOpen, mtu: path?.mtu }
    })
    rt.at(2_000_000, () => world.batch(() => undo.forEach((c) => world.apply(c))))
    rt.run(3_000_000)
    const events = trace.ofKind("health").filter((e) => e.subject === "P1" && e.data.service === "omd-c").map((e) => [e.t, e.data.status, e.data.cause])
    return { events, lineA }
  }
  const lineALost = [
    [0, "served", ""],
    [1_000_000, "served-without-redundancy", "P1/omdc-ss: 1 of 2 members reachable"],
    [2_000_000, "served", ""]
  ]

  it("old-dist-a not forwarding multicast loses line A (without redundancy); old-dist-b too loses both (down)", () => {
    const a = run([WorldChange.nodeMulticast("old-dist-a", true)], [WorldChange.nodeMulticast("old-dist-a", false)])
    expect(a).toEqual({ events: lineALost, lineA: { open: true, multicastOpen: false, mtu: 1500 } })
    const both = run(
      [WorldChange.nodeMulticast("old-dist-a", true), WorldChange.nodeMulticast("old-dist-b", true)],
      [WorldChange.nodeMulticast("old-dist-a", false), WorldChange.nodeMulticast("old-dist-b", false)]
    )
    expect(both.events).toEqual([
      [0, "served", ""],
      [1_000_000, "down", "P1/omdc-ss: 0 of 2 members reachable"],
      [2_000_000, "served", ""]
    ])
  })

  it("a blackhole on pop-a1--ar-a loses line A only in the publisher's direction (ar-a → pop-a1: reverse)", () => {
    expect(run([WorldChange.linkBlackhole("pop-a1--ar-a", "reverse")], [WorldChange.linkBlackhole("pop-a1--ar-a", undefined)])).toEqual({
      events: lineALost,
      lineA: { open: false, multicastOpen: true, mtu: 1500 }
    })
    // Towards HKEX: the feed handler sends nothing on a line, so nothing is lost.
    expect(run([WorldChange.linkBlackhole("pop-a1--ar-a", "forward")], [WorldChange.linkBlackhole("pop-a1--ar-a", undefined)])).toEqual({
      events: [[0, "served", ""]],
      lineA: { open: true, multicastOpen: true, mtu: 1500 }
    })
  })

  it("an MTU cut to 1,400 on line A's route loses it (OMD packets are up to 1,500 bytes); on ar-a--new-dist-a, which the line does not take, nothing", () => {
    expect(run([WorldChange.linkMtu("ar-a--old-dist-a", 1400)], [WorldChange.linkMtu("ar-a--old-dist-a", undefined)])).toEqual({
      events: lineALost,
      lineA: { open: true, multicastOpen: true, mtu: 1400 }
    })
    expect(run([WorldChange.linkMtu("ar-a--new-dist-a", 1400)], [WorldChange.linkMtu("ar-a--new-dist-a", undefined)]).events).toEqual([[0, "served", ""]])
  })

  it("the impact engine judges the same states alike, and a state without these impairments keeps its key", () => {
    const health = new StateHealth(model)
    const omdc = (v: Uint8Array) => [0, 1, 2].map((p) => statusByRank[v[slotOf(p, "omd-c")]!])
    const ws = new WorldState()
    ws.impairNode("old-dist-a", { multicastBlocked: true })
    ws.impair("pop-a1--ar-a", { blackhole: "forward" })
    const state = physicalStateOf(ws)
    expect(stateKey(state)).toBe("|0||||~b:pop-a1--ar-a>|~m::old-dist-a")
    expect(stateKey(physicalState(["line-a"], false, ["pop-b1--ar-b"]))).toBe("line-a|0|pop-b1--ar-b||")
    expect([omdc(health.of(physicalState([], false))), omdc(health.of(state))]).toEqual([
      ["served", "served", "served"],
      ["served-without-redundancy", "served-without-redundancy", "served-without-redundancy"]
    ])
  })
})

describe("a port blocked or a link blackholed between a CCCG and its market's link (mainland-dr-pair.yaml)", () => {
  const model = estateModel("test/topology/analysis/mainland-dr-pair.yaml")
  const logged = "P1/P1N1: logged on to cccg-1 (primary)"

  it("before DR, `mainland` or `cccg` blocked on sse-1--r1, or a blackhole there, cuts both CCCGs off from sse-1: down, as with sse-1 down", () => {
    const changes: ReadonlyArray<readonly [WorldChange, WorldChange]> = [
      [WorldChange.linkPorts("sse-1--r1", ["mainland"]), WorldChange.linkPorts("sse-1--r1", [])],
      // A CCCG's messages to a market link belong to both ends' ports (service-ports.ts).
      [WorldChange.linkPorts("sse-1--r1", ["cccg"]), WorldChange.linkPorts("sse-1--r1", [])],
      [WorldChange.linkBlackhole("sse-1--r1", "forward"), WorldChange.linkBlackhole("sse-1--r1", undefined)]
    ]
    for (const [on, off] of changes) {
      const { rt, world, report, statuses } = healthRig(model, { flow: "P1/P1N1", service: "otp-csc" })
      report(0, 1, "logged on to cccg-1 (primary)")
      rt.at(1_000_000, () => world.apply(on))
      rt.at(2_000_000, () => world.apply(off))
      rt.run(3_000_000)
      // Before the fix: without redundancy throughout (sse-1 reached on the graph).
      expect(statuses()).toEqual([
        [0, "served-without-redundancy", `${logged}; single point of failure r1`],
        [1_000_000, "down", `${logged}; cccg-1 cut off from sse-1`],
        [2_000_000, "served-without-redundancy", `${logged}; single point of failure r1`]
      ])
    }
  })

  it("after the DR declaration sse-2 serves over r1--r2: the same rule leaves the session trading", () => {
    const health = new StateHealth(model)
    const otpcsc = (v: Uint8Array) => statusByRank[v[slotOf(0, "otp-csc")]!]
    const blocked = { portBlocks: [{ port: "mainland" as const, links: ["sse-1--r1"], nodes: [] }] }
    expect([otpcsc(health.of(physicalState([], false, [], [], [], blocked))), otpcsc(health.of(physicalState([], true, [], [], [], blocked)))]).toEqual([
      "down",
      "served-without-redundancy"
    ])
  })
})

describe("an MTU cut on a single-circuit participant's circuit (ecp-estate.yaml)", () => {
  const model = estateModel("test/twin/wire/ecp/ecp-estate.yaml")

  it("1,280 on P2-c1: bulk SFTP and both OMD lines lost (1,500-byte packets) — down; OCG-C's 512-byte messages pass", () => {
    const health = new StateHealth(model)
    const of = (v: Uint8Array, p: number) => (["omd-c", "otp-c", "ecp-sftp"] as ReadonlyArray<Service>).map((s) => statusByRank[v[slotOf(p, s)]!])
    const cut = physicalState([], false, [], [], [], { mtuCuts: [{ link: "P2-c1", mtu: 1280 }] })
    // By design P2's one circuit is a single point of every service; P1 is untouched.
    expect([of(health.of(physicalState([], false)), 1), of(health.of(cut), 1), of(health.of(cut), 0)]).toEqual([
      ["served-without-redundancy", "served-without-redundancy", "served-without-redundancy"],
      ["down", "served-without-redundancy", "down"],
      of(health.of(physicalState([], false)), 0)
    ])
  })
})
