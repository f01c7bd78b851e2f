/**
 * A scenario run in two parts (scenarios/run-in-parts.ts, `twin run --threads 2`): the one-world run's lines
 * with each instant's grouped by part, the same report and exports but for the engine's event count — with
 * nothing changed in the world, and with faults of every kind that changes it without a draw; the same bytes
 * on one lane or two (the worker builds its part's faults itself); with cutover phases whose go/no-go,
 * watches and post-checks judge both parts' systems at rendezvous, one rolling back and one gated out: every
 * line at its instant and each part's order the one world's; where parts draw from one stream or queue on
 * one capped link, one world from where they met, saying why.
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
import { foldScenario, simulationOf } from "../../scenarios/run.ts"
import type { Scenario } from "../../scenarios/scenario.ts"
import { scenarioPartData, scenarioPartWirings } from "../../scenarios/scenario-part.ts"
import { encodeTraceEvent, MemoryTrace, type TraceEvent } from "../../twin/engine/trace.ts"
import { WORLD_LEVEL } from "../../twin/simulate/merge-parts.ts"
import type { Rendezvous } from "../../twin/simulate/part-rendezvous.ts"
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

/**
 * Which part writes each line of `scenario`: each part run alone with what the scenario adds to it. A phase's
 * verdicts, which the parts take at rendezvous, are answered from the one-world trace (`scenario.check`: a
 * watched check that passed writes none); the lines the scenario writes itself are the first part's anyway.
 */
const partsOf = (scenario: Scenario, whole: ReadonlyArray<TraceEvent>): ReadonlyMap<string, number> => {
  const { model: _model, ...settings }: { model: unknown } & PartSettings = simulationOf(scenario)
  const data = scenarioPartData(scenario, foldScenario(scenario, { write: () => {} }).allChecks)
  const failed = new Set(whole.filter((e) => e.kind === "scenario.check" && (e.data as { verdict: string }).verdict === "fail").map((e) => `${e.subject}@${e.t}`))
  const partOf = new Map<string, number>()
  systemParts.forEach((part, i) => {
    let now = () => 0
    const meet = (<T>(name: string): T => ({ verdict: failed.has(`${name}@${now()}`) ? "fail" : "pass", summary: "", evidence: [], nothingToCheck: false }) as T) as Rendezvous
    const started = startPart(scenario.model, { ...part, wirings: [...part.wirings, ...scenarioPartWirings(part, data, meet)] }, settings)
    now = () => started.simulation.runtime.now
    for (const e of started.run().events) {
      const line = encodeTraceEvent(e)
      if (!partOf.has(line)) partOf.set(line, i)
    }
  })
  return partOf
}

/** The header and metrics stand where the first part's do; the world's own lines and the scenario's are the first part's. */
const firstPart = (e: TraceEvent) =>
  e.kind === "trace.start" || e.kind === "estate.layout" || e.kind === "metrics" || WORLD_LEVEL.has(e.kind) || e.kind.startsWith("scenario.")

/** A scenario's own check, judged once both parts have run: after their lines (run.ts `scenarioCheckLines`). */
const afterParts = (e: TraceEvent) => e.kind === "scenario.check" && e.data.role === "scenario"

/** Each line of `lines` (a trace) with its part (`systemParts.length`: after every part's). */
const withParts = (lines: ReadonlyArray<string>, partOf: ReadonlyMap<string, number>) =>
  lines.map((line, i) => {
    const e: TraceEvent = JSON.parse(line)
    return { e, line, part: afterParts(e) ? systemParts.length : firstPart(e) ? 0 : partOf.get(line), i }
  })

/** The one-world trace regrouped as a run in parts writes it: by instant, then part, each part's order kept. */
const regroup = (scenario: Scenario, whole: ReadonlyArray<string>) => {
  const parted = withParts(whole, partsOf(scenario, whole.map((l) => JSON.parse(l))))
  expect(parted.filter((r) => r.part === undefined)).toEqual([])
  return parted.sort((a, b) => a.e.t - b.e.t || a.part! - b.part! || a.i - b.i)
}

