import * as NodeServices from "@effect/platform-node/NodeServices"
import { Effect, Result } from "effect"
import { describe, expect, it } from "vitest"
import { catalogues } from "../../../scenarios/catalogues.ts"
import { loadScenario } from "../../../scenarios/load.ts"
import { runScenario } from "../../../scenarios/run.ts"
import { encodeTraceEvent, MemoryTrace } from "../../../twin/engine/trace.ts"
import type { Drill } from "../../../scenarios/drill/drill.ts"
import { DrillWorld } from "../../../twin/serve/drill/drill-world.ts"
import { LiveSession } from "../../../twin/serve/live-session.ts"
import { minutes, NINE } from "./support.ts"

const scenario = await Effect.runPromise(
  loadScenario(new URL("./fixtures/tiny-drill.yaml", import.meta.url).pathname, { catalogues }).pipe(Effect.provide(NodeServices.layer))
)
const summary = (live: LiveSession) =>
  live.log
    .filter((e) => e.kind.startsWith("scenario.") && e.kind !== "scenario.start")
    .map((e) => `${e.t} ${e.kind} ${e.subject} ${String(e.data.status ?? e.data.verdict ?? JSON.stringify(e.data.move))}`)

describe("live session serving a scenario", () => {
  it("runs the scenario's faults and phases at their times when nobody intervenes", () => {
    const live = new LiveSession({ scenario })
    live.advance(NINE + minutes(20))
    expect(live.scenario).toEqual({ id: "tiny-drill", name: "Tiny drill — plane B access moves at 09:10", phases: [{ id: "plane-b", name: "Plane B access" }] })
    expect(summary(live)).toEqual([
      `${NINE + minutes(2)} scenario.fault blip start`,
      `${NINE + minutes(2) + 30_000_000} scenario.fault blip end`,
      `${NINE + minutes(10)} scenario.phase plane-b start`,
      `${NINE + minutes(10)} scenario.step plane-b ["access-dc1-b"]`,
      `${NINE + minutes(15)} scenario.check prt pass`,
      `${NINE + minutes(18)} scenario.phase plane-b completed`
    ])
  })

  it("starts a phase early: its whole timeline shifts so the first step is now; it cannot start twice", () => {
    const live = new LiveSession({ scenario })
    live.advance(NINE + minutes(4))
    const started = live.apply({ type: "phase", phase: "plane-b" })
    expect(started).toEqual(Result.succeed("phase plane-b starts now, 6m early"))
    expect(live.apply({ type: "phase", phase: "plane-b" })).toEqual(Result.fail('phase: expected a phase not started yet, got "plane-b" (started 09:04:00)'))
    expect(live.apply({ type: "phase", phase: "plane-z" })).toEqual(Result.fail('phase: expected a phase of the served scenario (plane-b), got "plane-z"'))
    live.advance(NINE + minutes(20))
    expect(summary(live)).toEqual([
      `${NINE + minutes(2)} scenario.fault blip start`,
      `${NINE + minutes(2) + 30_000_000} scenario.fault blip end`,
      `${NINE + minutes(4)} scenario.phase plane-b start`,
      `${NINE + minutes(4)} scenario.step plane-b ["access-dc1-b"]`,
      `${NINE + minutes(9)} scenario.check prt pass`,
      `${NINE + minutes(12)} scenario.phase plane-b completed`
    ])
    expect(live.log.find((e) => e.kind === "live.control")).toEqual({ t: NINE + minutes(4), kind: "live.control", subject: "instructor", data: { control: "phase", phase: "plane-b" } })
  })

  it("writes the scenario's own checks when the world reaches the window's end, as twin run does, once (a drill of it too)", async () => {
    // No report in live mode: the trace is all the viewer has. test/scenarios/checks-in-trace.test.ts has the figures.
    const withChecks = await Effect.runPromise(
      loadScenario(new URL("../../scenarios/fixtures/checks-in-trace.yaml", import.meta.url).pathname, { catalogues }).pipe(Effect.provide(NodeServices.layer))
    )
    const ran = new MemoryTrace()
    runScenario(withChecks, { trace: ran })
    const own = (lines: ReadonlyArray<string>) => lines.filter((l) => l.includes('"kind":"scenario.check"') && l.includes('"role":"scenario"'))
    const live = new LiveSession({ scenario: withChecks })
    live.advance(NINE + minutes(20) - 1)
    expect(own(live.lines)).toEqual([])
    live.advance(NINE + minutes(20))
    live.advance(NINE + minutes(21))
    const expected = own(ran.events.map((e) => encodeTraceEvent(e)))
    expect(expected.map((l) => JSON.parse(l).subject)).toEqual(["nobody-worse-off", "in-the-phase"])
    expect(live.lines.slice(-2)).toEqual(expected)
    expect(own(live.lines)).toEqual(expected)
    // A drill of that scenario (its faults started by the drill's script, twin/serve/drill/drill-world.ts) alike.
    const drill: Drill = {
      id: "checks-in-trace",
      file: "checks-in-trace.yaml",
      name: withChecks.name,
      briefing: "",
      scenario: withChecks,
      incident: { fault: "blip", at: NINE + minutes(2) },
      diagnosis: { element: "ca-pop--ar-dc1-a", elements: ["ca-pop--ar-dc1-a"], fault: "link-down", services: ["otp-c"], participants: [], within: minutes(10) },
      actions: []
    }
    const world = new DrillWorld(drill)
    world.advance(NINE + minutes(20) - 1)
    expect(own(world.lines)).toEqual([])
    world.advance(NINE + minutes(20))
    world.advance(NINE + minutes(20))
    expect(world.lines.slice(-2)).toEqual(expected)
    expect(own(world.lines)).toEqual(expected)
  })

  it("refuses a live fault id the scenario already uses", () => {
    const live = new LiveSession({ scenario })
    live.advance(NINE + minutes(1))
    expect(live.apply({ type: "inject", fault: { kind: "link-down", link: "ca-pop--ar-dc1-b" }, id: "blip" })).toEqual(
      Result.fail('id: expected a fault id not used before, got "blip"')
    )
  })
})
