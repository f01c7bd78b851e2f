/**
 * `report.md`: a report as GitHub-flavoured markdown, for a pull request, a ticket or a terminal. Pure: the
 * runner writes the file. Long lists are capped (evidence per failed check, affected participants) with the
 * count of the rest and a link to the CSV beside the report that has them all (affected.csv, evidence.csv).
 */
import {
  chainText,
  checkRole,
  clock,
  clockSpan,
  windowText,
  detailText,
  duration,
  evidenceWho,
  exportName,
  MARKDOWN_AFFECTED_ROWS,
  MARKDOWN_EVIDENCE_ROWS,
  MARKDOWN_ORDER_ROWS,
  affectedSentence,
  ordersSummary,
  NOTHING_TO_CHECK_NOTE,
  paramsText,
  stepText,
  targetsText,
  verdictDetail,
  worstText,
  type Check,
  type Phase
} from "./describe.ts"
import { plural } from "../format/plural.ts"
import { markup, mdTable, mdText } from "./markdown/escape.ts"
import type { Report } from "./report.ts"

const verdictCell = (check: Check) =>
  markup(`${check.verdict === "pass" ? "✅ pass" : "❌ **FAIL**"}${check.nothingToCheck ? ` — ${NOTHING_TO_CHECK_NOTE}` : ""}`)

/**
 * `… and 7 more …: all of them in [evidence.csv](evidence.csv)` under a capped table (the CSV beside the
 * report has every one), or nothing when everything was shown.
 */
const rest = (shown: number, total: number, what: string, csv: string | undefined): ReadonlyArray<string> =>
  total > shown ? ["", `… and ${total - shown} more ${what}${csv === undefined ? "" : `: all of them in ${csvLink(csv)}`}`] : []

const csvLink = (name: string) => `[${mdText(name)}](${encodeURI(name)})`

const header = (report: Report): ReadonlyArray<string> => {
  const verdict = report.verdict === "pass" ? "✅ **PASS**" : "❌ **FAIL**"
  return [
    `# ${mdText(report.scenario.name)}`,
    "",
    mdText(report.scenario.purpose),
    "",
    `**Verdict:** ${verdict} — ${verdictDetail(report)}`,
    "",
    `Scenario ${mdText(report.scenario.id)} (${mdText(report.scenario.file)}) on estate ` +
      `${mdText(report.estate.name)} (${plural(report.estate.participants, "participant")}), ` +
      `seed ${report.seed}, window ${windowText(report.window)}.`,
    ...(report.settings === undefined ? [] : ["", `Assumptions set (\`settings\`, values in report.json): ${settingsKeys(report.settings).map(mdText).join(", ")}.`])
  ]
}

const checks = (report: Report): ReadonlyArray<string> => [
  "## Checks",
  "",
  report.checks.length === 0
    ? "No checks."
    : mdTable(
      ["check", "kind", "role", "at", "verdict", "summary"],
      report.checks.map((c) => [c.id, c.kind, checkRole(c), clock(c.at), verdictCell(c), c.summary])
    )
]

const phase = (p: Phase): ReadonlyArray<string> => [
  `### ${mdText(p.id)}: ${mdText(p.name)}`,
  "",
  `${clockSpan(p.from, p.to)}` + (p.cutoff === undefined ? "" : `, cut-off ${clock(p.cutoff)}`) +
  ` — **${p.outcome}**` + (p.reason === undefined ? "" : ` (${mdText(p.reason)})`),
  "",
  ...(p.steps.length === 0 ? ["No steps."] : mdTable(["at", "step"], p.steps.map((s) => [clock(s.at), stepText(s)])).split("\n")),
  ...(p.rollback === undefined ? [] : [
    "",
    `Rolled back at ${clock(p.rollback.at)}: ${mdText(p.rollback.reason)}` +
    (p.rollback.units.length === 0 ? "" : ` (units ${mdText(p.rollback.units.join(", "))})`)
  ]),
  ""
]

const phases = (report: Report): ReadonlyArray<string> =>
  report.phases.length === 0 ? [] : ["## Phases", "", ...report.phases.flatMap(phase)]

const faults = (report: Report): ReadonlyArray<string> =>
  report.faults.length === 0 ? [] : [
    "## Faults",
    "",
    mdTable(
      ["fault", "kind", "window", "targets", "parameters"],
      report.faults.map((f) => [f.id, f.kind, clockSpan(f.from, f.to), targetsText(f.targets), paramsText(f.params)])
    ),
    ""
  ]

