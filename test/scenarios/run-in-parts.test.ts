/**
 * A scenario that changes nothing in the world, run in two parts (scenarios/run-in-parts.ts, `twin run
 * --threads 2`): the one-world run's lines with each instant's grouped by part, the same report and exports
 * but for the engine's event count; the same bytes on one lane or two; a scenario with a fault runs in one
 * world and says why.
 */
import * as NodeServices from "@effect/platform-node/NodeServices"
import { Effect } from "effect"
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { catalogues } from "../../scenarios/catalogues.ts"
import { runScenarioFiles } from "../../scenarios/execute.ts"
import { loadScenario } from "../../scenarios/load.ts"
import { oneWorldReason, runScenarioInParts } from "../../scenarios/run-in-parts.ts"
import { foldScenario, scenarioStart } from "../../scenarios/run.ts"
import type { Scenario } from "../../scenarios/scenario.ts"
import { encodeTraceEvent, MemoryTrace, type TraceEvent } from "../../twin/engine/trace.ts"
import { type PartSettings, startPart, systemParts } from "../../twin/simulate/parts.ts"

const dir = mkdtempSync(join(tmpdir(), "run-in-parts-"))

// Across the opening of continuous trading on the new backbone: logons, orders, executions, market data,
// SFTP, China Connect; checks of every system.
const baseline = `name: Across the opening
purpose: A rehearsal's opening, nothing changed in the world.
estate: default
seed: 5
calendar: {from: "09:28", to: "09:34"}
moved: all
checks:
  - {id: dual-lines, check: omd-dual-line-loss, service: omd-c, max: 0s}
  - {id: gaps, check: omd-unrecovered-gaps}
  - {id: recovery, check: ocg-session-recovery, within: 3m}
  - {id: executions, check: executions-exactly-once}
  - {id: northbound, check: csc-northbound-available}
  - {id: ecp, check: ecp-deadlines}
  - {id: health, check: health, service: all, worst: served}
  - {id: latency, check: added-latency, service: otp-c, max: 50us}
`

const load = (name: string, text: string): Promise<Scenario> => {
  const path = join(dir, name)
  writeFileSync(path, text)
  return Effect.runPromise(loadScenario(path, { catalogues }).pipe(Effect.provide(NodeServices.layer)))
}

const execute = (scenario: Scenario, threads: number) =>
  Effect.runPromise(runScenarioFiles(scenario, join(dir, `${scenario.id}-${threads}`), { threads }).pipe(Effect.provide(NodeServices.layer)))

const read = (scenario: Scenario, threads: number, file: string) => readFileSync(join(dir, `${scenario.id}-${threads}`, file), "utf8")

/** A metrics line without its event count (a cost figure: each part also counts its own hooks). */
const withoutCount = (line: string) => line.replace(/,"events":\d+\}\}$/, "}}")

