/** The statistics `twin omd listen` prints at the end: per channel, per line, the books, the DR signals. */
import type { ChannelStats, LineStats } from "../wire/omd/listen/channel-feed.ts"
import type { ListenReport } from "../wire/omd/listen/listener.ts"

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`

const lineRow = (name: string, l: LineStats): string =>
  `  line ${name}  packets ${l.packets}  messages ${l.messages}  heartbeats ${l.heartbeats}  bytes ${l.bytes}  first ${l.firstCome}  undecodable ${l.decodeErrors}  longest without data ${seconds(l.longestSilenceMs)}`

const channelRows = (c: ChannelStats): ReadonlyArray<string> => [
  `channel ${c.channel}  ${c.state}  next expected ${c.nextExpected ?? "-"}  processed ${c.processed}  duplicates ${c.duplicates}`,
  lineRow("A", c.lines.A),
  lineRow("B", c.lines.B),
  `  gaps ${c.gaps} (${c.gapMessages} messages)  recovered ${c.recovered}  unrecovered ${c.unrecovered}  RTS requests ${c.rtsRequests} (${c.rtsFailures} could not be served)  refreshes ${c.refreshes}  sequence resets ${c.sequenceResets}  longest without data ${seconds(c.longestSilenceMs)}`,
  `  books: ${c.books.securities} securities defined, ${c.books.books} books, ${c.books.orders} orders, ${c.books.levels} price levels, ${c.books.inconsistencies} inconsistent updates`
]

/**
 * `rigShed`: packets of these lines the rig shed meanwhile (undefined: the rig could not be asked at the end),
 * said beside the gaps they made so that nobody blames the network for them.
 */
export const renderListenReport = (participant: string, report: ListenReport, rigShed?: number): string => {
  const dr = report.drSignals
  return [
    `twin omd listen ${participant}: ${seconds(report.durationMs)}`,
    ...report.channels.flatMap(channelRows),
    `RTS: ${report.rtsRequestsSent} Retransmission Requests sent${report.rtsEndOfDay ? ", daily limit met (RetransStatus 101): no more today" : ""}`,
    `DR signals: ${dr.length === 0 ? "none" : dr.map((d) => `DRStatus ${d.drStatus} at ${d.channel} ${d.seq}`).join(", ")}`,
    ...(report.decodeErrors.length === 0 ? [] : ["undecodable datagrams:", ...report.decodeErrors.map((e) => `  ${e}`)]),
    ...(report.pcap === undefined ? [] : [`pcap: ${report.pcap.path} (${report.pcap.packets} packets)`]),
    ...(rigShed === undefined ? ["rig: could not be asked at the end what it shed"]
      : rigShed === 0 ? []
      : [`rig: ${rigShed} packets of these lines shed meanwhile (over 2 s late: the rig fell behind the drill's speed) — gaps they made are the rig's, not the twin's; slow the drill down`])
  ].join("\n")
}
