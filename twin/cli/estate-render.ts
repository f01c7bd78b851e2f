/** Text and JSON renderings of estate summaries and N-1 results for the CLI. */
import type { EstateModel } from "../../topology/model.ts"
import type { NMinusOne } from "../../topology/n-minus-one.ts"
import { services, type Service } from "../../topology/schema.ts"
import { countByService, serviceStatus } from "../../topology/service-health.ts"
import type { EstateSummary, SinglePoint } from "../../topology/summary.ts"

const entries = (r: Record<string, number>) =>
  Object.entries(r).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k} ${v}`).join(", ")

const list = (ids: ReadonlyArray<string>, max = 4) =>
  ids.length <= max ? ids.join(", ") : `${ids.slice(0, max).join(", ")} (+${ids.length - max} more)`

const table = (header: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>): string => {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const line = (cells: ReadonlyArray<string>) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd()
  return [line(header), ...rows.map(line)].join("\n")
}

const stateLabel = (moved: ReadonlyArray<string>) => (moved.length === 0 ? "nothing moved" : `moved: ${moved.join(", ")}`)

export const renderShow = (s: EstateSummary): string => {
  const p = s.participants
  return [
    `Estate ${s.name} (${stateLabel(s.moved)})`,
    `  sites          ${entries(s.sites)}`,
    `  nodes          ${entries(s.nodes)}`,
    `  links          ${entries(s.links)}`,
    `  cutover units  ${s.cutoverUnits}`,
    `  participants   ${p.total}: ${entries(p.byKind)}; single circuit ${p.singleCircuit}, ` +
    `dual on two carriers ${p.dualCircuitTwoCarriers}, dual on one carrier ${p.dualCircuitOneCarrier}`,
    `  sessions       OCG-C trading ${s.sessions.ocgTrading}, drop copy ${s.sessions.ocgDropCopy}; CSC northbound ${s.sessions.cscNorthbound}`,
    `  subscriptions  ${entries(s.subscriptions)}`,
    `  flows          ${s.flows}`,
    "",
    "Per-service redundancy (participants):",
    table(
      ["service", "participants", "served", "without-redundancy", "down", "single points (besides single circuits)"],
      services.map((svc) => {
        const c = s.services[svc]
        return [svc, `${c.participants}`, `${c.served}`, `${c.servedWithoutRedundancy}`, `${c.down}`, list(c.singlePoints) || "none"]
      })
    )
  ].join("\n")
}

export const renderSpof = (
  model: EstateModel,
  analysis: NMinusOne,
  byService: Record<Service, ReadonlyArray<SinglePoint>>
): string => {
  const out: Array<string> = [`Single points of failure in ${model.file.name} (${stateLabel([...analysis.state.moved].sort())})`, ""]
  const counts = countByService(serviceStatus(analysis.flows), services)
  for (const svc of services) {
    const points = byService[svc]
    const shared = points.filter((x) => x.elementKind !== "circuit")
    const circuits = points.filter((x) => x.elementKind === "circuit")
    const c = counts[svc]
    out.push(`${svc}: ${c.participants} participants — served ${c.served}, without redundancy ${c.servedWithoutRedundancy}, down ${c.down}`)
    if (shared.length === 0) out.push("  no shared element whose failure alone cuts anyone off")
    for (const x of shared) out.push(`  ${x.element} (${x.elementKind}) cuts off ${x.participants.length}: ${list(x.participants)}`)
    if (circuits.length > 0) out.push(`  single circuits: ${circuits.length} participants (${list(circuits.map((x) => x.participants[0]!))})`)
  }
  const worst = analysis.rows
    .filter((r) => r.elementKind !== "circuit" && (r.losesService.length > 0 || r.losesRedundancy.length > 0))
    .map((r) => ({ r, lose: new Set(r.losesService.map((i) => i.participant)).size, weaken: new Set(r.losesRedundancy.map((i) => i.participant)).size }))
    .sort((a, b) => b.lose - a.lose || b.weaken - a.weaken || a.r.element.localeCompare(b.r.element))
    .slice(0, 15)
  out.push("", "N-1, the elements with the widest impact (participants losing a service / losing redundancy):")
  out.push(table(["element", "kind", "lose service", "lose redundancy"], worst.map(({ r, lose, weaken }) => [r.element, r.elementKind, `${lose}`, `${weaken}`])))
  const any = analysis.partitions.any
  out.push("", `Backbone partition points (articulation points / bridges of the core): ${list(any.nodes, 8) || "none"} / ${list(any.links, 8) || "none"}`)
  out.push("Full table: --json")
  return out.join("\n")
}

export const spofJson = (model: EstateModel, analysis: NMinusOne, byService: Record<Service, ReadonlyArray<SinglePoint>>) => ({
  estate: model.file.name,
  moved: [...analysis.state.moved].sort(),
  services: Object.fromEntries(
    services.map((svc) => [svc, {
      ...countByService(serviceStatus(analysis.flows), services)[svc],
      singlePoints: byService[svc]
    }])
  ),
  partitions: analysis.partitions,
  nMinusOne: analysis.rows.filter((r) => r.losesService.length > 0 || r.losesRedundancy.length > 0)
})