const evidence = (csv: string | undefined) => (check: Check): ReadonlyArray<string> => {
  const shown = check.evidence.slice(0, MARKDOWN_EVIDENCE_ROWS)
  return [
    `### ${mdText(check.id)} — ${plural(check.evidenceCount, "piece")} of evidence`,
    "",
    shown.length === 0
      ? "No evidence recorded."
      : mdTable(
        ["participant", "service", "from–to", "detail", "cause"],
        shown.map((e) => [evidenceWho(e), e.service ?? "", clockSpan(e.from, e.to), e.detail, e.cause ?? ""])
      ),
    ...rest(shown.length, check.evidenceCount, "pieces of evidence", csv),
    ""
  ]
}

const failedEvidence = (report: Report): ReadonlyArray<string> => {
  const failed = report.checks.filter((check) => check.verdict === "fail")
  return failed.length === 0 ? [] : ["## Evidence of failed checks", "", ...failed.flatMap(evidence(exportName(report.files.evidenceCsv)))]
}

const affected = (report: Report): ReadonlyArray<string> => {
  const csv = exportName(report.files.affectedCsv)
  const shown = report.affected.slice(0, MARKDOWN_AFFECTED_ROWS)
  const sentence = affectedSentence(report.affected)
  return [
    "## Affected participants",
    "",
    ...(sentence === undefined ? [] : [mdText(sentence)]),
    ...(shown.length === 0 ? [] : [
      ...(sentence === undefined ? [] : [""]),
      mdTable(
        ["participant", "service", "worst", "first at", "down", "degraded", "without redundancy", "detail", "cause"],
        shown.map((a) => [
          a.participant,
          a.service,
          worstText(a),
          clock(a.firstAt),
          duration(a.time.down),
          duration(a.time.degraded),
          duration(a.time["served-without-redundancy"]),
          detailText(a),
          chainText(a)
        ])
      )
    ]),
    ...rest(shown.length, report.affected.length, "affected participant–service pairs", csv),
    ...(csv === undefined || shown.length === 0 || shown.length < report.affected.length ? [] : ["", `The same list as CSV, for notifying participants: ${csvLink(csv)}`]),
    ""
  ]
}

/** What participants saw of their orders' answers, whatever the checks (absent in a report from before it). */
const orders = (report: Report): ReadonlyArray<string> => {
  const o = report.orders
  if (o === undefined) return []
  const shown = o.notes.slice(0, MARKDOWN_ORDER_ROWS)
  return [
    "## Orders",
    "",
    ordersSummary(o),
    ...(shown.length === 0 ? [] : [
      "",
      mdTable(["participant", "service", "session", "at", "what the participant saw"], shown.map((n) => [n.participant, n.service, n.session, clock(n.t), n.text]))
    ]),
    ...(o.notesCount > shown.length ? ["", `… and ${o.notesCount - shown.length} more: one participant's all with \`twin participant P --trace\``] : []),
    ""
  ]
}

const run = (report: Report): ReadonlyArray<string> => [
  "## Run",
  "",
  `- engine events: ${report.run.events}`,
  `- trace lines: ${report.run.traceLines}`,
  `- health samples: ${report.health.length}`,
  `- files: trace ${mdText(report.files.trace)}, report ${mdText(report.files.json)}, ` +
  `${mdText(report.files.markdown)}, ${mdText(report.files.html)}` +
  (report.files.affectedCsv === undefined ? "" : `, ${mdText(report.files.affectedCsv)}`) +
  (report.files.evidenceCsv === undefined ? "" : `, ${mdText(report.files.evidenceCsv)}`),
  ""
]

export const renderMarkdown = (report: Report): string =>
  [
    ...header(report),
    "",
    ...checks(report),
    "",
    ...phases(report),
    ...faults(report),
    ...failedEvidence(report),
    ...affected(report),
    ...orders(report),
    ...run(report)
  ].join("\n")

/** `{ocg: {throttle…}, rts: {…}}` → `ocg.throttle`, `rts.retentionPerChannel`: the keys a run set, two levels deep. */
const settingsKeys = (settings: Readonly<Record<string, unknown>>): Array<string> =>
  Object.entries(settings).flatMap(([section, v]) =>
    typeof v === "object" && v !== null && !Array.isArray(v) && Object.keys(v).length > 0 ? Object.keys(v).map((k) => `${section}.${k}`) : [section]
  )
