/** The report's lists as HTML tables: phases with their steps, faults, and every affected participant. */
import { chainText, clock, clockSpan, detailText, duration, ordersSummary, paramsText, statusLabel, stepText, targetsText, worstText } from "../describe.ts"
import type { Report } from "../report.ts"
import { html } from "./escape.ts"
import { collapsedTable } from "./collapsed.ts"
import { markup, table, tableRow } from "./table.ts"

/** Affected rows shown before the rest collapse (html/collapsed.ts): worst first, so the down ones show. */
export const AFFECTED_SHOWN = 20

const list = (items: ReadonlyArray<string>): string =>
  items.length === 0 ? "" : `<ul>${items.map((item) => `<li>${html(item)}</li>`).join("")}</ul>`

export const phasesTable = (report: Report): string =>
  report.phases.length === 0 ? `<p class="empty">No phases.</p>` : table({
    id: "phases-table",
    header: ["phase", "name", "window", "cut-off", "steps", "outcome", "rollback"],
    rows: report.phases.map((p) =>
      tableRow([
        p.id,
        p.name,
        clockSpan(p.from, p.to),
        p.cutoff === undefined ? "" : clock(p.cutoff),
        markup(list(p.steps.map((s) => `${clock(s.at)} ${stepText(s)}`))),
        markup(`<span class="outcome ${p.outcome}">${p.outcome}</span>` + (p.reason === undefined ? "" : ` ${html(p.reason)}`)),
        p.rollback === undefined ? "" :
          `${clock(p.rollback.at)}: ${p.rollback.reason}` +
          (p.rollback.units.length === 0 ? "" : ` (units ${p.rollback.units.join(", ")})`)
      ])
    )
  })

export const faultsTable = (report: Report): string =>
  report.faults.length === 0 ? `<p class="empty">No faults.</p>` : table({
    id: "faults-table",
    header: ["fault", "kind", "window", "targets", "parameters"],
    rows: report.faults.map((f) =>
      tableRow([f.id, f.kind, clockSpan(f.from, f.to), targetsText(f.targets), paramsText(f.params)])
    )
  })

/** The order figures and notes (report.json's, at most 100: worst first), or nothing for a report from before them. */
export const ordersTable = (report: Report): string => {
  const o = report.orders
  if (o === undefined) return ""
  const more = o.notesCount > o.notes.length ? `<p class="export">${html(`${o.notesCount - o.notes.length} more in the trace: one participant's all with \`twin participant P --trace\`.`)}</p>` : ""
  return `<p>${html(ordersSummary(o))}</p>` + (o.notes.length === 0 ? "" : collapsedTable({
    id: "orders-table",
    className: "searchable",
    first: AFFECTED_SHOWN,
    noun: "order notes",
    header: ["participant", "service", "session", "at", "what the participant saw"],
    rows: o.notes.map((n) => tableRow([n.participant, n.service, n.session, clock(n.t), n.text]))
  })) + more
}

export const affectedTable = (report: Report): string =>
  report.affected.length === 0 ? "" : collapsedTable({
    id: "affected-table",
    className: "searchable",
    first: AFFECTED_SHOWN,
    noun: "affected participant–service pairs",
    header: ["participant", "service", "worst", "first at", "down", "degraded", "without redundancy", "detail", "cause"],
    numeric: [4, 5, 6],
    rows: report.affected.map((a) =>
      tableRow(
        [
          a.participant,
          a.service,
          // Named by a failing check, its status never worse: the check's words, not a status badge.
          a.check === undefined ? markup(`<span class="status ${a.worst}">${html(statusLabel[a.worst])}</span>`) : worstText(a),
          clock(a.firstAt),
          duration(a.time.down),
          duration(a.time.degraded),
          duration(a.time["served-without-redundancy"]),
          detailText(a),
          chainText(a)
        ],
        [4, 5, 6]
      )
    )
  })