/** Runs `scenario` one world and in parts: the reports, exports and traces compared; the regrouped trace. */
const inPartsAgainstOneWorld = async (scenario: Scenario) => {
  const [one, two] = [await execute(scenario, 1), await execute(scenario, 2)]
  expect(one.ran).toEqual({ oneWorld: undefined })
  expect(two.ran).toEqual({ parts: [["otp-c"], ["otp-csc", "omd-c", "omd-cc", "ecp-sftp"]] })
  // The report: every verdict, summary, evidence and figure the same; the event count is a cost figure.
  const { run: runOne, files: _f1, ...reportOne } = one.report
  const { run: runTwo, files: _f2, ...reportTwo } = two.report
  expect(reportTwo).toEqual(reportOne)
  expect(runTwo.traceLines).toBe(runOne.traceLines)
  expect(runTwo.events - runOne.events).toBeGreaterThan(0)
  for (const file of ["affected.csv", "evidence.csv"]) expect(read(scenario, 2, file)).toBe(read(scenario, 1, file))
  const lines = (threads: number) => read(scenario, threads, "trace.ndjson").trimEnd().split("\n")
  const regrouped = regroup(scenario, lines(1))
  expect(lines(2).map(withoutCount)).toEqual(regrouped.map((r) => withoutCount(r.line)))
  return { report: reportOne, regrouped }
}

const shortWindow = (text: string) => text.replace(`to: "09:34"`, `to: "09:31"`)

// Faults of every kind that changes the world without a random draw or a shared queue, on every system:
// a gateway's node (the trading path), a participant's circuit flapping (both parts' sessions), the ECP
// servers' MTU, market data's multicast and RTS port, a publisher's clock, a duplicate logon, a stale route
// and, last, the primary site lost with DR taking over (the hosts' state kept across: dr-takeover.ts).
const faulted = `${baseline}faults:
  - {id: gw-crash, kind: node-crash, node: ocg-dc1-03, at: "09:28:40", for: 2m}
  - {id: flap, kind: link-flap, link: ca-pop-1--ar-dc1-a, period: 20s, at: "09:29", for: 90s}
  - id: ecp-mtu
    kind: compound
    at: "09:28:20"
    faults:
      - {kind: mtu-cut, link: ecp-sftp-dc1-1--new-dist-dc1-a, mtu: 1400}
      - {kind: mtu-cut, link: ecp-sftp-dc1-1--new-dist-dc1-b, mtu: 1400}
  - {id: no-pim, kind: multicast-not-forwarded, node: new-dist-dc1-b, at: "09:30", for: 1m}
  - {id: rts-blocked, kind: firewall-port-blocked, node: fw-dc1-a, port: rts, at: "09:30:30"}
  - {id: skew, kind: publisher-clock-skew, node: omdc-pub-dc1-a, skew: 3s, at: "09:31", for: 1m}
  - {id: dup, kind: duplicate-logon, compId: P0001T01, at: "09:31:10"}
  - {id: stale, kind: wrong-route, unit: access-dc1-a, at: "09:31:30", for: 1m}
  - {id: dc1-lost, kind: site-loss, site: dc1, dr: true, drAfter: 30s, at: "09:33"}
`

