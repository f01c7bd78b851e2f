/**
 * `report.json`: what `twin run` concluded about a scenario, the one input of `report.md` and `report.html`
 * (and documented field by field in docs/report-format.md). Built from the trace by the runner; every figure
 * in it was observed in the run. Times are integer microseconds since midnight of the simulated day, as in
 * the trace; durations are integer microseconds.
 */
import { Schema } from "effect"
import { HEALTH_STATUSES } from "../../twin/contract/health.ts"

export const REPORT_FORMAT_VERSION = 2

const Verdict = Schema.Literals(["pass", "fail"])
const HealthStatus = Schema.Literals(HEALTH_STATUSES)
const Counts = Schema.Struct({
  served: Schema.Number,
  "served-without-redundancy": Schema.Number,
  degraded: Schema.Number,
  down: Schema.Number
})

const CauseChain = Schema.Struct({
  // `action` and `taken` (a person's action in a live drill) never occur in a `twin run` report: its trace has none.
  trigger: Schema.Struct({
    kind: Schema.Literals(["step", "rollback", "fault", "action"]),
    id: Schema.String,
    at: Schema.Number,
    what: Schema.String,
    taken: Schema.optionalKey(Schema.Number)
  }),
  enablers: Schema.Array(Schema.Struct({ fault: Schema.String, kind: Schema.String, since: Schema.Number, targets: Schema.Array(Schema.String) }))
})

/**
 * The worst of one service in the interval a health sample closes (since the previous sample): the most
 * participants down, degraded or worse, and not served (without redundancy or worse) at any instant of it.
 */
const Worst = Schema.Struct({ down: Schema.Number, degradedOrWorse: Schema.Number, notServed: Schema.Number })

export const ReportEvidence = Schema.Struct({
  participant: Schema.optionalKey(Schema.String),
  service: Schema.optionalKey(Schema.String),
  subject: Schema.optionalKey(Schema.String),
  from: Schema.Number,
  to: Schema.optionalKey(Schema.Number),
  detail: Schema.String,
  /** The cause chain in words (`causeChain.sentence`), absent when nothing changed within reach. */
  cause: Schema.optionalKey(Schema.String),
  /** What changed last before it and the faults that made that harmful (twin/contract/cause-chain.ts). */
  causeChain: Schema.optionalKey(CauseChain)
})

export const ReportCheck = Schema.Struct({
  id: Schema.String,
  kind: Schema.String,
  /** `scenario` (an SLO over its window), `pre-check` or `post-check` (of the phase named in `phase`). */
  role: Schema.Literals(["scenario", "pre-check", "post-check"]),
  phase: Schema.optionalKey(Schema.String),
  /** When the verdict was taken (the end of the window it judged). */
  at: Schema.Number,
  verdict: Verdict,
  summary: Schema.String,
  /** The check judged nothing in its window (no executions, subscribers, sessions, transfers …): its summary
   * starts "nothing to check"; a pass then proves nothing, and `require: evidence` made it a fail. */
  nothingToCheck: Schema.Boolean,
  /** At most 100 pieces, worst first; `evidenceCount` says how many there were. */
  evidence: Schema.Array(ReportEvidence),
  evidenceCount: Schema.Number
})

export const ReportPhase = Schema.Struct({
  id: Schema.String,
  name: Schema.String,
  from: Schema.Number,
  to: Schema.Number,
  cutoff: Schema.optionalKey(Schema.Number),
  steps: Schema.Array(Schema.Struct({ at: Schema.Number, move: Schema.Array(Schema.String), back: Schema.Array(Schema.String) })),
  /** `completed`, `rolled-back` (units moved back before the cut-off), or `failed-after-cutoff`. */
  outcome: Schema.Literals(["completed", "rolled-back", "failed-after-cutoff", "not-started"]),
  /** Why a `not-started` phase did not start: its failed pre-checks, or the earlier phase it waited on. */
  reason: Schema.optionalKey(Schema.String),
  rollback: Schema.optionalKey(Schema.Struct({ at: Schema.Number, reason: Schema.String, units: Schema.Array(Schema.String) }))
})

export const ReportFault = Schema.Struct({
  id: Schema.String,
  kind: Schema.String,
  from: Schema.Number,
  to: Schema.optionalKey(Schema.Number),
  targets: Schema.Array(Schema.String),
  /** The parameters as written (after any random draw). */
  params: Schema.Record(Schema.String, Schema.Unknown)
})

