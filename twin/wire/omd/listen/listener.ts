/**
 * `twin omd listen`'s feed handler on real sockets: for each channel it joins lines A and B (and, while a
 * channel needs one, its refresh lines), feeds every datagram to the channel's `ChannelFeed`, performs the
 * actions it returns (a Retransmission Request over TCP, joining or leaving refresh), ticks the arbitration
 * timeouts, and reacts to a Disaster Recovery Signal processed on any channel (§3.4.3: DRStatus 1 clears
 * every book; DRStatus 2 rebuilds every channel that has a refresh service from it). Optionally it writes
 * every datagram it received to a pcap file (RTS traffic is TCP and is not in the capture). A datagram
 * whose every number was already processed (the slower line's copy) is counted from its header alone.
 */
import type * as dgram from "node:dgram"
import { isOmdDecodeError } from "../errors.ts"
import type { OmdMessage, UnknownMessage } from "../messages.ts"
import { decodePacket } from "../packet-decode.ts"
import { PACKET_HEADER_BYTES } from "../packet-header.ts"
import { ChannelFeed, type ChannelStats, type FeedAction, type Line, type SeqRange } from "./channel-feed.ts"
import { closeSocket, joinGroup, type MulticastEndpoint } from "./multicast.ts"
import type { PcapWriter } from "./pcap.ts"
import type { RtsTarget } from "./rts-client.ts"
import { RtsRecovery, type Retransmit } from "./rts-recovery.ts"

export interface ChannelEndpoints {
  /** The channel (group) as the rig names it: SS, SP, SF, DR. */
  readonly channel: string
  /** ChannelID for Retransmission Requests (§3.5.3); undefined: the RTS does not serve this channel. */
  readonly channelId: number | undefined
  readonly lineA?: MulticastEndpoint
  readonly lineB?: MulticastEndpoint
  readonly refreshA?: MulticastEndpoint
  readonly refreshB?: MulticastEndpoint
}

export interface ListenerConfig {
  readonly channels: ReadonlyArray<ChannelEndpoints>
  /** The retransmission servers, in the order to try them (spec §4.3: another when one does not respond). */
  readonly rts: ReadonlyArray<RtsTarget> | RtsTarget | undefined
  /** Logon Username (§3.5.1, at most 12 characters). */
  readonly username: string
  /** Interface the memberships are on (default 127.0.0.1). */
  readonly networkInterface?: string
  readonly pcap?: PcapWriter
  readonly arbitrationTimeoutMs?: number
  readonly rtsConnectTimeoutMs?: number
  readonly rtsResponseTimeoutMs?: number
  /** One line per notable event (gap, recovery, refresh, DR signal, undecodable datagram). */
  readonly onEvent?: (line: string) => void
  readonly nowMs?: () => number
  /** How one request is made (tests substitute it); default: a TCP session per request. */
  readonly retransmit?: Retransmit
}

export interface DrSignalSeen {
  readonly channel: string
  readonly seq: number
  readonly drStatus: number
  readonly atMs: number
}

export interface ListenReport {
  readonly startedAtMs: number
  readonly durationMs: number
  readonly channels: ReadonlyArray<ChannelStats>
  readonly drSignals: ReadonlyArray<DrSignalSeen>
  /** The first undecodable datagrams (at most 20): channel, line, the decoder's one-line error. */
  readonly decodeErrors: ReadonlyArray<string>
  /** Retransmission Requests sent over all channels (failover and split requests included). */
  readonly rtsRequestsSent: number
  /** RetransStatus 101 was met: no more requests today (spec §4.3). */
  readonly rtsEndOfDay: boolean
  readonly pcap?: { readonly path: string; readonly packets: number }
}

interface ChannelRuntime {
  readonly endpoints: ChannelEndpoints
  readonly feed: ChannelFeed
  refreshSockets: Array<dgram.Socket>
  refreshJoin: Promise<void> | undefined
}

export class OmdListener {
  private readonly config: ListenerConfig
  private readonly now: () => number
  private readonly runtimes: Array<ChannelRuntime> = []
  private readonly lineSockets: Array<dgram.Socket> = []
  private readonly drSignals: Array<DrSignalSeen> = []
  private readonly decodeErrors: Array<string> = []
  private readonly inFlight = new Set<Promise<void>>()
  private readonly rts: RtsRecovery
  private rtsRequestsSent = 0
  private rtsEndOfDay = false
  private lastDrStatus: number | undefined
  private ticker: ReturnType<typeof setInterval> | undefined
  private startedAtMs = 0
  private stopped = false

