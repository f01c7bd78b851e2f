/**
 * Per participant and service, one status — the number planners care about — folded from the flows' N-1
 * health: the worst primary flow decides; a recovery flow (RTS) that is down leaves the service working but
 * one loss away from an unrecoverable gap, and a connect flow (the Lookup Service) that is down leaves logged
 * on sessions trading but one gateway loss away from a session that cannot log on again: either caps the
 * service at served-without-redundancy, never down — unless `connecting`: sessions that must log on now
 * (the start of a window, twin/impact/scenario-impact.ts) need the Lookup Service as much as a gateway.
 *
 * `degraded` (loss or latency over bound) needs the message engine; topology alone never yields it.
 */
import { worseStatus, type HealthStatus } from "../twin/contract/health.ts"
import type { FlowInstance } from "./model.ts"
import type { FlowHealth, FlowStatus } from "./n-minus-one.ts"
import type { Service } from "./schema.ts"

export type ServiceStatusTable = ReadonlyMap<string, ReadonlyMap<Service, FlowStatus>>

/** What one flow's status makes of its service's (see the header): a recovery or connect flow caps it. */
export const flowServiceStatus = <S extends FlowStatus | HealthStatus>(role: FlowInstance["role"], status: S, connecting = false): S | "served-without-redundancy" | "served" =>
  role === "recovery" || (role === "connect" && !connecting) ? (status === "down" ? "served-without-redundancy" : "served") : status

export const serviceStatus = (flows: ReadonlyArray<FlowHealth>, connecting = false): ServiceStatusTable => {
  const table = new Map<string, Map<Service, FlowStatus>>()
  for (const h of flows) {
    const { participant, service, role } = h.flow
    let perService = table.get(participant)
    if (perService === undefined) table.set(participant, (perService = new Map()))
    perService.set(service, worseStatus(perService.get(service) ?? "served", flowServiceStatus(role, h.status, connecting)))
  }
  return table
}

export interface ServiceCounts {
  readonly participants: number
  readonly served: number
  readonly servedWithoutRedundancy: number
  readonly down: number
}

export const countByService = (table: ServiceStatusTable, services: ReadonlyArray<Service>): Record<Service, ServiceCounts> => {
  const counts = Object.fromEntries(
    services.map((s) => [s, { participants: 0, served: 0, servedWithoutRedundancy: 0, down: 0 }])
  ) as Record<Service, { participants: number; served: number; servedWithoutRedundancy: number; down: number }>
  for (const perService of table.values()) {
    for (const [service, status] of perService) {
      const c = counts[service]
      c.participants++
      if (status === "served") c.served++
      else if (status === "down") c.down++
      else c.servedWithoutRedundancy++
    }
  }
  return counts
}