export const ReportAffected = Schema.Struct({
  participant: Schema.String,
  service: Schema.String,
  /** The worst status the participant had for the service in the run. */
  worst: HealthStatus,
  /** When it first got worse than its status by design (twin/contract/health.ts `baselineOf`), and the microseconds spent in each worse status. */
  firstAt: Schema.Number,
  /** When it last came back to its status by design; absent when it was still worse at the end of the run. */
  recoveredAt: Schema.optionalKey(Schema.Number),
  time: Schema.Struct({ "served-without-redundancy": Schema.Number, degraded: Schema.Number, down: Schema.Number }),
  /** The words of the health event that brought the worst status (`flow id: detail`). */
  detail: Schema.String,
  /** When that event was written: the instant `detail` describes and the cause chain is taken at. */
  causeAt: Schema.Number,
  /** The cause chain in words, absent when nothing changed within reach (as for evidence). */
  cause: Schema.optionalKey(Schema.String),
  causeChain: Schema.optionalKey(CauseChain),
  /**
   * Present when its health status never got worse than by design but failing checks' evidence names it as
   * harmed (scenarios/report/named-by-checks.ts): `worst` is then the status health gave it, `time` zeros,
   * `firstAt`/`recoveredAt` the span of the pieces naming it, `detail`/`causeAt`/`cause` the first one's.
   */
  check: Schema.optionalKey(Schema.Struct({
    /** The first failing check (in the report's order) naming it, its kind, and the words of its worst piece naming it. */
    id: Schema.String,
    kind: Schema.String,
    from: Schema.Number,
    to: Schema.optionalKey(Schema.Number),
    detail: Schema.String,
    /** Every failing check naming it, in the report's order (`id` first). */
    checks: Schema.Array(Schema.String)
  }))
})

/** One thing a participant saw of its orders' answers (twin/contract/participant-orders.ts). */
export const ReportOrderNote = Schema.Struct({
  t: Schema.Number,
  participant: Schema.String,
  service: Schema.Literals(["otp-c", "otp-csc"]),
  session: Schema.String,
  /** `late`: a spell of answers over 100 ms; `unanswered`: never answered; `waiting`: found waiting. */
  kind: Schema.Literals(["late", "unanswered", "waiting"]),
  orders: Schema.Number,
  /** When it was over (answers in time again, the waiting order answered or overtaken); absent: not in the run. */
  until: Schema.optionalKey(Schema.Number),
  text: Schema.String
})

/** What participants saw of their orders' answers, whatever the checks: the figures, then the notes, worst first. */
export const ReportOrders = Schema.Struct({
  /** Sessions with a spell of answers over 100 ms, and the longest wait of any (µs). */
  sessionsLate: Schema.Number,
  longest: Schema.Number,
  /** Orders never answered: overtaken by a later order's answer, or China Connect orders without one at the end. */
  unanswered: Schema.Number,
  /** OTP-C orders found waiting and neither answered nor overtaken by the end of the run. */
  stillWaiting: Schema.Number,
  /** At most 100: without an answer first (most orders first), then spells of late answers (longest first), then waits that ended. */
  notes: Schema.Array(ReportOrderNote),
  notesCount: Schema.Number
})

export const Report = Schema.Struct({
  format: Schema.Literal(REPORT_FORMAT_VERSION),
  scenario: Schema.Struct({ id: Schema.String, name: Schema.String, purpose: Schema.String, file: Schema.String }),
  estate: Schema.Struct({ name: Schema.String, file: Schema.String, participants: Schema.Number }),
  seed: Schema.Number,
  /** The assumptions set for the run (the scenario's `settings` over the estate's, as the models read them; µs for times); absent: none. */
  settings: Schema.optionalKey(Schema.Record(Schema.String, Schema.Unknown)),
  /** The day's span; `timetable` only on a half day (no afternoon session: the scenario's `calendar.timetable`). */
  window: Schema.Struct({ from: Schema.Number, to: Schema.Number, timetable: Schema.optionalKey(Schema.Literal("half-day")) }),
  verdict: Verdict,
  checks: Schema.Array(ReportCheck),
  phases: Schema.Array(ReportPhase),
  faults: Schema.Array(ReportFault),
  /** Participants per service and status, sampled from the trace's `metrics` events. */
  health: Schema.Array(Schema.Struct({
    t: Schema.Number,
    services: Schema.Record(Schema.String, Counts),
    /** Per service, the worst since the previous sample (absent in a report written before it). */
    worst: Schema.optionalKey(Schema.Record(Schema.String, Worst))
  })),
  /**
   * Whom to notify: every participant and service whose health status got worse than by design, worst first,
   * then those failing checks name as harmed whose status never did (`check` set), in the checks' order.
   */
  affected: Schema.Array(ReportAffected),
  /** What participants saw of their orders' answers (absent in a report written before it). */
  orders: Schema.optionalKey(ReportOrders),
  /** Engine events and trace lines of the run (wall time is printed, not reported: reports are deterministic). */
  run: Schema.Struct({ events: Schema.Number, traceLines: Schema.Number }),
  /** Paths of the files written; `affectedCsv` and `evidenceCsv` absent in a report from before the CSV exports. */
  files: Schema.Struct({
    trace: Schema.String,
    json: Schema.String,
    markdown: Schema.String,
    html: Schema.String,
    affectedCsv: Schema.optionalKey(Schema.String),
    evidenceCsv: Schema.optionalKey(Schema.String)
  })
})
export type Report = typeof Report.Type