  private constructor(config: ListenerConfig) {
    this.config = config
    this.now = config.nowMs ?? Date.now
    const servers: ReadonlyArray<RtsTarget> = config.rts === undefined ? [] : "host" in config.rts ? [config.rts] : config.rts
    this.rts = new RtsRecovery(servers, config.retransmit)
  }

  /** Joins every channel's lines; rejects (after closing what it opened) if a group cannot be joined. */
  static async start(config: ListenerConfig): Promise<OmdListener> {
    const listener = new OmdListener(config)
    try {
      await listener.open()
    } catch (error) {
      await listener.stop()
      throw error
    }
    return listener
  }

  private async open(): Promise<void> {
    this.startedAtMs = this.now()
    for (const endpoints of this.config.channels) {
      const runtime: ChannelRuntime = {
        endpoints,
        feed: new ChannelFeed({
          channel: endpoints.channel,
          refreshAvailable: endpoints.refreshA !== undefined || endpoints.refreshB !== undefined,
          ...(this.config.arbitrationTimeoutMs === undefined ? {} : { arbitrationTimeoutMs: this.config.arbitrationTimeoutMs }),
          onMessage: (seq, message) => this.processed(endpoints.channel, seq, message)
        }),
        refreshSockets: [],
        refreshJoin: undefined
      }
      runtime.feed.start(this.startedAtMs)
      this.runtimes.push(runtime)
      for (const [line, endpoint] of [["A", endpoints.lineA], ["B", endpoints.lineB]] as const) {
        if (endpoint === undefined) continue
        this.lineSockets.push(await joinGroup(endpoint, this.iface(), (payload, source) => this.lineDatagram(runtime, line, endpoint, payload, source)))
      }
    }
    this.ticker = setInterval(() => {
      for (const runtime of this.runtimes) this.perform(runtime, runtime.feed.tick(this.now()))
    }, 10)
  }

  /** Statistics so far. */
  report(): ListenReport {
    const now = this.now()
    return {
      startedAtMs: this.startedAtMs,
      durationMs: now - this.startedAtMs,
      channels: this.runtimes.map((r) => r.feed.statistics(now)),
      drSignals: [...this.drSignals],
      decodeErrors: [...this.decodeErrors],
      rtsRequestsSent: this.rtsRequestsSent,
      rtsEndOfDay: this.rtsEndOfDay,
      ...(this.config.pcap === undefined ? {} : { pcap: { path: this.config.pcap.path, packets: this.config.pcap.packets } })
    }
  }

  /** Closes every socket, waits for RTS requests in flight, counts what is still missing; the final report. */
  async stop(): Promise<ListenReport> {
    if (!this.stopped) {
      this.stopped = true
      if (this.ticker !== undefined) clearInterval(this.ticker)
      await Promise.all(this.lineSockets.map(closeSocket))
      await Promise.all(this.runtimes.map((r) => r.refreshJoin ?? Promise.resolve()))
      await Promise.all(this.runtimes.flatMap((r) => r.refreshSockets.map(closeSocket)))
      await Promise.all([...this.inFlight])
      const now = this.now()
      for (const runtime of this.runtimes) runtime.feed.finish(now)
      this.config.pcap?.close()
    }
    return this.report()
  }

  private iface(): string {
    return this.config.networkInterface ?? "127.0.0.1"
  }

  private capture(endpoint: MulticastEndpoint, payload: Buffer, source: dgram.RemoteInfo): void {
    this.config.pcap?.write({ wallMs: Date.now(), source: { address: source.address, port: source.port }, destination: endpoint, payload })
  }

  private lineDatagram(runtime: ChannelRuntime, line: Line, endpoint: MulticastEndpoint, payload: Buffer, source: dgram.RemoteInfo): void {
    if (this.stopped) return
    this.capture(endpoint, payload, source)
    const now = this.now()
    // The other line's copy of numbers already processed: counted from its header, not decoded.
    if (payload.length >= PACKET_HEADER_BYTES && payload.readUInt16LE(0) === payload.length) {
      const msgCount = payload[2]!
      const seqNum = payload.readUInt32LE(4)
      if (runtime.feed.isStale(seqNum, msgCount)) return runtime.feed.stalePacket(line, payload.length, seqNum, msgCount, now)
    }
    const packet = decodePacket(payload, { skipUnknown: true })
    if (isOmdDecodeError(packet)) {
      runtime.feed.decodeError(line, payload.length, now)
      this.undecodable(`${runtime.endpoints.channel} line ${line}: ${packet.message}`)
      return
    }
    this.perform(runtime, runtime.feed.packet(line, packet, now))
  }

