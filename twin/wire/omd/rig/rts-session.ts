/**
 * One TCP connection to the rig's Retransmission Service (spec §4.3), for one participant at one RTS
 * server: Logon within the logon timeout, then requests served one after the other, the server's
 * heartbeats (a packet of MsgCount 0) every heartbeat interval, each to be echoed within the response
 * timeout. The rules of the answers are rts-rules.ts.
 *
 * Untrusted input: the stream is cut by PktSize (the codec's PacketFramer: at most one packet buffered);
 * a bad PktSize, a packet that does not decode, a message that is not Logon / Retransmission Request, or a
 * second Logon closes the connection with a line naming what was wrong and where (offset). Requests wait
 * in a queue of at most `MAX_QUEUED` (more closes the connection); an accepted range is written in batches
 * that wait for the socket to drain, so a slow reader cannot make the server hold a whole range.
 *
 * Frozen (the twin blocks the path from the participant to this server while the session is open): the
 * session neither reads nor writes nor sends heartbeats — the packets a firewall would drop — and takes up
 * where it was if the path opens again.
 */
import type net from "node:net"
import { decodePacket, encodeHeartbeat, encodeRtsPacket, isOmdDecodeError, MsgType, PacketFramer, type OmdMessage } from "../index.ts"
import type { OmdGroup } from "./address-plan.ts"
import { judgeRequest, type RtsRules } from "./rts-rules.ts"

/** Requests a session may have waiting. */
export const MAX_QUEUED = 16
/** Messages per batch written before waiting for the socket to drain. */
const BATCH = 2_000

export interface RtsTiming {
  readonly logonMs: number
  readonly heartbeatMs: number
  readonly responseMs: number
}

/** What the sessions of one RTS server share: one session per user at the server, the users' daily requests. */
export interface RtsServerShared {
  readonly node: string
  readonly sessions: Map<string, RtsSession>
  /** Real requests per user today: one map for all the rig's servers (the limit is the user's, rts-rules.ts). */
  readonly requests: Map<string, number>
}

export interface RtsSessionContext {
  readonly participant: string
  readonly server: RtsServerShared
  readonly rules: RtsRules
  readonly timing: RtsTiming
  readonly highest: (group: OmdGroup) => number
  /** SendTime of a packet sent now: the simulated day's instant, as every other packet of the rig carries. */
  readonly sendTime: () => bigint
  /** The packets of numbers `from..to` of `group` (to ≤ from + BATCH − 1). */
  readonly packets: (group: OmdGroup, from: number, to: number) => ReadonlyArray<Uint8Array>
  readonly log: (line: string) => void
}

export class RtsSession {
  user: string | undefined
  private readonly socket: net.Socket
  private readonly context: RtsSessionContext
  private readonly framer = new PacketFramer()
  private readonly queue: Array<{ readonly channelId: number; readonly beginSeqNum: number; readonly endSeqNum: number }> = []
  private serving = false
  private closed = false
  private frozenNow = false
  private readonly thawWaiters: Array<() => void> = []
  private logonTimer: ReturnType<typeof setTimeout> | undefined
  private heartbeatTimer: ReturnType<typeof setInterval> | undefined
  private echoTimer: ReturnType<typeof setTimeout> | undefined

  constructor(socket: net.Socket, context: RtsSessionContext) {
    this.socket = socket
    this.context = context
    socket.setNoDelay(true)
    socket.on("data", (chunk: Buffer) => this.read(chunk))
    socket.on("error", () => this.close())
    socket.on("close", () => this.close())
    this.logonTimer = setTimeout(() => this.fail("no Logon within the logon timeout"), context.timing.logonMs)
  }

  get frozen(): boolean {
    return this.frozenNow
  }

  /** The twin blocked (true) or opened (false) the path to this server. */
  freeze(frozen: boolean): void {
    if (this.closed || frozen === this.frozenNow) return
    this.frozenNow = frozen
    if (frozen) {
      // A heartbeat awaiting its echo cannot get it through a firewall: no verdict while frozen.
      clearTimeout(this.echoTimer)
      this.echoTimer = undefined
      this.socket.pause()
      return
    }
    this.socket.resume()
    for (const w of this.thawWaiters.splice(0)) w()
  }

  close(): void {
    if (this.closed) return
    this.closed = true
    clearTimeout(this.logonTimer)
    clearInterval(this.heartbeatTimer)
    clearTimeout(this.echoTimer)
    if (this.user !== undefined && this.context.server.sessions.get(this.user) === this) this.context.server.sessions.delete(this.user)
    for (const w of this.thawWaiters.splice(0)) w()
    this.socket.destroy()
  }

  private fail(why: string): void {
    if (this.closed) return
    this.context.log(`omd-c RTS ${this.context.server.node} ${this.context.participant}${this.user === undefined ? "" : ` (${this.user})`}: closed: ${why}`)
    this.close()
  }

  /** Writes `bytes`, then closes if `thenClose` (after the bytes are flushed). */
  private write(bytes: Uint8Array, thenClose = false): boolean {
    if (this.closed) return false
    if (thenClose) {
      this.socket.end(bytes)
      this.closed = true
      clearTimeout(this.logonTimer)
      clearInterval(this.heartbeatTimer)
      clearTimeout(this.echoTimer)
      if (this.user !== undefined && this.context.server.sessions.get(this.user) === this) this.context.server.sessions.delete(this.user)
      return false
    }
    return this.socket.write(bytes)
  }

