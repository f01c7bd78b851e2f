/** Runs a library scenario as `twin run` does (load, resolve, run, write the files) into a temporary folder. */
import * as NodeServices from "@effect/platform-node/NodeServices"
import { Effect, Schema } from "effect"
import { afterAll } from "vitest"
import { createReadStream, mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { createInterface } from "node:readline"
import { fileURLToPath } from "node:url"
import { catalogues } from "../../../scenarios/catalogues.ts"
import { executeScenario } from "../../../scenarios/execute.ts"
import { loadScenario } from "../../../scenarios/load.ts"
import { Report } from "../../../scenarios/report/report.ts"
import type { Scenario } from "../../../scenarios/scenario.ts"
import type { TraceEvent } from "../../../twin/engine/trace.ts"
import { sharedTwinRun } from "../../support/shared-outputs.ts"
import { type Agreement, agreementFrom } from "../../twin/impact/support.ts"

export const libraryPath = (name: string): string => fileURLToPath(new URL(`../../../scenarios/library/${name}`, import.meta.url))

export interface LibraryRun {
  readonly scenario: Scenario
  readonly report: Report
  readonly dir: string
}

/** The folders this test file's runs wrote, removed when its tests are done (a drill's trace can be 300 MB). */
const written: Array<string> = []
afterAll(() => {
  for (const dir of written.splice(0)) rmSync(dir, { recursive: true, force: true })
})

export const runLibrary = async (name: string): Promise<LibraryRun> => {
  const scenario = await Effect.runPromise(loadScenario(libraryPath(name), { catalogues }).pipe(Effect.provide(NodeServices.layer)))
  const dir = mkdtempSync(join(tmpdir(), "library-"))
  written.push(dir)
  const { report } = await executeScenario(scenario, dir)
  return { scenario, report, dir }
}

const runs = new Map<string, Promise<LibraryRun>>()

/**
 * `runLibrary`, once per scenario and test file: a scenario's verdict test and its impact-agreement test
 * share the run (vitest runs a file's tests in order, in one module instance). A scenario the viewer's
 * browser tests also play is read from their shared `twin run` instead (viewedByBrowserTests).
 */
export const sharedRun = (name: string): Promise<LibraryRun> => {
  let run = runs.get(name)
  if (run === undefined) runs.set(name, (run = viewedByBrowserTests.has(name) ? readSharedTwinRun(name) : runLibrary(name)))
  return run
}

/**
 * Library scenarios that test/viewer/browser/*.test.ts also run, through `twin run` made once per vitest
 * run (test/support/shared-outputs.ts): the library test reads that run's report.json (decoded by the
 * report's schema) and trace rather than simulating the drill once more. `twin run` writes its files with
 * the same function as `runLibrary` (scenarios/execute.ts runScenarioFiles).
 */
const viewedByBrowserTests: ReadonlySet<string> = new Set(["drills/broken-plan-lines-together.yaml"])

const readSharedTwinRun = async (name: string): Promise<LibraryRun> => {
  const run = await sharedTwinRun(`scenarios/library/${name}`)
  // 0: every check passed, 1: some failed; anything else is no run (bad input, a crash).
  if (run.status !== 0 && run.status !== 1) throw new Error(`twin run scenarios/library/${name}: exit ${run.status}: ${run.stderr}`)
  const scenario = await Effect.runPromise(loadScenario(libraryPath(name), { catalogues }).pipe(Effect.provide(NodeServices.layer)))
  const report = Schema.decodeUnknownSync(Report)(JSON.parse(readFileSync(join(run.dir, "report.json"), "utf8")))
  return { scenario, report, dir: run.dir }
}

/**
 * The events of the trace a run wrote (`<dir>/trace.ndjson`) whose kind is one of `kinds`. Streamed line by
 * line: a drill's trace can be hundreds of megabytes, and only the lines that can match are parsed.
 */
export const traceEvents = async (dir: string, kinds: ReadonlyArray<string>): Promise<ReadonlyArray<TraceEvent>> => {
  const marks = kinds.map((k) => `"kind":${JSON.stringify(k)}`)
  const out: Array<TraceEvent> = []
  const lines = createInterface({ input: createReadStream(join(dir, "trace.ndjson"), "utf8"), crlfDelay: Infinity })
  for await (const line of lines) {
    if (!marks.some((m) => line.includes(m))) continue
    const e = JSON.parse(line) as TraceEvent
    if (kinds.includes(e.kind)) out.push(e)
  }
  return out
}

/** The impact engine against the message engine (test/twin/impact/support.ts) on a library scenario's shared run. */
export const agreementOf = async (name: string): Promise<Agreement> => {
  const { scenario, report, dir } = await sharedRun(name)
  return agreementFrom(scenario, report.phases.flatMap((p) => p.steps), await traceEvents(dir, ["health"]))
}

/** `{check id: verdict}` for every check of a report. */
export const verdicts = (report: Report): Record<string, string> => Object.fromEntries(report.checks.map((c) => [c.id, c.verdict]))

/** The participants a check's evidence names, sorted and unique. */
export const named = (report: Report, check: string): ReadonlyArray<string> => {
  const c = report.checks.find((x) => x.id === check)
  if (c === undefined) throw new Error(`no check ${check}`)
  return [...new Set(c.evidence.flatMap((e) => (e.participant === undefined ? [] : [e.participant])))].sort()
}

/** The market rehearsals' service-level checks, each expected to pass (the library's rehearsal files share the ids). */
export const slo = {
  "omd-c-never-without-both-lines": "pass",
  "omd-cc-never-without-both-lines": "pass",
  "no-unrecovered-gaps": "pass",
  "sessions-recover-within-3m": "pass",
  "no-execution-lost-or-duplicated": "pass",
  "csc-northbound-available": "pass",
  "ecp-files-on-time": "pass",
  "nobody-degraded-or-down": "pass",
  "otp-c-latency-added-under-50us": "pass",
  "omd-c-latency-added-under-50us": "pass"
}
