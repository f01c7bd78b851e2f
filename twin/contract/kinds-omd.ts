/**
 * Trace kinds of OMD-C / OMD-CC market data (twin/models/omd/): publishers, refresh, the retransmission
 * service (RTS) and the participants' feed handlers. A feed handler's events carry its `flow` and
 * `channel` first; its subject is the participant.
 */

export type Line = "A" | "B"

/** A publisher's channel and line. */
type PublisherOf = { readonly channel: string; readonly line: Line }

/** `took-over`: a backup-site publisher continues the channel after `seq` at a DR failover. */
export type OmdPublisherData = PublisherOf & {
  readonly state: "start-of-day" | "stopped" | "down" | "up" | "took-over"
  readonly seq: number
}

/** A Trading Session Status message; `sent` false when the publisher was down. */
export type OmdSessionStatusData = PublisherOf & {
  readonly seq: number
  readonly subId: number
  readonly status: number
  readonly name: string
  readonly sent: boolean
}

export type OmdDrSignalData = PublisherOf & { readonly seq: number; readonly drStatus: 1 | 2; readonly sent: boolean }

/** The publisher's clock skew, µs. */
export type OmdClockSkewData = PublisherOf & { readonly skew: number }

export type OmdRefreshPublisherData = PublisherOf & { readonly state: "down" | "up" }

export type OmdRefreshCycleData = PublisherOf & { readonly cycle: number; readonly lastSeqNum: number }

/** Where a feed handler's event comes from: the flow and the channel it follows. */
export type FeedOf = { readonly flow: string; readonly channel: string }

export type OmdSyncData = FeedOf & { readonly state: "awaiting-reset" | "synced" | "awaiting-refresh" | "dr" | "closed"; readonly reason: string }

/** A line silent or alive again; `silentFor` µs since it was last heard. */
export type OmdLineData = FeedOf & { readonly line: Line; readonly state: "silent" | "alive"; readonly silentFor: number }

/**
 * Nothing on either line for more than `blackoutAfter` (written 1 µs past it): `from` the last arrival (µs).
 * The `omd.blackout` at the next arrival ends it.
 */
export type OmdBlackoutStartData = FeedOf & { readonly from: number }

/** A message after more than `blackoutAfter` without any: `from` the last arrival (µs), `duration` µs. */
export type OmdBlackoutData = FeedOf & { readonly line: Line; readonly from: number; readonly duration: number }

/** A refresh used; with a cache (`cachedFrom`) the messages it `dropped` and `kept`. */
export type OmdRefreshData = FeedOf & {
  readonly line: Line
  readonly lastSeqNum: number
  readonly reason: string
  readonly cachedFrom?: number
  readonly dropped?: number
  readonly kept?: number
}

/** A range of sequence numbers. */
type RangeOf = { readonly first: number; readonly last: number; readonly size: number }

export type OmdGapData = FeedOf & RangeOf & { readonly reason: string }

/**
 * Lost numbers recovered `after` µs: `via` rts (replayed, from `endpoint`) or refresh (the image rebuilt,
 * not the messages: `replayed` false, up to `lastSeqNum` of `line`).
 */
export type OmdRecoveredData = FeedOf & RangeOf & {
  readonly via: "rts" | "refresh"
  readonly after: number
  readonly replayed: boolean
  readonly endpoint?: string
  readonly lastSeqNum?: number
  readonly line?: Line
}

export type OmdLossUnrecoveredData = FeedOf & RangeOf & { readonly reason: string }

/**
 * `request`: this feed handler's real requests today with this one (twin/models/omd/stream.ts), its own
 * count (rts-client.ts) — the user's, unless feed handlers share the user (settings.rts
 * usersPerParticipant): the user's over all of them is `omd.rts.served`'s.
 */
export type OmdRtsRequestData = FeedOf & { readonly endpoint: string; readonly first: number; readonly last: number; readonly request: number }

export type OmdRtsFailoverData = FeedOf & { readonly from: string; readonly to: string; readonly reason: string }

export type OmdRtsLogonData = FeedOf & { readonly endpoint: string; readonly user: string; readonly sessionStatus: number }

/** Retransmission status: 0 accepted; reject codes 1, 2, 100, 101. */
export type OmdRtsResponseData = FeedOf & { readonly endpoint: string; readonly status: number; readonly first: number; readonly last: number }

/** Server side (twin/models/omd/rts-server.ts): a client's session. */
export type OmdRtsSessionData =
  | { readonly client: string; readonly user: string | null; readonly state: "closed"; readonly reason: string }
  | { readonly client: string; readonly user: string; readonly state: "refused"; readonly sessionStatus: number }
  | { readonly client: string; readonly user: string; readonly state: "logged-on" }

/** `request`: the user's real requests today with this one, at every RTS server and on every channel (rts-requests.ts). */
export type OmdRtsServedData = {
  readonly client: string
  readonly user: string
  readonly channel: string
  readonly first: number
  readonly last: number
  readonly status: number
  readonly request: number
}

export type OmdRtsServerData = { readonly state: "down" | "up" }

/** A cohort's member (or the rest) got its own feed handler (twin/simulate/wire-omd.ts). */
export type OmdCohortSplitData = { readonly from: string; readonly members: ReadonlyArray<string> }

export interface OmdKinds {
  "omd.publisher": OmdPublisherData
  "omd.session-status": OmdSessionStatusData
  "omd.dr-signal": OmdDrSignalData
  "omd.clock-skew": OmdClockSkewData
  "omd.refresh.publisher": OmdRefreshPublisherData
  "omd.refresh.cycle": OmdRefreshCycleData
  "omd.sync": OmdSyncData
  "omd.line": OmdLineData
  "omd.blackout.start": OmdBlackoutStartData
  "omd.blackout": OmdBlackoutData
  "omd.refresh": OmdRefreshData
  "omd.gap": OmdGapData
  "omd.recovered": OmdRecoveredData
  "omd.loss.unrecovered": OmdLossUnrecoveredData
  "omd.rts.request": OmdRtsRequestData
  "omd.rts.failover": OmdRtsFailoverData
  "omd.rts.logon": OmdRtsLogonData
  "omd.rts.response": OmdRtsResponseData
  "omd.rts.session": OmdRtsSessionData
  "omd.rts.served": OmdRtsServedData
  "omd.rts.server": OmdRtsServerData
  "omd.cohort.split": OmdCohortSplitData
}
