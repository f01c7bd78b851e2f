/**
 * The report's exports for notifying participants and for working through the evidence in a spreadsheet:
 * `affected.csv` (one row per participant and service the run harmed, in report.json's `affected`
 * order: health's worst first, then those failing checks named) and `evidence.csv` (every piece of evidence of every check, not only the first
 * EVIDENCE_CAP report.json keeps). Pure; the runner writes the files (scenarios/execute.ts).
 * Columns and units are documented in docs/report-format.md; times of day as report.md prints them
 * (`09:30:00`, `.250` when there are milliseconds), durations in seconds.
 */
import { csvSeconds, renderCsv } from "../../twin/contract/csv.ts"
import { clock, worstText } from "./describe.ts"
import type { Report } from "./report.ts"

export const AFFECTED_CSV_HEADER = [
  "participant", "service", "worst", "from", "to", "down_seconds", "degraded_seconds", "without_redundancy_seconds", "cause", "cause_at", "detail",
  "source", "checks"
] as const

/**
 * `to` is empty when the participant was still worse than by design when the run ended. `source` says who
 * judged it harmed: `health` (its status got worse than by design), or `check` — named by failing checks
 * (`checks`, their ids `;`-separated) while its status never got worse, `worst` then the check's words.
 */
export const renderAffectedCsv = (affected: Report["affected"]): string =>
  renderCsv(AFFECTED_CSV_HEADER, affected.map((a) => [
    a.participant,
    a.service,
    worstText(a, (status) => status),
    clock(a.firstAt),
    a.recoveredAt === undefined ? undefined : clock(a.recoveredAt),
    csvSeconds(a.time.down),
    csvSeconds(a.time.degraded),
    csvSeconds(a.time["served-without-redundancy"]),
    a.cause,
    clock(a.causeAt),
    a.detail,
    a.check === undefined ? "health" : "check",
    a.check?.checks.join(";")
  ]))

export const EVIDENCE_CSV_HEADER = [
  "check", "kind", "role", "phase", "verdict", "participant", "service", "subject", "from", "to", "duration_seconds", "detail", "cause"
] as const

/** Every piece of every check, checks in the report's order; `to` and `duration_seconds` empty while the condition was still on. */
export const renderEvidenceCsv = (checks: ReadonlyArray<Report["checks"][number]>): string =>
  renderCsv(EVIDENCE_CSV_HEADER, checks.flatMap((c) => c.evidence.map((e) => [
    c.id,
    c.kind,
    c.role,
    c.phase,
    c.verdict,
    e.participant,
    e.service,
    e.subject,
    clock(e.from),
    e.to === undefined ? undefined : clock(e.to),
    e.to === undefined ? undefined : csvSeconds(e.to - e.from),
    e.detail,
    e.cause
  ])))
