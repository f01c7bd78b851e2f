/**
 * What `twin run` prints besides the verdict table: for a folder, one verdict line per scenario and a
 * closing count; with `--json` a summary per run; with `--csv` the checks and phases of each run, one row
 * each (the verdict table as a spreadsheet). The exit code of a folder is the worst of its runs: 2 (bad
 * input) over 1 (a check failed or a phase did not complete) over 0.
 */
import { renderCsv } from "../contract/csv.ts"
import { plural } from "../../scenarios/format/plural.ts"
import { clock, verdictDetail } from "../../scenarios/report/describe.ts"
import type { Report } from "../../scenarios/report/report.ts"

/** One run of `twin run FOLDER --json`: enough to act on without opening report.json. */
export interface RunSummary {
  readonly file: string
  /** Absent when the file was bad input (then `issues` says why). */
  readonly scenario?: string
  readonly verdict: "pass" | "fail" | "bad-input"
  readonly exitCode: 0 | 1 | 2
  readonly failedChecks?: ReadonlyArray<string>
  readonly phasesNotCompleted?: ReadonlyArray<{ readonly id: string; readonly outcome: string }>
  readonly affected?: number
  readonly files?: Report["files"]
  readonly issues?: ReadonlyArray<string>
}

export const exitCodeOf = (report: Report): 0 | 1 => (report.verdict === "fail" ? 1 : 0)

export const runSummary = (file: string, report: Report): RunSummary => ({
  file,
  scenario: report.scenario.id,
  verdict: report.verdict,
  exitCode: exitCodeOf(report),
  failedChecks: report.checks.filter((c) => c.verdict === "fail").map((c) => c.id),
  phasesNotCompleted: report.phases.filter((p) => p.outcome !== "completed").map((p) => ({ id: p.id, outcome: p.outcome })),
  affected: report.affected.length,
  files: report.files
})

export const badInputSummary = (file: string, issues: ReadonlyArray<string>): RunSummary => ({ file, verdict: "bad-input", exitCode: 2, issues })

/** `PASS  scenarios/library/drills/flapping-link.yaml — 4 checks, 0 failed (12.3 s) → out/flapping-link/report.html` */
export const verdictLine = (file: string, report: Report, wallSeconds: number): string =>
  `${report.verdict === "pass" ? "PASS" : "FAIL"}  ${file} — ${verdictDetail(report)} (${wallSeconds.toFixed(1)} s)` +
  ` → ${report.files.html !== "" ? report.files.html : report.files.json}`

/** `7 scenarios: 6 passed, 1 failed, 0 bad input — exit 1` */
export const folderLine = (runs: ReadonlyArray<RunSummary>): string => {
  const count = (v: RunSummary["verdict"]) => runs.filter((r) => r.verdict === v).length
  return `${plural(runs.length, "scenario")}: ${count("pass")} passed, ${count("fail")} failed, ${count("bad-input")} bad input — exit ${worstExitCode(runs)}`
}

export const worstExitCode = (runs: ReadonlyArray<RunSummary>): 0 | 1 | 2 =>
  runs.reduce<0 | 1 | 2>((worst, r) => (r.exitCode > worst ? r.exitCode : worst), 0)

export const RUN_CSV_HEADER = ["scenario", "file", "type", "id", "kind", "role", "phase", "at", "verdict", "evidence_count", "summary"] as const

/**
 * The phases (`type` phase: `at` its start, `verdict` its outcome, `summary` why it did not complete), then
 * the checks (`at` when the verdict was taken) of one run, in the report's order.
 */
export const runCsvRows = (file: string, report: Report): ReadonlyArray<ReadonlyArray<string | number | undefined>> => [
  ...report.phases.map((p) => [report.scenario.id, file, "phase", p.id, undefined, undefined, undefined, clock(p.from), p.outcome, undefined, p.rollback?.reason ?? p.reason]),
  ...report.checks.map((c) => [report.scenario.id, file, "check", c.id, c.kind, c.role, c.phase, clock(c.at), c.verdict, c.evidenceCount, c.summary])
]

export const renderRunCsv = (runs: ReadonlyArray<{ readonly file: string; readonly report: Report }>): string =>
  renderCsv(RUN_CSV_HEADER, runs.flatMap((r) => runCsvRows(r.file, r.report)))
