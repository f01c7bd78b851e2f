/** The impact engine on a hand-made estate (fixtures/gateway-down-mid-move.yaml): every figure worked out by hand. */
import * as NodeServices from "@effect/platform-node/NodeServices"
import { Effect } from "effect"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"
import { scenarioImpact } from "../../../twin/impact/scenario-impact.ts"
import { StateHealth } from "../../../twin/impact/state-health.ts"
import { formatClock } from "../../../twin/engine/time.ts"
import { loadScenarioRef, ScenarioCache, type ScenarioRef } from "../../../twin/sweep/scenario-cache.ts"

const loadRef = (ref: ScenarioRef) => Effect.runPromise(loadScenarioRef(ref).pipe(Effect.provide([ScenarioCache.layer, NodeServices.layer])))

const fixture = fileURLToPath(new URL("./fixtures/gateway-down-mid-move.yaml", import.meta.url))

describe("impact engine", () => {
  it("changes only where the physical state changes, and integrates participant-seconds per service", async () => {
    const { scenario } = await loadRef({ path: fixture, estate: undefined })
    const health = new StateHealth(scenario.model)
    const impact = scenarioImpact(scenario, { health })
    expect(impact.timeline.states.map((s) => formatClock(s.t).slice(0, 5))).toEqual(["06:00", "06:20", "06:22", "06:25", "06:27", "06:30"])
    expect(impact.timeline.states[2]!.state).toEqual({ moved: ["gw-1"], drFailover: false, linksDown: [], nodesDown: ["ocg-2"] })
    expect(health.evaluations).toBe(6)
    // Two participants, otp-c only: down 06:22–06:25 (3 min each), without redundancy the other 77 minutes.
    expect(impact.byService["otp-c"]).toEqual({
      participantSecondsDown: 2 * 180,
      participantSecondsDegraded: 0,
      participantSecondsWithoutRedundancy: 2 * 77 * 60,
      participantsAffected: 2
    })
    expect(impact.byService["omd-c"].participantsAffected).toBe(0)
    expect(impact.intervals.filter((i) => i.participant === "P1").map((i) => [i.status, formatClock(i.from).slice(0, 5), formatClock(i.to).slice(0, 5)])).toEqual([
      ["served-without-redundancy", "06:00", "06:22"],
      ["down", "06:22", "06:25"],
      ["served-without-redundancy", "06:25", "07:20"]
    ])
  })

  it("a state seen before is not analysed again", async () => {
    const { scenario } = await loadRef({ path: fixture, estate: undefined })
    const health = new StateHealth(scenario.model)
    scenarioImpact(scenario, { health })
    scenarioImpact(scenario, { health })
    expect(health.evaluations).toBe(6)
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
