/** The impact engine on a hand-made estate (fixtures/gateway-down-mid-move.yaml): every figure worked out by hand. */
import * as NodeServices from "@effect/platform-node/NodeServices"
import { Effect } from "effect"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"
import { scenarioImpact } from "../../../twin/impact/scenario-impact.ts"
import { StateHealth } from "../../../twin/impact/state-health.ts"
import { scenarioTimeline } from "../../../twin/impact/timeline.ts"
import { formatClock, parseClock } from "../../../twin/engine/time.ts"
import { loadScenarioRef, ScenarioCache, type ScenarioRef } from "../../../twin/sweep/scenario-cache.ts"

const loadRef = (ref: ScenarioRef) => Effect.runPromise(loadScenarioRef(ref).pipe(Effect.provide([ScenarioCache.layer, NodeServices.layer])))

const fixture = fileURLToPath(new URL("./fixtures/gateway-down-mid-move.yaml", import.meta.url))
const lines = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url))

describe("impact engine", () => {
  it("changes only where the physical state changes, and integrates participant-seconds per service", async () => {
    const { scenario } = await loadRef({ path: fixture, estate: undefined })
    const health = new StateHealth(scenario.model)
    const impact = scenarioImpact(scenario, { health })
    // Each move takes its unit out of service for the scenario's convergence delay (default 1 s): the
    // states after 06:20, 06:25 and 06:30 each end one second later.
    expect(impact.timeline.states.map((s) => formatClock(s.t).slice(0, 8))).toEqual(["06:00:00", "06:20:00", "06:20:01", "06:22:00", "06:25:00", "06:25:01", "06:27:00", "06:30:00", "06:30:01"])
    expect(impact.timeline.states[3]!.state).toEqual({ moved: ["gw-1"], drFailover: false, linksDown: [], nodesDown: ["ocg-2"], linksConverging: [] })
    expect(impact.timeline.states[4]!.state.linksConverging).toEqual(["ar-1--new-dist-1", "ar-1--old-dist-1"])
    expect(health.evaluations).toBe(9)
    // Two participants, otp-c only: down 06:22–06:25 (ocg-2 down, ocg-1 moved, ar-1 still old: no gateway
    // on ar-1's side) and one second more, 06:25:00–06:25:01, while access (ar-1's uplinks) converges: ar-1
    // reaches no gateway (181 s each). Without redundancy the rest: 80 min − 181 s = 4,619 s each (ar-1 is a
    // single point throughout; 06:20:00–06:20:01 and 06:30:00–06:30:01 a gateway converging leaves one).
    expect(impact.byService["otp-c"]).toEqual({
      participantSecondsDown: 2 * 181,
      participantSecondsDegraded: 0,
      participantSecondsWithoutRedundancy: 2 * (80 * 60 - 181),
      participantsAffected: 2
    })
    expect(impact.byService["omd-c"].participantsAffected).toBe(0)
    expect(impact.intervals.filter((i) => i.participant === "P1").map((i) => [i.status, formatClock(i.from).slice(0, 8), formatClock(i.to).slice(0, 8)])).toEqual([
      ["served-without-redundancy", "06:00:00", "06:22:00"],
      ["down", "06:22:00", "06:25:01"],
      ["served-without-redundancy", "06:25:01", "07:20:00"]
    ])
  })

  it("a state seen before is not analysed again", async () => {
    const { scenario } = await loadRef({ path: fixture, estate: undefined })
    const health = new StateHealth(scenario.model)
    scenarioImpact(scenario, { health })
    scenarioImpact(scenario, { health })
    expect(health.evaluations).toBe(9)
  })

  it("scores line A and line B moved in one step as the dual-line outage it is: both down for the convergence delay (fixtures/lines-together.yaml)", async () => {
    const { scenario } = await loadRef({ path: lines("lines-together.yaml"), estate: undefined })
    const impact = scenarioImpact(scenario)
    expect(impact.timeline.states.map((s) => [formatClock(s.t).slice(0, 8), s.state.moved.join(","), s.state.linksConverging.length])).toEqual([
      ["06:00:00", "", 0],
      ["06:30:00", "line-a,line-b", 4],
      ["06:30:10", "line-a,line-b", 0]
    ])
    // P1, P2 and P3 lose both lines 06:30:00–06:30:10: 3 × 10 s down, nothing else.
    expect(impact.byService["omd-c"]).toEqual({ participantSecondsDown: 30, participantSecondsDegraded: 0, participantSecondsWithoutRedundancy: 0, participantsAffected: 3 })
    expect(impact.intervals.filter((i) => i.status !== "served").map((i) => [i.participant, i.status, formatClock(i.from).slice(0, 8), formatClock(i.to).slice(0, 8)])).toEqual([
      ["P1", "down", "06:30:00", "06:30:10"],
      ["P2", "down", "06:30:00", "06:30:10"],
      ["P3", "down", "06:30:00", "06:30:10"]
    ])
    // With the convergence ignored (the sweep's settled view) nobody is ever worse off.
    expect(scenarioImpact(scenario, { convergence: 0 }).byService["omd-c"].participantsAffected).toBe(0)
  })

  it("one line at a time is never a dual-line outage: each line dark for 10 s leaves the other (fixtures/lines-apart.yaml)", async () => {
    const { scenario } = await loadRef({ path: lines("lines-apart.yaml"), estate: undefined })
    const impact = scenarioImpact(scenario)
    // 06:30:00–06:30:10 and 06:35:00–06:35:10, three participants: 3 × 20 s without redundancy.
    expect(impact.byService["omd-c"]).toEqual({ participantSecondsDown: 0, participantSecondsDegraded: 0, participantSecondsWithoutRedundancy: 60, participantsAffected: 3 })
  })
})

