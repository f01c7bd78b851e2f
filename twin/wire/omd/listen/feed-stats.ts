/** What a channel feed counts (channel-feed.ts), per line and per channel, as `twin omd listen` reports it. */
import type { BooksSummary } from "./books.ts"

export type FeedState = "waiting" | "synced" | "recovering" | "awaiting-refresh"

export interface LineStats {
  packets: number
  messages: number
  heartbeats: number
  bytes: number
  decodeErrors: number
  /** Messages this line delivered before the other line did. */
  firstCome: number
  /** Longest time between two packets on this line (ms), the time from the start to the first one included. */
  longestSilenceMs: number
  lastArrivalMs: number | undefined
}

export interface ChannelStats {
  readonly channel: string
  readonly lines: Readonly<Record<"A" | "B", LineStats>>
  /** Messages processed in sequence (live, retransmitted). */
  readonly processed: number
  readonly duplicates: number
  readonly gaps: number
  readonly gapMessages: number
  /** Lost messages the RTS sent again. */
  readonly recovered: number
  /** Lost messages nobody sent again (a refresh restored the state past them, or the run ended). */
  readonly unrecovered: number
  readonly rtsRequests: number
  readonly rtsFailures: number
  readonly refreshes: number
  readonly sequenceResets: number
  /** Longest time with no packet on either line (ms). */
  readonly longestSilenceMs: number
  readonly nextExpected: number | undefined
  readonly state: FeedState
  readonly books: BooksSummary
}

export const newLineStats = (): LineStats => ({
  packets: 0, messages: 0, heartbeats: 0, bytes: 0, decodeErrors: 0, firstCome: 0, longestSilenceMs: 0, lastArrivalMs: undefined
})
