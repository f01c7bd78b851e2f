/** Runs a library scenario as `twin run` does (load, resolve, run, write the files) into a temporary folder. */
import { NodeServices } from "@effect/platform-node"
import { Effect } from "effect"
import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { catalogues } from "../../../scenarios/catalogues.ts"
import { executeScenario } from "../../../scenarios/execute.ts"
import { loadScenario } from "../../../scenarios/load.ts"
import type { Report } from "../../../scenarios/report/report.ts"

export const libraryPath = (name: string): string => fileURLToPath(new URL(`../../../scenarios/library/${name}`, import.meta.url))

export const runLibrary = async (name: string): Promise<{ readonly report: Report; readonly dir: string }> => {
  const scenario = await Effect.runPromise(loadScenario(libraryPath(name), { catalogues }).pipe(Effect.provide(NodeServices.layer)))
  const dir = mkdtempSync(join(tmpdir(), "library-"))
  const { report } = await executeScenario(scenario, dir)
  return { report, dir }
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