  private read(chunk: Buffer): void {
    if (this.closed) return
    const error = this.framer.push(chunk, (packet) => this.packet(packet))
    if (error !== undefined) this.fail(`${error.reason} at stream offset ${error.offset}: ${error.field} expected ${error.expected}, got ${String(error.got)}`)
  }

  private packet(bytes: Uint8Array): void {
    if (this.closed) return
    const decoded = decodePacket(bytes)
    if (isOmdDecodeError(decoded)) return this.fail(`${decoded.reason} at offset ${decoded.offset} of a packet: ${decoded.field} expected ${decoded.expected}, got ${String(decoded.got)}`)
    if (decoded.messages.length === 0) {
      // The echo of our heartbeat (spec §4.3: an exact copy).
      clearTimeout(this.echoTimer)
      this.echoTimer = undefined
      return
    }
    for (const m of decoded.messages) {
      if (m.msgType === "unknown") return this.fail(`unknown MsgType ${m.wireType}: expected Logon (101) or Retransmission Request (201)`)
      this.message(m)
      if (this.closed) return
    }
  }

  private message(m: OmdMessage): void {
    if (m.msgType === MsgType.Logon) return this.logon(m.username)
    if (m.msgType === MsgType.RetransmissionRequest) {
      if (this.user === undefined) return this.fail("Retransmission Request before Logon")
      if (this.queue.length >= MAX_QUEUED) return this.fail(`more than ${MAX_QUEUED} requests waiting`)
      this.queue.push({ channelId: m.channelId, beginSeqNum: m.beginSeqNum, endSeqNum: m.endSeqNum })
      void this.serve()
      return
    }
    this.fail(`MsgType ${m.msgType}: expected Logon (101) or Retransmission Request (201)`)
  }

  private logon(username: string): void {
    if (this.user !== undefined) return this.fail("a second Logon")
    clearTimeout(this.logonTimer)
    const { server, rules, participant } = this.context
    const refuse = (status: 5 | 100, why: string) => {
      this.context.log(`omd-c RTS ${server.node} ${participant}: Logon ${JSON.stringify(username)} refused (${status}: ${why})`)
      this.write(encodeRtsPacket({ msgType: MsgType.LogonResponse, sessionStatus: status }), true)
    }
    if (!rules.usersOf(participant).includes(username)) return refuse(5, "invalid username or IP address")
    if (server.sessions.has(username)) return refuse(100, "user already connected")
    this.user = username
    server.sessions.set(username, this)
    this.write(encodeRtsPacket({ msgType: MsgType.LogonResponse, sessionStatus: 0 }))
    this.heartbeatTimer = setInterval(() => this.heartbeat(), this.context.timing.heartbeatMs)
  }

  private heartbeat(): void {
    if (this.closed || this.frozenNow || this.echoTimer !== undefined) return
    this.write(encodeHeartbeat(0, this.context.sendTime()))
    this.echoTimer = setTimeout(() => this.fail("no heartbeat response within the timeout"), this.context.timing.responseMs)
  }

  private async serve(): Promise<void> {
    if (this.serving) return
    this.serving = true
    try {
      for (let r = this.queue.shift(); r !== undefined && !this.closed; r = this.queue.shift()) await this.answer(r)
    } finally {
      this.serving = false
    }
  }

  private async thawed(): Promise<void> {
    while (this.frozenNow && !this.closed) await new Promise<void>((resolve) => this.thawWaiters.push(resolve))
  }

  private async answer(r: { readonly channelId: number; readonly beginSeqNum: number; readonly endSeqNum: number }): Promise<void> {
    await this.thawed()
    if (this.closed) return
    const { server, rules, participant } = this.context
    const user = this.user!
    const used = server.requests.get(user) ?? 0
    const verdict = judgeRequest(rules, r, used, this.context.highest)
    // As the model counts (rts-server.ts): a request refused for the limit is not one of the day's.
    if (verdict.status !== 101) server.requests.set(user, used + verdict.cost)
    const response = encodeRtsPacket({ msgType: MsgType.RetransmissionResponse, channelId: r.channelId, retransStatus: verdict.status, beginSeqNum: r.beginSeqNum, endSeqNum: r.endSeqNum })
    this.context.log(`omd-c RTS ${server.node} ${participant} (${user}): channel ${r.channelId} ${r.beginSeqNum}-${r.endSeqNum}: RetransStatus ${verdict.status}`)
    if (verdict.status === 101) {
      this.write(response, true)
      return
    }
    this.write(response)
    if (verdict.status !== 0) return
    for (let from = r.beginSeqNum; from <= r.endSeqNum && !this.closed; from += BATCH) {
      await this.thawed()
      const to = Math.min(r.endSeqNum, from + BATCH - 1)
      let ok = true
      for (const p of this.context.packets(verdict.group, from, to)) ok = this.write(p) && ok
      if (!ok && !this.closed) await new Promise<void>((resolve) => this.socket.once("drain", resolve).once("close", resolve))
    }
  }
}
