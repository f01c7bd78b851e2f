/**
 * `twin estate show|spof --csv`: the tables those commands print, as CSV for a spreadsheet
 * (twin/contract/csv.ts). `show`: one row per service. `spof`: the whole N-1 table — one row per failing
 * element, participant, service and effect — which is what a planner filters to see whom a failure
 * would touch (the text prints only the fifteen widest rows).
 */
import { renderCsv } from "../contract/csv.ts"
import type { NMinusOne } from "../../topology/n-minus-one.ts"
import { services } from "../../topology/schema.ts"
import type { EstateSummary } from "../../topology/summary.ts"

export const SHOW_CSV_HEADER = ["service", "participants", "served", "without_redundancy", "down", "single_points"] as const

/** `single_points`: the shared elements whose failure alone cuts someone off, space-separated. */
export const showCsv = (s: EstateSummary): string =>
  renderCsv(SHOW_CSV_HEADER, services.map((svc) => {
    const c = s.services[svc]
    return [svc, c.participants, c.served, c.servedWithoutRedundancy, c.down, c.singlePoints.join(" ")]
  }))

export const SPOF_CSV_HEADER = ["element", "element_kind", "effect", "participant", "service", "flows"] as const

/**
 * Rows in the N-1 table's order (elements as nMinusOne lists them), `loses-service` before
 * `loses-redundancy` for an element; `flows`: the flow instances hit, space-separated.
 */
export const spofCsv = (analysis: NMinusOne): string =>
  renderCsv(SPOF_CSV_HEADER, analysis.rows.flatMap((r) => [
    ...r.losesService.map((i) => [r.element, r.elementKind, "loses-service", i.participant, i.service, i.flows.join(" ")]),
    ...r.losesRedundancy.map((i) => [r.element, r.elementKind, "loses-redundancy", i.participant, i.service, i.flows.join(" ")])
  ]))
