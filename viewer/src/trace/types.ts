/**
 * The trace as the viewer reads it (docs/trace.md). Shapes only; the viewer imports no twin code, so these
 * mirror the documented format. Unknown kinds and fields are carried along and ignored.
 */
export type TraceValue = string | number | boolean | null | ReadonlyArray<TraceValue> | { readonly [k: string]: TraceValue }
export type TraceData = { readonly [k: string]: TraceValue }

export interface TraceEvent {
  /** µs since midnight of the simulated day. */
  readonly t: number
  readonly kind: string
  readonly subject: string
  readonly data: TraceData
}

export const healthStatuses = ["served", "served-without-redundancy", "degraded", "down"] as const
export type HealthStatus = (typeof healthStatuses)[number]
export const services = ["otp-c", "otp-csc", "omd-c", "omd-cc", "ecp-sftp"] as const
export type Service = (typeof services)[number]

/** Worse is higher; the same order as twin/world/health.ts. */
export const healthRank = (s: HealthStatus): number => healthStatuses.indexOf(s)

export const isHealthStatus = (v: unknown): v is HealthStatus => typeof v === "string" && (healthStatuses as ReadonlyArray<string>).includes(v)

/** `estate.layout` data (twin/world/estate-layout.ts). */
export interface EstateLayout {
  readonly sites: ReadonlyArray<{ readonly id: string; readonly kind: string; readonly name: string }>
  readonly nodes: ReadonlyArray<{
    readonly id: string
    readonly kind: string
    readonly site: string
    readonly plane: "A" | "B" | null
    readonly generation: "old" | "new" | null
    readonly name: string | null
  }>
  readonly links: ReadonlyArray<{
    readonly id: string
    readonly from: string
    readonly to: string
    readonly generation: "old" | "new" | "access" | "carrier"
    readonly plane: "A" | "B" | null
    readonly unit: string | null
  }>
  readonly units: ReadonlyArray<{ readonly id: string; readonly description: string; readonly old: ReadonlyArray<string>; readonly new: ReadonlyArray<string> }>
  readonly participants: ReadonlyArray<LayoutParticipant>
}

export interface LayoutParticipant {
  readonly id: string
  readonly name: string
  readonly kind: string
  readonly group: string
  readonly circuits: ReadonlyArray<{ readonly id: string; readonly carrier: string; readonly pop: string }>
  readonly services: ReadonlyArray<Service>
}