  private refreshDatagram(runtime: ChannelRuntime, endpoint: MulticastEndpoint, payload: Buffer, source: dgram.RemoteInfo): void {
    if (this.stopped) return
    this.capture(endpoint, payload, source)
    const packet = decodePacket(payload, { skipUnknown: true })
    if (isOmdDecodeError(packet)) return this.undecodable(`${runtime.endpoints.channel} refresh: ${packet.message}`)
    this.perform(runtime, runtime.feed.refreshPacket(packet, this.now()))
  }

  private undecodable(line: string): void {
    if (this.decodeErrors.length < 20) this.decodeErrors.push(line)
    this.config.onEvent?.(`undecodable datagram: ${line}`)
  }

  private processed(channel: string, seq: number, message: OmdMessage | UnknownMessage): void {
    if (message.msgType !== 105) return
    const seen = { channel, seq, drStatus: message.drStatus, atMs: this.now() }
    this.drSignals.push(seen)
    if (message.drStatus === this.lastDrStatus) return // §3.4.3: the same signal is repeated until end of day
    this.lastDrStatus = message.drStatus
    this.config.onEvent?.(`${channel}: Disaster Recovery Signal, DRStatus ${message.drStatus} (${message.drStatus === 1 ? "DR in progress" : message.drStatus === 2 ? "DR completed" : "unknown"}) at ${seq}`)
    for (const runtime of this.runtimes) {
      if (message.drStatus === 1) runtime.feed.books.clear()
      else if (message.drStatus === 2) this.perform(runtime, runtime.feed.requestRefresh("DR completed", true))
    }
  }

  private perform(runtime: ChannelRuntime, actions: ReadonlyArray<FeedAction>): void {
    for (const action of actions) {
      switch (action._tag) {
        case "note":
          this.config.onEvent?.(action.text)
          break
        case "retransmit":
          this.track(this.recover(runtime, action.range))
          break
        case "join-refresh":
          this.config.onEvent?.(`${runtime.endpoints.channel}: joining refresh (${action.reason})`)
          this.track(this.joinRefresh(runtime))
          break
        case "leave-refresh":
          this.track(this.leaveRefresh(runtime))
          break
      }
    }
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work)
    void work.finally(() => this.inFlight.delete(work))
  }

  private async recover(runtime: ChannelRuntime, range: SeqRange): Promise<void> {
    const { channel, channelId } = runtime.endpoints
    this.config.onEvent?.(`${channel}: gap ${range.first}-${range.last} (${range.last - range.first + 1} messages): Retransmission Request`)
    const outcome =
      this.rtsEndOfDay ? { ok: false as const, why: "no more RTS requests today (RetransStatus 101 met)", endOfDay: true, requests: 0 }
      : channelId === undefined ? { ok: false as const, why: "no ChannelID for this channel", endOfDay: false, requests: 0 }
      : await this.rts.recover({
          username: this.config.username, channelId,
          ...(this.config.rtsConnectTimeoutMs === undefined ? {} : { connectTimeoutMs: this.config.rtsConnectTimeoutMs }),
          ...(this.config.rtsResponseTimeoutMs === undefined ? {} : { responseTimeoutMs: this.config.rtsResponseTimeoutMs })
        }, range)
    this.rtsRequestsSent += outcome.requests
    if (!outcome.ok && outcome.endOfDay) this.rtsEndOfDay = true
    if (this.stopped) return
    const now = this.now()
    this.perform(runtime, outcome.ok ? runtime.feed.retransmitted(range, outcome.messages, now) : runtime.feed.retransmitFailed(range, outcome.why, now))
  }

  private async joinRefresh(runtime: ChannelRuntime): Promise<void> {
    if (runtime.refreshSockets.length > 0 || runtime.refreshJoin !== undefined) return
    const join = (async () => {
      for (const endpoint of [runtime.endpoints.refreshA, runtime.endpoints.refreshB]) {
        if (endpoint === undefined || this.stopped) continue
        try {
          runtime.refreshSockets.push(await joinGroup(endpoint, this.iface(), (payload, source) => this.refreshDatagram(runtime, endpoint, payload, source)))
        } catch (error) {
          this.config.onEvent?.(`${runtime.endpoints.channel}: cannot join refresh ${endpoint.address}:${endpoint.port} (${String(error)})`)
        }
      }
    })()
    runtime.refreshJoin = join
    await join
    runtime.refreshJoin = undefined
  }

  private async leaveRefresh(runtime: ChannelRuntime): Promise<void> {
    await runtime.refreshJoin
    const sockets = runtime.refreshSockets
    runtime.refreshSockets = []
    await Promise.all(sockets.map(closeSocket))
  }
}