// Cutover phases on the old backbone: phase 1's go/no-go judges market data's health (the other part's
// system), its PRT the trading sessions, and its watch market data again, which the fault on the new plane-B
// router makes fail at 09:31; phase 2 is gated on phase 1; phase 3 starts whatever happened, judged on every
// system (China Connect's northbound watched).
const phased = `name: Phases across the parts
purpose: Cutover phases whose go/no-go, watches and post-checks judge both parts' systems; one rolls back.
estate: default
seed: 5
calendar: {from: "09:28", to: "09:36"}
moved: []
checks:
  - {id: executions, check: executions-exactly-once}
  - {id: gaps, check: omd-unrecovered-gaps}
faults:
  - {id: no-pim, kind: multicast-not-forwarded, node: new-dist-dc1-b, at: "09:30:20", for: 2m}
phases:
  - id: phase-1
    name: dc1 plane B
    preChecks:
      - {id: go-omd, check: health, service: omd-c, worst: served-without-redundancy}
    steps:
      - {at: "09:29", move: [access-dc1-b]}
      - {at: "09:29:30", move: [omdc-dc1-line-b, omdcc-dc1-line-b]}
    postChecks:
      - {id: prt-sessions, at: "09:32", check: ocg-session-recovery, within: 3m}
    rollback:
      watch:
        - {id: watch-omd, check: health, service: omd-c, worst: served, maxParticipants: 200}
      cutoff: "09:33"
      takes: 1m
  - id: phase-2
    name: dc2 plane B
    requires: [phase-1]
    steps:
      - {at: "09:33:30", move: [access-dc2-b]}
  - id: phase-3
    name: dc1 plane A
    requires: none
    preChecks:
      - {id: go-otp, check: health, service: otp-c, worst: served-without-redundancy}
    steps:
      - {at: "09:34", move: [access-dc1-a]}
    postChecks:
      - {id: prt-all, at: "09:35:30", check: health, service: all, worst: as-before}
      - {id: prt-ecp, at: "09:35:30", check: ecp-deadlines}
    rollback:
      watch:
        - {id: watch-csc, check: csc-northbound-available}
      cutoff: "09:35:45"
      takes: 10s
`

