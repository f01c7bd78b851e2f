/**
 * The checks of a report, one row each, with the evidence of a check in a `<details>` row below it (open
 * for a failed check): everything the report holds, and how many more pieces there were.
 */
import { checkRole, clock, clockSpan, evidenceWho, NOTHING_TO_CHECK_NOTE, type Check } from "../describe.ts"
import type { Report } from "../report.ts"
import { html, slug } from "./escape.ts"
import { markup, table, tableRow } from "./table.ts"

export const verdictBadge = (verdict: "pass" | "fail"): string =>
  `<span class="badge ${verdict}">${verdict === "pass" ? "pass" : "FAIL"}</span>`

/** A check's verdict badge, with "nothing to check" beside it when it judged nothing. */
const checkVerdict = (check: Check): string =>
  verdictBadge(check.verdict) + (check.nothingToCheck ? ` <span class="nothing">${NOTHING_TO_CHECK_NOTE}</span>` : "")

const evidence = (check: Check): string => {
  const rows = check.evidence.map((e) =>
    tableRow([evidenceWho(e), e.service ?? "", clockSpan(e.from, e.to), e.detail, e.cause ?? ""])
  )
  const more = check.evidenceCount - check.evidence.length
  return `<details${check.verdict === "fail" ? " open" : ""}>` +
    `<summary>Evidence: ${check.evidence.length} of ${check.evidenceCount}</summary>` +
    table({ header: ["participant / subject", "service", "from–to", "detail", "cause"], rows }) +
    (more > 0 ? `<p class="more">… and ${more} more</p>` : "") +
    `</details>`
}

export const checksTable = (report: Report): string => {
  if (report.checks.length === 0) return `<p class="empty">No checks.</p>`
  const rows = report.checks.flatMap((check) => [
    tableRow(
      [check.id, check.kind, checkRole(check), clock(check.at), markup(checkVerdict(check)), check.summary],
      [],
      ` id="check-${html(slug(check.id))}" class="check ${check.verdict}"`
    ),
    ...(check.evidenceCount === 0 ? [] :
      [`<tr class="evidence"><td colspan="6">${evidence(check)}</td></tr>`])
  ])
  return table({ id: "checks-table", header: ["check", "kind", "role", "at", "verdict", "summary"], rows })
}
