/**
 * Health of every participant's every service in one state, as a flat byte array: slot
 * `participant × services + service` holds the status's `healthRank` (0 served, 1 served-without-redundancy,
 * 2 degraded, 3 down), or `NOT_USED` where the participant does not take the service. Compact so that
 * sweeps can keep thousands of states and send them between worker threads.
 */
import type { EstateModel } from "../../topology/model.ts"
import type { ServiceStatusTable } from "../../topology/service-health.ts"
import { type Service, services } from "../../topology/schema.ts"
import { healthRank } from "../contract/health.ts"

export type HealthVector = Uint8Array

export const NOT_USED = 255

export { statusByRank } from "../contract/health.ts"

export const serviceIndex: ReadonlyMap<Service, number> = new Map(services.map((s, i) => [s, i]))

export const slotOf = (participantIndex: number, service: Service): number => participantIndex * services.length + serviceIndex.get(service)!

export const healthVector = (model: EstateModel, table: ServiceStatusTable): HealthVector => {
  const out = new Uint8Array(model.file.participants.length * services.length).fill(NOT_USED)
  model.file.participants.forEach((p, pi) => {
    for (const [service, status] of table.get(p.id) ?? []) out[slotOf(pi, service)] = healthRank[status]
  })
  return out
}
