/**
 * The trace as the viewer reads it: the twin's declared contract (twin/contract/, docs/trace.md), the only
 * twin code the viewer imports — types, and the health and service vocabulary (plain constants, no
 * imports of their own). Unknown kinds and fields are carried along and ignored.
 */
export type { EstateLayout, LayoutParticipant } from "../../../twin/contract/estate-layout.ts"
export { baselineOf, HEALTH_STATUSES as healthStatuses, healthRank, type HealthStatus, isHealthStatus } from "../../../twin/contract/health.ts"
export { type Service, SERVICES as services } from "../../../twin/contract/services.ts"
export { isKind, type TraceEvent } from "../../../twin/contract/trace-event.ts"
export type { TraceData, TraceValue } from "../../../twin/contract/trace-value.ts"
