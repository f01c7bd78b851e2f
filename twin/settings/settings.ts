/**
 * The assumptions a user can set (issue 13): the figures docs/domain.md marks [U] or [S] that change an outcome —
 * order flow and throttles of OCG-C sessions, China Connect's quota and order mix, ECP's file types, the RTS
 * limits and the feed handler's arbitration — resolved once per run from the estate's `assumptions` and the
 * scenario's `settings`, and handed to every wiring in `WireContext.settings`.
 *
 * Every field is optional: a wiring falls back to its model's documented default where a field is unset, so
 * `{}` is the shipped behaviour. Resolution (which key of the estate or scenario sets which field, and how it
 * is validated) lives beside this file; the wirings only read the typed result.
 */
import type { Micros } from "../engine/time.ts"
import type { CscSettings } from "./csc.ts"
import type { EcpSettings } from "./ecp.ts"
import type { OcgSettings } from "./ocg.ts"

/** RTS and line arbitration (DOMAIN §3 RTS limits, Refresh; spec §4.3). */
export interface RtsSettings {
  /** Requests per user per day over all channels (DOMAIN §3: 1,000). */
  readonly requestsPerUserPerDay?: number
  /** Largest range one request may ask for (DOMAIN §3: 10,000). */
  readonly messagesPerRequest?: number
  /** Messages the RTS keeps per real channel (DOMAIN §3: the last 50,000). */
  readonly retentionPerChannel?: number
  /** RTS users per participant [U]. */
  readonly usersPerParticipant?: number
  /** How long a feed handler waits for the other line before it asks the RTS [U]. */
  readonly arbitrationTimeout?: Micros
  /** Period of the refresh snapshots [U]. */
  readonly refreshPeriod?: Micros
  /**
   * Real channels per channel group (`SS`, `SP`, `SF`, `CC`) [U]: what the per-channel limits apply to
   * (twin/models/omd/stream.ts); unset groups keep twin/models/omd/index.ts GROUP_ASSUMPTIONS.
   */
  readonly realChannels?: Readonly<Record<string, number>>
}

export interface Settings {
  readonly rts?: RtsSettings
  readonly ocg?: OcgSettings
  readonly csc?: CscSettings
  readonly ecp?: EcpSettings
}

export const noSettings: Settings = {}
