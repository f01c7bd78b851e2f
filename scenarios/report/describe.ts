/**
 * The words both renderers use for a report's figures, so report.md and report.html say the same thing the
 * same way: clock times without a `.000` tail, windows, check roles, status names and the caps on long lists.
 */
import { HEALTH_STATUSES, type HealthStatus, TROUBLE_STATUSES } from "../../twin/contract/health.ts"
import { formatClock, type Micros } from "../../twin/engine/time.ts"
import { formatDuration } from "../format/duration.ts"
import type { Report, ReportCheck, ReportEvidence, ReportPhase } from "./report.ts"
import { plural } from "../format/plural.ts"

export type Check = typeof ReportCheck.Type
export type Evidence = typeof ReportEvidence.Type
export type Phase = typeof ReportPhase.Type

/** The statuses a participant can have for a service, best first: the stacking order of the health charts. */
export const STATUSES = HEALTH_STATUSES
export type Status = HealthStatus
/** The statuses that count as affected, worst first (the order of columns and bar segments). */
export const TROUBLE = TROUBLE_STATUSES

export const statusLabel: Record<Status, string> = {
  served: "served",
  "served-without-redundancy": "without redundancy",
  degraded: "degraded",
  down: "down"
}

/** Rows of evidence shown per failed check in report.md (report.html shows all the report holds). */
export const MARKDOWN_EVIDENCE_ROWS = 20
/** Rows of the affected table in report.md. */
export const MARKDOWN_AFFECTED_ROWS = 50
/** Bars in report.html's affected chart. */
export const AFFECTED_CHART_BARS = 30

/** `09:30:00` or `09:30:00.250`: the milliseconds only when there are some. */
export const clock = (t: Micros): string => {
  const text = formatClock(t)
  return text.endsWith(".000") ? text.slice(0, -4) : text
}

/** `09:30:00–09:45:00`; an open window (a fault still on at the end of the run) as `09:30:00–…`. */
export const clockSpan = (from: Micros, to: Micros | undefined): string =>
  `${clock(from)}–${to === undefined ? "…" : clock(to)}`

/** The run's window, `06:00:00–12:30:00`, and `of a half trading day` when its day kept the half-day timetable. */
export const windowText = (window: { readonly from: Micros; readonly to: Micros; readonly timetable?: string }): string =>
  `${clockSpan(window.from, window.to)}${window.timetable === "half-day" ? " of a half trading day (no afternoon session)" : ""}`

/** A time spent in a status, `1m30s`; none at all as `—` so the eye skips it in a table. */
export const duration = (us: Micros): string => (us === 0 ? "—" : formatDuration(Math.round(us)))

/** Said beside the verdict of a check that judged nothing in its window (report.md, report.html, the CLI table). */
export const NOTHING_TO_CHECK_NOTE = "nothing to check"

/** `pass`, `FAIL`, or either with `— nothing to check` when the check judged nothing. */
export const verdictText = (check: Pick<Check, "verdict" | "nothingToCheck">): string =>
  `${check.verdict === "pass" ? "pass" : "FAIL"}${check.nothingToCheck ? ` — ${NOTHING_TO_CHECK_NOTE}` : ""}`

/** `scenario`, `pre-check of phase-1`, `post-check of phase-2`. */
export const checkRole = (check: Check): string =>
  check.role === "scenario" || check.phase === undefined ? check.role : `${check.role} of ${check.phase}`

/** The step of a phase as people read it: `move a, b`, `move back a` or `move a; move back b`. */
export const stepText = (step: Phase["steps"][number]): string =>
  [
    ...(step.move.length === 0 ? [] : [`move ${step.move.join(", ")}`]),
    ...(step.back.length === 0 ? [] : [`move back ${step.back.join(", ")}`])
  ].join("; ") || "no units"

/** A step that only moves units back (a rollback or the return leg of a phase). */
export const isBackStep = (step: Phase["steps"][number]): boolean => step.move.length === 0 && step.back.length > 0

/** Who a piece of evidence is about: the participant, else the subject, else nothing. */
export const evidenceWho = (evidence: Evidence): string => evidence.participant ?? evidence.subject ?? ""

/** Parameters as written, compact and in the report's key order. */
export const paramsText = (params: Readonly<Record<string, unknown>>): string =>
  Object.entries(params)
    .map(([key, value]) => `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`)
    .join(", ")

/** Why the verdict is what it is: `3 checks, 1 failed; 1 phase not completed` (a phase that did not complete
 * fails the run even when every check passed). */
export const verdictDetail = (report: Report): string => {
  const failed = report.checks.filter((check) => check.verdict === "fail").length
  const incomplete = report.phases.filter((phase) => phase.outcome !== "completed").length
  return `${plural(report.checks.length, "check")}, ${failed} failed` +
    (incomplete === 0 ? "" : `; ${plural(incomplete, "phase")} not completed`)
}

