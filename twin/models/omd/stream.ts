/**
 * An OMD channel as a sequence space: its names (the `range.stream` the network loses sequence numbers
 * on, the multicast groups the integrator subscribes machines to), the day it lives in, the limits of its
 * retransmission service, and how many bytes a block of its messages takes once packed into packets.
 *
 * A channel here is what the twin models as one sequence space: one per channel group (`omdc/SS`), which
 * stands for the group's `realChannels` real channels (each a ChannelID with its own sequence numbers,
 * spec §2.1.2). The group's messages are spread over them evenly, a packet at a time [U: the real split is
 * by instrument, in the Connectivity Guide]: a slice of group messages is packed into packets of
 * `messagesPerPacket` (DOMAIN §3: at most 1,500 bytes, a message never split), each packet one real
 * channel's, the packets going to the real channels in turn. A packet is the unit the network loses
 * (sim-network.ts `lostInRange`): a lost packet is one run of consecutive group numbers, as on a real
 * channel, so it is one gap and one retransmission request. The RTS limits are per real channel (spec
 * §4.3: "the last 50,000 messages per multicast channel") and per real request, so on the group's sequence
 * space they read (`groupRts`):
 * - retention: a real channel keeps its last R messages, i.e. the group's last R·k (to within a packet);
 * - range: one real request may ask for M messages of one channel; a group range of n numbers holds
 *   about n/k of each channel, so it is one request per channel touched while n ≤ M·k;
 * - requests: a group range of n numbers spans ⌈n/P⌉ packets of P messages, so it touches
 *   min(⌈n/P⌉, k) real channels, each one request — that many count against the daily limit (spec §4.3:
 *   the limit is per user, across all channels).
 * So a gap of N group messages is N/k per real channel against the 50,000 retention, as the real system
 * judges it: a long outage goes to refresh when its share of each real channel is past retention.
 */
import { parseClock, seconds, type Micros } from "../../engine/time.ts"
import type { Line } from "./messages.ts"

const clock = (text: string): Micros => parseClock(text)!

/** `omdc/SS` for an OMD-C channel group. */
export const omdcChannel = (group: string): string => `omdc/${group}`

/** The sequence space of one line: line A and B carry the same numbers, lost independently. */
export const lineStream = (channel: string, line: Line): string => `${channel}/${line}`
/** Multicast group of a real-time line (same text as its stream). */
export const lineGroup = lineStream
export const refreshStream = (channel: string, line: Line): string => `${channel}/refresh/${line}`
export const refreshGroup = refreshStream

/** DOMAIN §3 day cycle and heartbeat. */
export const DAY = {
  /** Connect at or after 06:00; the first message on every channel is Sequence Reset. */
  startOfDay: clock("06:00"),
  /** Traffic, heartbeats included, stops about 18:30 on real-time and refresh channels. */
  endOfTraffic: clock("18:30"),
  /** Heartbeat about every 2 s on an idle channel. */
  heartbeatInterval: seconds(2)
} as const

export interface RtsLimits {
  readonly retention: number
  readonly maxRange: number
  readonly dailyRequests: number
  readonly logonTimeout: Micros
  readonly heartbeatInterval: Micros
  readonly heartbeatResponseTimeout: Micros
}

/** DOMAIN §3 RTS limits (spec §4.3 "System limits"). */
export const RTS_LIMITS: RtsLimits = {
  /** Last messages kept per channel. */
  retention: 50_000,
  /** Maximum sequence range per request. */
  maxRange: 10_000,
  /** Requests per day, over all channels (per user). */
  dailyRequests: 1_000,
  logonTimeout: seconds(5),
  heartbeatInterval: seconds(30),
  heartbeatResponseTimeout: seconds(5)
}

/** `limits` (per real channel and request) on the sequence space of a group of `realChannels` (header). */
export const groupRts = (limits: RtsLimits, realChannels: number): { readonly retention: number; readonly maxRange: number } => ({
  retention: limits.retention * realChannels,
  maxRange: limits.maxRange * realChannels
})

/**
 * The real requests one request for `count` of a group's numbers stands for: one per real channel it
 * touches — a run of `perPacket`-message packets (header) touches one channel per packet, at most all k.
 */
export const realRequests = (count: number, realChannels: number, perPacket = 1): number =>
  Math.max(1, Math.min(Math.ceil(count / perPacket), realChannels))

/** DOMAIN §3: readiness-test environment caps retention and range at 1,000. */
export const RTS_LIMITS_READINESS_TEST: RtsLimits = { ...RTS_LIMITS, retention: 1_000, maxRange: 1_000 }

/** DOMAIN §3: maximum packet 1500 bytes including multicast headers. */
export const MAX_PACKET_BYTES = 1500
/** [U] IPv4 (20, no options) + UDP (8): the "multicast headers" inside the 1500. */
export const IP_UDP_HEADER_BYTES = 28

/**
 * Messages of `meanMessageBytes` one packet holds: MAX_PACKET_BYTES less the IP/UDP headers and the
 * 16-byte packet header (DOMAIN §3: a message is never split). 36 for SS's 40 bytes, 40 for SP, 52 for SF.
 */
export const messagesPerPacket = (meanMessageBytes: number): number =>
  Math.max(1, Math.floor((MAX_PACKET_BYTES - IP_UDP_HEADER_BYTES - 16) / meanMessageBytes))

/** OMD bytes of `count` messages of `meanMessageBytes` packed greedily into packets, each with its header. */
export const packetsBytes = (count: number, meanMessageBytes: number): number => {
  if (count <= 0) return 0
  return Math.ceil(count / messagesPerPacket(meanMessageBytes)) * 16 + count * meanMessageBytes
}