describe("a scenario in parts (twin run --threads 2)", () => {
  it("with nothing changed in the world: the one-world trace with each instant's lines grouped by part, and the same report", async () => {
    const scenario = await load("baseline.yaml", baseline)
    expect(oneWorldReason(scenario)).toBeUndefined()
    const { report, regrouped } = await inPartsAgainstOneWorld(scenario)
    // Every check judged something; \`health\` at \`served\` fails across the logons, so its evidence is compared too.
    expect(report.checks.filter((c) => c.nothingToCheck).map((c) => c.id)).toEqual([])
    expect(report.checks.filter((c) => c.verdict === "fail").map((c) => [c.id, c.evidenceCount > 0])).toEqual([["health", true]])
    // The instruments and the opening line, each from its part; both parts' systems in it.
    const kinds = new Map(regrouped.map((r) => [r.e.kind, r.part]))
    expect([kinds.get("ocg.executions"), kinds.get("scenario.start"), kinds.get("ocg.session")]).toEqual([0, 0, 0])
    expect([kinds.get("route.latency"), kinds.get("ecp.transfer")]).toEqual([1, 1])
  }, 180_000)

  it("with faults of every kind that draws nothing: the same, the faults' lines and the world's once", async () => {
    const scenario = await load("faulted.yaml", faulted)
    expect(oneWorldReason(scenario)).toBeUndefined()
    const { report, regrouped } = await inPartsAgainstOneWorld(scenario)
    expect(report.faults.map((f) => f.id).sort()).toEqual(["dc1-lost", "dup", "ecp-mtu", "flap", "gw-crash", "no-pim", "rts-blocked", "skew", "stale"])
    const count = (kind: string) => regrouped.filter((r) => r.e.kind === kind).length
    // Each fault's start (and end, where it has one) once; the world's changes once, from the first part.
    expect(count("scenario.fault")).toBe(9 + 5)
    expect(count("world.change")).toBeGreaterThan(20)
    // Checks failed, with evidence naming the faults: causes are read from the merged trace alike.
    expect(report.checks.filter((c) => c.verdict === "fail").length).toBeGreaterThan(2)
    expect(report.checks.flatMap((c) => c.evidence).some((e) => "cause" in e)).toBe(true)
  }, 180_000)

  it("gives the same bytes on one lane and on two: the worker builds its part's faults from plain data", async () => {
    const scenario = await load("lanes.yaml", shortWindow(faulted).replace(/\n {2}- \{id: (skew|dup|stale|dc1-lost)[^\n]*/g, ""))
    expect(scenario.faults.length).toBe(5)
    const run = (workers: number) => {
      const trace = new MemoryTrace()
      return Effect.runPromise(runScenarioInParts(scenario, { trace, workers }, Effect.void, Effect.void)).then(({ report, checks, summary }) => ({ report, checks, summary, lines: trace.events.map(encodeTraceEvent) }))
    }
    const [one, two] = [await run(1), await run(2)]
    expect(two.summary.oneWorld).toBeUndefined()
    expect(one.lines.length).toBeGreaterThan(1_000)
    expect(one.lines.filter((l) => l.includes('"kind":"world.change"')).length).toBeGreaterThan(5)
    expect(two.lines).toEqual(one.lines)
    expect(two.report).toEqual(one.report)
    expect(two.checks).toEqual(one.checks)
  }, 120_000)

  it("runs in one world where two parts drew from the run's one stream or queued on one capped link, and says so", async () => {
    // A participant's circuit carries its OCG-C sessions (the trading path) and its SFTP and RTS (the other part).
    for (const [name, fault, reason] of [
      ["lossy", "{id: lossy, kind: link-loss, link: ca-pop-1--ar-dc1-a, percent: 20, at: \"09:28:30\", for: 1m}", "2 parts drew at random from the run's one stream (lossy or jittery links)"],
      ["capped", "{id: capped, kind: bandwidth-cap, link: ca-pop-1--ar-dc1-a, mbps: 1, at: \"09:28:30\", for: 1m}", "parts queued on the capped links ca-pop-1--ar-dc1-a"]
    ] as const) {
      const scenario = await load(`${name}.yaml`, `${shortWindow(baseline)}faults:\n  - ${fault}\n`)
      expect(oneWorldReason(scenario)).toBeUndefined()
      const [one, two] = [await execute(scenario, 1), await execute(scenario, 2)]
      expect(two.ran).toEqual({ oneWorld: reason, afterParts: true })
      expect(read(scenario, 2, "trace.ndjson")).toBe(read(scenario, 1, "trace.ndjson"))
      expect(two.report.run).toEqual(one.report.run)
      // The parts stop where they are seen to have met, not at the end. On one lane (the parts one after the
      // other here, every pause seen): the trading part's pauses climb to the end, the other part's stop at
      // the first pause after it met the first (the fault starts at 09:28:30), then one world's climb.
      const steps: Array<number> = []
      const { summary } = await Effect.runPromise(runScenarioInParts(scenario, { trace: { write: () => {} }, workers: 1, onStep: (now) => void steps.push(now) }, Effect.void, Effect.void))
      expect(summary.oneWorld).toBe(reason)
      const climbs = steps.reduce<Array<Array<number>>>((all, now, i) => (i > 0 && now < steps[i - 1]! ? [...all, [now]] : [...all.slice(0, -1), [...(all.at(-1) ?? []), now]]), [])
      expect(climbs.map((c) => c.at(-1))).toEqual([scenario.window.to, expect.any(Number), scenario.window.to])
      expect(climbs[1]!.at(-1)).toBeLessThan(scenario.window.from + 60_000_000)
    }
  }, 180_000)

  it("with phases: each judgment a rendezvous of the parts, so both take the one world's decisions on both parts' lines", async () => {
    const scenario = await load("phased.yaml", phased)
    expect(oneWorldReason(scenario)).toBeUndefined()
    const [one, two] = [await execute(scenario, 1), await execute(scenario, 2)]
    expect(two.ran).toEqual({ parts: [["otp-c"], ["otp-csc", "omd-c", "omd-cc", "ecp-sftp"]] })
    // The decisions: the watch on market data's health (the worker's part) passed at 09:30 and failed at 09:31
    // after the fault, phase 1 rolled back, phase 2 (gated on it) did not start, phase 3 ran on.
    expect(one.report.phases.map((p) => p.outcome)).toEqual(["rolled-back", "not-started", "completed"])
    expect(one.report.phases[0]!.rollback?.reason).toMatch(/^watched check watch-omd failed: \d+ participants worse than served on omd-c/)
    const { run: runOne, files: _f1, ...reportOne } = one.report
    const { run: runTwo, files: _f2, ...reportTwo } = two.report
    expect(reportTwo).toEqual(reportOne)
    expect(runTwo.traceLines).toBe(runOne.traceLines)
    for (const file of ["affected.csv", "evidence.csv"]) expect(read(scenario, 2, file)).toBe(read(scenario, 1, file))
    // The traces: the same lines at each instant, in time order, and each part's lines in the one world's order
    // (at an instant, lines written before a rendezvous come before it in both parts).
    const lines = (threads: number) => read(scenario, threads, "trace.ndjson").trimEnd().split("\n").map(withoutCount)
    const [whole, parted] = [lines(1), lines(2)]
    const byInstant = (ls: ReadonlyArray<string>) => {
      const m = new Map<number, Array<string>>()
      for (const l of ls) {
        const t: number = JSON.parse(l).t
        m.set(t, [...(m.get(t) ?? []), l])
      }
      return [...m].map(([t, at]) => [t, at.sort()] as const)
    }
    expect(byInstant(parted)).toEqual(byInstant(whole))
    expect(parted.map((l) => JSON.parse(l).t)).toEqual(whole.map((l) => JSON.parse(l).t))
    const partOf = partsOf(scenario, read(scenario, 1, "trace.ndjson").trimEnd().split("\n").map((l) => JSON.parse(l)))
    const ofPart = (ls: ReadonlyArray<string>, p: number) => withParts(ls, new Map([...partOf].map(([l, q]) => [withoutCount(l), q]))).filter((r) => r.part === p).map((r) => r.line)
    expect(withParts(whole, new Map([...partOf].map(([l, q]) => [withoutCount(l), q]))).filter((r) => r.part === undefined)).toEqual([])
    for (const p of [0, 1]) expect(ofPart(parted, p)).toEqual(ofPart(whole, p))
  }, 180_000)

  it("with phases, parts that meet after their rendezvous wrote lines: one world's trace from its start, byte for byte", async () => {
    // The lines merged at the rendezvous of 09:28–09:32 went to the file as the parts ran; the parts meet on a
    // lossy circuit at 09:32:30, and the run starts the trace again in one world.
    const lossy = "  - {id: lossy, kind: link-loss, link: ca-pop-1--ar-dc1-a, percent: 20, at: \"09:32:30\", for: 1m}\n"
    const scenario = await load("phased-lossy.yaml", phased.replace("phases:\n", `${lossy}phases:\n`))
    expect(scenario.faults.map((f) => f.id)).toEqual(["no-pim", "lossy"])
    const [one, two] = [await execute(scenario, 1), await execute(scenario, 2)]
    expect(two.ran).toEqual({ oneWorld: "2 parts drew at random from the run's one stream (lossy or jittery links)", afterParts: true })
    expect(read(scenario, 2, "trace.ndjson")).toBe(read(scenario, 1, "trace.ndjson"))
    expect(two.report.run).toEqual(one.report.run)
  }, 180_000)

  it("refuses a scenario with phases on one thread: its parts must run side by side to meet", async () => {
    const scenario = await load("phased-refused.yaml", phased)
    await expect(Effect.runPromise(runScenarioInParts(scenario, { trace: { write: () => {} }, workers: 1 }, Effect.void, Effect.void))).rejects.toThrow(
      /phased-refused cannot run in parts: its phases meet across the parts, which must run on two threads/
    )
  }, 60_000)
})