/** The order figures in one sentence, or what a run without order trouble says (report.md and report.html). */
export const ordersSummary = (o: NonNullable<Report["orders"]>): string =>
  o.notesCount === 0
    ? "No order was answered late (over 100 ms), left unanswered or found waiting."
    : `${plural(o.sessionsLate, "session")} with answers late${o.sessionsLate === 0 ? "" : ` (the longest ${duration(o.longest)})`}; ` +
      `${plural(o.unanswered, "order")} never answered; ${plural(o.stillWaiting, "order")} still waiting at the end of the run.`

/** Order notes shown in report.md (report.json keeps 100, `twin participant P --trace` a participant's all). */
export const MARKDOWN_ORDER_ROWS = 20

/** Said where a report has no affected participants. */
export const NOBODY_AFFECTED = "No participant's service got worse than the estate gives it by design."

type Affected = Report["affected"][number]

/** An entry a failing check named as harmed though its health status never got worse (named-by-checks.ts). */
export const namedByCheck = (a: Affected): boolean => a.check !== undefined

/**
 * The worst a participant saw of a service: its worst status in `words`, or — named by a failing check,
 * its status never worse — the check's words and which check: `no market data on either line for 4s on
 * channel SF (omd-dual-line-loss prt-omd-c-lines)`.
 */
export const worstText = (a: Affected, words: (status: Status) => string = (status) => statusLabel[status]): string =>
  a.check === undefined ? words(a.worst) : `${a.check.detail} (${a.check.kind} ${a.check.id})`

/**
 * Those of the list failing checks named whose health status never got worse, in one clause (undefined:
 * none): `572 participants named by failing checks (prt-omd-c-lines, no-dual-line-loss), 06:39:58–06:40:02,
 * harmed without their health status getting worse — …; the cause: 06:40:00 step …` — who, when, why
 * health did not see it, and what the cause chains hold responsible.
 */
export const namedByChecksText = (affected: ReadonlyArray<Affected>): string | undefined => {
  const named = affected.filter(namedByCheck)
  if (named.length === 0) return undefined
  const participants = new Set(named.map((a) => a.participant)).size
  const checks = [...new Set(named.flatMap((a) => a.check?.checks ?? []))]
  const from = Math.min(...named.map((a) => a.firstAt))
  const to = named.some((a) => a.recoveredAt === undefined) ? undefined : Math.max(...named.map((a) => a.recoveredAt ?? 0))
  const causes = [...new Set(named.flatMap((a) => (a.cause === undefined ? [] : [a.cause])))]
  return `${plural(participants, "participant")}${named.length === participants ? "" : ` (${plural(named.length, "participant–service pair")})`} ` +
    `named by failing checks (${checks.join(", ")}), ${clockSpan(from, to)}, harmed without their health status getting worse — ` +
    `shorter than health's detection, or harm health does not measure` +
    (causes.length === 0 ? "" : `; the cause: ${causes.slice(0, 3).join("; ")}${causes.length > 3 ? `; and ${causes.length - 3} more` : ""}`)
}

/**
 * What the affected list says of itself, the same words in report.md and report.html (`twin run` says the
 * clause): never "nobody got worse" while a failing check names participants. `NOBODY_AFFECTED` for an
 * empty list; undefined when health's own entries are all of it (the list reads as it always did).
 */
export const affectedSentence = (affected: ReadonlyArray<Affected>): string | undefined => {
  if (affected.length === 0) return NOBODY_AFFECTED
  const named = namedByChecksText(affected)
  if (named === undefined) return undefined
  const worse = affected.filter((a) => !namedByCheck(a)).length
  return worse === 0
    ? `No participant's health status got worse than by design; ${named}.`
    : `After the ${plural(worse, "participant–service pair")} whose health status got worse than by design: ${named}.`
}


/** What the twin saw of an affected participant, with the instant it describes: `P0002/P0002T01: logon refused (at 09:35:00)`. */
export const detailText = (affected: { readonly detail: string; readonly causeAt: Micros }): string =>
  `${affected.detail} (at ${clock(affected.causeAt)})`

/** The cause chain of a piece of evidence or an affected participant, `—` when nothing changed within reach. */
export const chainText = (x: { readonly cause?: string | undefined }): string => x.cause ?? "—"

/** A fault's targets for a table cell: the first twelve, then how many more (a carrier loss names hundreds of circuits). */
export const targetsText = (targets: ReadonlyArray<string>, shown = 12): string =>
  targets.length <= shown ? targets.join(", ") : `${targets.slice(0, shown).join(", ")}, … and ${targets.length - shown} more`

/**
 * The file name of a CSV export the report points to (`affected.csv`), for a link relative to report.md /
 * report.html, which sit beside it; undefined for a report written before the exports (no such file).
 */
export const exportName = (path: string | undefined): string | undefined =>
  path === undefined || path === "" ? undefined : path.slice(path.lastIndexOf("/") + 1)
