/**
 * The checks of a report, one row each, with the evidence of a check in a `<details>` row below it (open
 * for a failed check): everything the report holds — its first EVIDENCE_SHOWN rows, the rest collapsed —
 * and how many more pieces there were, all of them in evidence.csv beside the report.
 */
import { checkRole, clock, clockSpan, evidenceWho, exportName, NOTHING_TO_CHECK_NOTE, type Check } from "../describe.ts"
import type { Report } from "../report.ts"
import { html, slug } from "./escape.ts"
import { collapsedTable } from "./collapsed.ts"
import { markup, table, tableRow } from "./table.ts"

/** Evidence rows shown before the rest collapse (html/collapsed.ts): a screenful under its check. */
export const EVIDENCE_SHOWN = 10

export const verdictBadge = (verdict: "pass" | "fail"): string =>
  `<span class="badge ${verdict}">${verdict === "pass" ? "pass" : "FAIL"}</span>`

/** A check's verdict badge, with "nothing to check" beside it when it judged nothing. */
const checkVerdict = (check: Check): string =>
  verdictBadge(check.verdict) + (check.nothingToCheck ? ` <span class="nothing">${NOTHING_TO_CHECK_NOTE}</span>` : "")

const evidence = (check: Check, csv: string | undefined): string => {
  const rows = check.evidence.map((e) =>
    tableRow([evidenceWho(e), e.service ?? "", clockSpan(e.from, e.to), e.detail, e.cause ?? ""])
  )
  const more = check.evidenceCount - check.evidence.length
  return `<details${check.verdict === "fail" ? " open" : ""}>` +
    `<summary>Evidence: ${check.evidence.length} of ${check.evidenceCount}</summary>` +
    collapsedTable({ header: ["participant / subject", "service", "from–to", "detail", "cause"], rows, className: "searchable", first: EVIDENCE_SHOWN, noun: "pieces of evidence" }) +
    (more > 0 ? `<p class="more">… and ${more} more${csv === undefined ? "" : `: all ${check.evidenceCount} in ${csvAnchor(csv)}`}</p>` : "") +
    `</details>`
}

/** A link to a CSV export beside the report (a relative URL: the page and the file share their folder). */
export const csvAnchor = (name: string): string => `<a class="csv" href="${html(encodeURI(name))}" download>${html(name)}</a>`

export const checksTable = (report: Report): string => {
  if (report.checks.length === 0) return `<p class="empty">No checks.</p>`
  const rows = report.checks.flatMap((check) => [
    tableRow(
      [check.id, check.kind, checkRole(check), clock(check.at), markup(checkVerdict(check)), check.summary],
      [],
      ` id="check-${html(slug(check.id))}" class="check ${check.verdict}"`
    ),
    ...(check.evidenceCount === 0 ? [] :
      [`<tr class="evidence"><td colspan="6">${evidence(check, exportName(report.files.evidenceCsv))}</td></tr>`])
  ])
  return table({ id: "checks-table", header: ["check", "kind", "role", "at", "verdict", "summary"], rows })
}
