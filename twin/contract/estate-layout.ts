/**
 * The `data` of `estate.layout` (docs/trace.md): what the viewer draws the map from, written once right
 * after `trace.start` by twin/world/estate-layout.ts, so the picture of the estate travels with the trace.
 * Absent estate fields are `null`, never missing, so the line is the same shape for every estate.
 */
import type { Service } from "./services.ts"

export type LayoutSite = { readonly id: string; readonly kind: string; readonly name: string }

export type LayoutNode = {
  readonly id: string
  readonly kind: string
  readonly site: string
  readonly plane: "A" | "B" | null
  readonly generation: "old" | "new" | null
  readonly name: string | null
}

export type LayoutLink = {
  readonly id: string
  readonly from: string
  readonly to: string
  readonly generation: "old" | "new" | "access" | "carrier"
  readonly plane: "A" | "B" | null
  /** The cutover unit switching the link, or null. */
  readonly unit: string | null
}

export type LayoutUnit = { readonly id: string; readonly description: string; readonly old: ReadonlyArray<string>; readonly new: ReadonlyArray<string> }

export type LayoutParticipant = {
  readonly id: string
  readonly name: string
  readonly kind: string
  /** Its carrier PoPs, sorted and joined by `+`: participants of a group share every path inside HKEX. */
  readonly group: string
  readonly circuits: ReadonlyArray<{ readonly id: string; readonly carrier: string; readonly pop: string }>
  /** In the order of `SERVICES`. */
  readonly services: ReadonlyArray<Service>
}

export type EstateLayout = {
  readonly sites: ReadonlyArray<LayoutSite>
  readonly nodes: ReadonlyArray<LayoutNode>
  readonly links: ReadonlyArray<LayoutLink>
  readonly units: ReadonlyArray<LayoutUnit>
  readonly participants: ReadonlyArray<LayoutParticipant>
}
