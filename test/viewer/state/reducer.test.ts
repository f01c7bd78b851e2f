import { describe, expect, it } from "vitest"
import { affectedParticipants, linkActive, linkState, nodeState, unitSides } from "../../../viewer/src/state/derive.ts"
import { applyEvent, initialState, reduceEvents } from "../../../viewer/src/state/view-state.ts"
import { drill, layout, plain } from "./fixtures.ts"

const upTo = (t: number) => reduceEvents(drill.filter((e) => e.t <= t))

describe("viewer reducer", () => {
  it("starts from trace.start and estate.layout", () => {
    const s = upTo(100)
    expect(s).toMatchObject({ from: 100, to: 1000, estate: "tiny", applied: 6 })
    expect(s.layout?.participants.map((p) => p.id)).toEqual(["P1", "P2"])
    expect(s.scenario).toEqual({ id: "drill", name: "Drill", phases: ["ph1"] })
    expect(s.counts["omd-c"]).toEqual({ served: 1, "served-without-redundancy": 1, degraded: 0, down: 0 })
    expect(affectedParticipants(s)).toEqual([])
  })

  it("moves the unit at its step: the new link carries traffic, the old one goes dark", () => {
    const sides = unitSides(layout)
    const before = upTo(199)
    expect([...before.moved]).toEqual([])
    expect(linkActive(before, layout.links[0]!, sides)).toBe(true)
    const after = upTo(200)
    expect([...after.moved]).toEqual(["omd-a"])
    expect(linkActive(after, layout.links[0]!, sides)).toBe(false)
    expect(linkActive(after, layout.links[1]!, sides)).toBe(true)
    expect(after.phases.get("ph1")).toMatchObject({ status: "start", name: "Move line A", since: 200 })
  })

  it("shows the fault, the down link and the participant it affects, then clears them", () => {
    const s = upTo(320)
    expect(linkState(s, "pub--new-core-a")).toBe("down")
    expect([...s.faults.keys()]).toEqual(["f1"])
    expect(s.flows.get("P1/omdc-ss")).toMatchObject({ up: 1, of: 2, detail: "line A silent" })
    expect(affectedParticipants(s).map((a) => [a.participant.id, a.worst, a.services.map((x) => x.cause)])).toEqual([
      ["P1", "served-without-redundancy", ["P1/omdc-ss: line A silent"]]
    ])
    const later = upTo(410)
    expect(linkState(later, "pub--new-core-a")).toBe("up")
    expect(later.faults.size).toBe(0)
    expect(affectedParticipants(later)).toEqual([])
    expect(later.counts["omd-c"]).toEqual({ served: 1, "served-without-redundancy": 1, degraded: 0, down: 0 })
  })

  it("a first status worse than by design (`design`: a fault from the opening) is affected; one as designed is not", () => {
    const first = (p: string, status: string, design: string) =>
      ({ t: 100, kind: "health", subject: p, data: { service: "omd-c", status, previous: null, cause: `${p}/omdc-ss: line A silent`, design } })
    const s = reduceEvents([
      ...drill.filter((e) => e.kind === "trace.start" || e.kind === "estate.layout"),
      // P1 lost line A at the opening (served by design); P2 is on one circuit (without redundancy by design).
      first("P1", "served-without-redundancy", "served"),
      first("P2", "served-without-redundancy", "served-without-redundancy")
    ])
    expect(affectedParticipants(s).map((a) => [a.participant.id, a.worst])).toEqual([["P1", "served-without-redundancy"]])
  })

  it("counts a participant down whatever it started as, and a node down", () => {
    const s = upTo(600)
    expect(nodeState(s, "core-a")).toBe("down")
    expect(nodeState(s, "new-core-a")).toBe("up")
    expect(s.phases.get("ph1")?.status).toBe("completed")
    expect(s.counts["omd-c"]).toEqual({ served: 1, "served-without-redundancy": 0, degraded: 0, down: 1 })
    expect(affectedParticipants(s).map((a) => [a.participant.id, a.worst])).toEqual([["P2", "down"]])
  })

  it("follows health.cause: the cause shown is the one in force after it (issue 13, defect 7)", () => {
    const cause = (t: number, p: string, service: string, status: string, text: string) =>
      ({ t, kind: "health.cause", subject: p, data: { service, status, cause: text } })
    const before = upTo(320)
    const s = reduceEvents([
      ...drill.filter((e) => e.t <= 320),
      // P1 omd-c still without redundancy since 310, the words change at 330.
      cause(330, "P1", "omd-c", "served-without-redundancy", "P1/omdc-ss: line A silent; single point of failure pop-b"),
      // P1 otp-c is served: the tracker writes none; one given anyway does not make up a cause.
      cause(330, "P1", "otp-c", "served", "P1/P1T1: logged on")
    ])
    expect(s.causes.get("P1|omd-c")).toBe("P1/omdc-ss: line A silent; single point of failure pop-b")
    expect(s.causes.has("P1|otp-c")).toBe(false)
    expect(s.health.get("P1|omd-c")).toBe("served-without-redundancy")
    expect(affectedParticipants(s).map((a) => [a.participant.id, a.worst, a.services.map((x) => x.cause)])).toEqual([
      ["P1", "served-without-redundancy", ["P1/omdc-ss: line A silent; single point of failure pop-b"]]
    ])
    // The counts are untouched; the panels redraw (two more health-family events than at 320).
    expect(s.counts).toEqual(before.counts)
    expect(s.versions.health).toBe(before.versions.health + 2)
  })

  it("ignores kinds it does not know (the state is as if the event were absent, but counted)", () => {
    const without = reduceEvents(drill.filter((e) => e.kind !== "some.future-kind"))
    const withIt = reduceEvents(drill)
    expect({ ...(plain(withIt) as object), applied: 0 }).toEqual({ ...(plain(without) as object), applied: 0 })
  })

  it("a link field given as null clears it; other fields stay", () => {
    const s = initialState()
    applyEvent(s, { t: 1, kind: "world.change", subject: "l", data: { what: "link", lossPct: 5, addedLatencyUs: 200 } })
    expect(linkState(s, "l")).toBe("impaired")
    applyEvent(s, { t: 2, kind: "world.change", subject: "l", data: { what: "link", lossPct: null } })
    expect(s.links.get("l")).toEqual({ addedLatencyUs: 200 })
    applyEvent(s, { t: 3, kind: "world.change", subject: "l", data: { what: "link", addedLatencyUs: null } })
    expect(linkState(s, "l")).toBe("up")
  })
})

describe("the affected list's worst service", () => {
  const h = (t: number, service: string, status: string, cause: string) =>
    ({ t, kind: "health", subject: "P1", data: { service, status, previous: null, cause } })

  it("is the service with the worst status, not the first with a cause, and carries when that status began", () => {
    const s = reduceEvents([
      ...drill.filter((e) => e.t <= 100),
      // otp-c (first in P1's services) degraded at 700 with words; omd-c down at 800: omd-c decides.
      h(700, "otp-c", "degraded", "P1/P1T1: replay in progress"),
      h(800, "omd-c", "down", "P1/omdc-ss: lines A and B silent")
    ])
    const [a] = affectedParticipants(s)
    expect([a?.worst, a?.worstService]).toEqual(["down", { service: "omd-c", status: "down", since: 800, cause: "P1/omdc-ss: lines A and B silent" }])
  })

  it("on a tie, the service that reached the status first", () => {
    const s = reduceEvents([...drill.filter((e) => e.t <= 100), h(900, "otp-c", "down", "b"), h(800, "omd-c", "down", "a")].sort((x, y) => x.t - y.t))
    expect(affectedParticipants(s)[0]?.worstService.service).toBe("omd-c")
  })
})