describe("impact engine: impairments routing does not notice (fixtures/lines-unnoticed.yaml)", () => {
  it("loses a line behind multicast not forwarded, a blackhole towards the participant or an MTU cut below 1,500, as the live reach does", async () => {
    const { scenario } = await loadRef({ path: lines("lines-unnoticed.yaml"), estate: undefined })
    const impact = scenarioImpact(scenario)
    expect(impact.timeline.states.map((s) => formatClock(s.t).slice(0, 8))).toEqual(["06:00:00", "06:30:00", "06:40:00", "06:50:00", "06:52:00", "06:53:00", "06:55:00"])
    expect(impact.timeline.states[4]!.state).toEqual({
      moved: [],
      drFailover: false,
      linksDown: [],
      nodesDown: [],
      linksConverging: [],
      blackholes: [{ link: "pop-b1--ar-b", direction: "reverse" }],
      mtuCuts: [{ link: "ar-a--old-dist-a", mtu: 1400 }]
    })
    // Worked out in the fixture's header; before, the impact engine saw none of it (nobody affected).
    expect(impact.byService["omd-c"]).toEqual({ participantSecondsDown: 3 * 60, participantSecondsDegraded: 0, participantSecondsWithoutRedundancy: 3 * 840, participantsAffected: 3 })
    expect(impact.intervals.filter((i) => i.participant === "P1").map((i) => [i.status, formatClock(i.from).slice(0, 8), formatClock(i.to).slice(0, 8)])).toEqual([
      ["served", "06:00:00", "06:30:00"],
      ["served-without-redundancy", "06:30:00", "06:40:00"],
      ["served", "06:40:00", "06:50:00"],
      ["served-without-redundancy", "06:50:00", "06:52:00"],
      ["down", "06:52:00", "06:53:00"],
      ["served-without-redundancy", "06:53:00", "06:55:00"],
      ["served", "06:55:00", "07:20:00"]
    ])
  })
})

describe("impact engine: the Lookup Service lost while sessions stay logged on (issue 13, defect 3)", () => {
  it("caps otp-c at served without redundancy, never down (fixtures/lookup-lost.yaml, worked out in its header)", async () => {
    const { scenario } = await loadRef({ path: fileURLToPath(new URL("./fixtures/lookup-lost.yaml", import.meta.url)), estate: undefined })
    const impact = scenarioImpact(scenario)
    expect(impact.byService["otp-c"]).toEqual({
      participantSecondsDown: 0,
      participantSecondsDegraded: 0,
      participantSecondsWithoutRedundancy: 600,
      participantsAffected: 1
    })
    expect(impact.intervals.map((i) => [i.participant, i.service, i.status, formatClock(i.from).slice(0, 5), formatClock(i.to).slice(0, 5)])).toEqual([
      ["P1", "otp-c", "served", "06:00", "06:10"],
      ["P1", "otp-c", "served-without-redundancy", "06:10", "06:20"],
      ["P1", "otp-c", "served", "06:20", "06:30"]
    ])
  })

  it("sessions that must log on at the window's opening are down until a Lookup endpoint is reachable (fixtures/lookup-lost-at-open.yaml)", async () => {
    const { scenario } = await loadRef({ path: fileURLToPath(new URL("./fixtures/lookup-lost-at-open.yaml", import.meta.url)), estate: undefined })
    const impact = scenarioImpact(scenario)
    expect(impact.byService["otp-c"]).toEqual({
      participantSecondsDown: 600,
      participantSecondsDegraded: 0,
      participantSecondsWithoutRedundancy: 0,
      participantsAffected: 1
    })
    expect(impact.intervals.map((i) => [i.participant, i.status, formatClock(i.from).slice(0, 5), formatClock(i.to).slice(0, 5)])).toEqual([
      ["P1", "down", "06:00", "06:10"],
      ["P1", "served", "06:10", "06:30"]
    ])
  })
})

describe("the units a step changes (scenarios/step-changes.ts), as the impact engine replays them", () => {
  it("converges the units whose side a step changes: a fall-back like a move, a move of a unit already moved not at all", async () => {
    const { scenario } = await loadRef({ path: fixture, estate: undefined })
    const at = (t: string) => parseClock(t)!
    // gw-1 moved at 06:20 and "moved" again at 06:25 (nothing changes: no convergence, no state — until the
    // rule, 06:25:00–06:25:01 had gw-1's links out), then gw-1 back and access moved in one step at 06:30
    // (both converge together, one second: each unit's old and new link).
    const steps = [
      { at: at("06:20"), move: ["gw-1"], back: [] },
      { at: at("06:25"), move: ["gw-1"], back: [] },
      { at: at("06:30"), move: ["access"], back: ["gw-1"] }
    ]
    const timeline = scenarioTimeline({ scenario: { ...scenario, faults: [] }, steps })
    expect(timeline.states.map((s) => [formatClock(s.t).slice(0, 8), s.state.moved, s.state.linksConverging.length])).toEqual([
      ["06:00:00", [], 0],
      ["06:20:00", ["gw-1"], 2],
      ["06:20:01", ["gw-1"], 0],
      ["06:30:00", ["access"], 4],
      ["06:30:01", ["access"], 0]
    ])
  })
})