describe("a scenario in parts (twin run --threads 2)", () => {
  it("is the one-world trace with each instant's lines grouped by part, and the same report", async () => {
    const scenario = await load("baseline.yaml", baseline)
    expect(oneWorldReason(scenario)).toBeUndefined()
    const [one, two] = [await execute(scenario, 1), await execute(scenario, 2)]
    expect(one.ran).toEqual({ oneWorld: undefined })
    expect(two.ran).toEqual({ parts: [["otp-c"], ["otp-csc", "omd-c", "omd-cc", "ecp-sftp"]] })
    // The report: every verdict, summary, evidence and figure the same; the event count is a cost figure.
    const { run: runOne, files: _f1, ...reportOne } = one.report
    const { run: runTwo, files: _f2, ...reportTwo } = two.report
    expect(reportTwo).toEqual(reportOne)
    expect(runTwo.traceLines).toBe(runOne.traceLines)
    expect(runTwo.events - runOne.events).toBeGreaterThan(0)
    expect(runTwo.events - runOne.events).toBeLessThan(30)
    // Every check judged something; `health` at `served` fails across the logons, so its evidence is compared too.
    expect(reportOne.checks.filter((c) => c.nothingToCheck).map((c) => c.id)).toEqual([])
    expect(reportOne.checks.filter((c) => c.verdict === "fail").map((c) => [c.id, c.evidenceCount > 0])).toEqual([["health", true]])
    for (const file of ["affected.csv", "evidence.csv"]) expect(read(scenario, 2, file)).toBe(read(scenario, 1, file))

    // Which part wrote each line: run the parts alone, with what the scenario adds to each.
    const settings: PartSettings = {
      seed: scenario.seed,
      window: scenario.window,
      moved: scenario.moved,
      metricsEvery: scenario.engine.metricsEvery,
      convergenceDelay: scenario.engine.convergence,
      startupGrace: scenario.engine.startupGrace,
      settings: scenario.settings,
      scenario: { id: scenario.id, start: scenarioStart(scenario, foldScenario(scenario, { write: () => {} }).allChecks) }
    }
    const partOf = new Map<string, number>()
    systemParts.forEach((part, i) => {
      for (const e of startPart(scenario.model, part, settings).run().events) partOf.set(encodeTraceEvent(e), i)
    })
    const lines = (threads: number) => read(scenario, threads, "trace.ndjson").trimEnd().split("\n")
    const whole = lines(1)
    const events: ReadonlyArray<TraceEvent> = whole.map((l) => JSON.parse(l))
    const header = new Set(["trace.start", "estate.layout", "metrics"])
    const regrouped = events
      .map((e, i) => ({ e, line: whole[i]!, part: header.has(e.kind) ? 0 : partOf.get(whole[i]!), i }))
      .sort((a, b) => a.e.t - b.e.t || a.part! - b.part! || a.i - b.i)
    expect(regrouped.filter((r) => r.part === undefined)).toEqual([])
    expect(lines(2).map(withoutCount)).toEqual(regrouped.map((r) => withoutCount(r.line)))
    // The instruments and the opening line are in it, each from its part.
    const kinds = new Map(regrouped.map((r) => [r.e.kind, r.part]))
    expect(kinds.get("ocg.executions")).toBe(0)
    expect(kinds.get("route.latency")).toBe(1)
    expect(kinds.get("scenario.start")).toBe(1)
    expect(kinds.get("ocg.session")).toBe(0)
    expect(kinds.has("omd.publish") || [...kinds.keys()].some((k) => k.startsWith("omd."))).toBe(true)
  }, 180_000)

  it("gives the same bytes on one lane and on two", async () => {
    const scenario = await load("lanes.yaml", baseline.replace(`to: "09:34"`, `to: "09:31"`))
    const run = (workers: number) => {
      const trace = new MemoryTrace()
      return Effect.runPromise(runScenarioInParts(scenario, { trace, workers }, Effect.void)).then(({ report, checks }) => ({ report, checks, lines: trace.events.map(encodeTraceEvent) }))
    }
    const [one, two] = [await run(1), await run(2)]
    expect(one.lines.length).toBeGreaterThan(1_000)
    expect(two.lines).toEqual(one.lines)
    expect(two.report).toEqual(one.report)
    expect(two.checks).toEqual(one.checks)
  }, 120_000)

  it("runs a scenario with a fault in one world, says why, and writes the one-world trace", async () => {
    const faulted = await load("faulted.yaml", baseline.replace(`to: "09:34"`, `to: "09:31"`) + `faults:\n  - {id: cut, kind: link-down, link: ca-pop-1--ar-dc1-a, at: "09:29", for: 30s}\n`)
    const reason = oneWorldReason(faulted)
    expect(reason).toBe("its faults change the world for every system at once")
    const [one, two] = [await execute(faulted, 1), await execute(faulted, 2)]
    expect(two.ran).toEqual({ oneWorld: reason })
    expect(read(faulted, 2, "trace.ndjson")).toBe(read(faulted, 1, "trace.ndjson"))
    expect(two.report.run).toEqual(one.report.run)
    await expect(Effect.runPromise(runScenarioInParts(faulted, { trace: { write: () => {} }, workers: 1 }, Effect.void))).rejects.toThrow(/cannot run in parts/)
  }, 120_000)
})
