/**
 * OCG-C order flow per participant or group, throttle per Comp ID, Cancel-on-Disconnect (DOMAIN §1). Typed,
 * as the OCG-C wiring (twin/simulate/wire-ocg.ts) reads it; the scenario/estate input form, its groups and
 * how they are matched to sessions is scenarios/settings/ocg.ts.
 *
 * Plain data only (numbers, strings, arrays, records): a split run sends it to a worker thread
 * (twin/simulate/part-task.ts). Groups are already resolved to Comp IDs here, so the wiring reads one
 * record per session and knows no selector.
 */
import type { Micros } from "../engine/time.ts"

/** A window of the day with a steady order rate (twin/models/ocg/order-schedule.ts). */
export interface OcgOrderWindow {
  readonly from: Micros
  /** Exclusive. */
  readonly to: Micros
  readonly perMinute: number
  /**
   * Shift the window's orders by a fraction of their spacing drawn from the seed per Comp ID, so that
   * sessions with the same flow do not all send in the same microsecond; `false` sends at `from` exactly.
   */
  readonly stagger: boolean
}

/** What a session's settings may fix; an unset field keeps the one below it (defaults, then the model's). */
export interface OcgSessionSettings {
  /** The trading session's order flow for the day (replaces the default flow). */
  readonly orders?: ReadonlyArray<OcgOrderWindow>
  /** Messages per second the gateways admit for the Comp ID (DOMAIN §1 Throttle). */
  readonly throttleMps?: number
  /** Cancel-on-Disconnect: `null` off; a delay in µs on (DOMAIN §1: optional per Comp ID, configurable delay). */
  readonly cancelOnDisconnect?: Micros | null
}

export interface OcgSettings {
  /** For every session of the estate. */
  readonly sessions?: OcgSessionSettings
  /** Per Comp ID (from the groups), over `sessions` field by field. */
  readonly byCompId?: Readonly<Record<string, OcgSessionSettings>>
}

/** One session's settings: its group's fields over the estate-wide ones. */
export const ocgSessionSettings = (settings: OcgSettings | undefined, compId: string): OcgSessionSettings => {
  const own = settings?.byCompId?.[compId]
  const all = settings?.sessions
  if (own === undefined) return all ?? {}
  return all === undefined ? own : { ...all, ...own }
}
