/**
 * The OCG-C as one FIX endpoint set: every Comp ID's session (comp-session.ts), the connections to every
 * gateway (connection.ts), and the OTP-C application (application.ts), on one virtual clock.
 *
 * When to use: the rig (rig-endpoint.ts) makes one per live world and feeds it sockets (`open`), the
 * clock (`tick` after every step of the world), gateway crashes (`gatewayDown`) and path cuts (`pathCut`
 * is asked, `recheckPaths` re-asks after every step). Tests drive it the same way with a hand clock.
 *
 * With a `relay` (`twin serve --real-sessions`), the sessions it names are relayed to the twin's model
 * instead (relay.ts): their Logons, orders, Logouts and disconnects go to the model's gateway through the
 * session's stand-in, and what the model's gateway sends back (`fromModel`: the Logon answer, Execution
 * Reports, rejects, Logout, drops) is written to the client; the FIX session itself (sequence numbers,
 * heartbeats, Resend Requests and replays of what this endpoint wrote) stays the endpoint's. What the
 * client is answered goes out in the order its business messages came (`Turn`), whoever answers each.
 *
 * Cancel-on-Disconnect (a Comp ID's `cancelOnDisconnect` delay; DOMAIN §1), for the sessions it runs itself,
 * by the model's rule (twin/models/ocg/otp-c.ts `triggersCancelOnDisconnect`): a session ended abruptly — its
 * socket closed by the client without a Logout, dropped by the gateway without one, a duplicate logon, a second
 * Resend Request during a replay — or by the gateway's Test Request timeout arms it; a Logon of the Comp ID at
 * any gateway before the delay has passed disarms it; when it passes, the application cancels the session's
 * open orders and their Execution Reports wait in the host log for the next Logon. A Logout either way, a
 * gateway crash (an internal OCG-C outage) or the reset of a crashed gateway's stale connections never arm
 * it. A relayed session's is the model's: its end is reported to the stand-in (`ended`, `logout`).
 *
 * Gotcha: timers are virtual-time checks run on `tick`, never wall-clock timers: pausing the world pauses
 * every heartbeat, and a test moves time by calling `tick` with the clock moved.
 */
import type { KeyObject } from "node:crypto"
import { formatTimeOfDay, type Micros } from "../../../engine/time.ts"
import type { DetachCause } from "../../../contract/kinds-ocg.ts"
import { triggersCancelOnDisconnect } from "../../../models/ocg/otp-c.ts"
import { encodeFrame, type Field } from "../codec/frame.ts"
import { utcTimestamp } from "../codec/timestamp.ts"
import { fieldOf, type FixMessage } from "../codec/message.ts"
import { BusinessRejectReason, MsgType, Tag } from "../codec/tags.ts"
import type { OcgRelayArrival } from "../../../simulate/taps.ts"
import type { SessionChange } from "../../../models/trading-day.ts"
import { cancelRefusal } from "../../../models/ocg/order-hours.ts"
import { NEW_ORDER_REQUIRED, newOrderProblem, OtpcApplication, requiredMissing } from "./application.ts"
import { type CompConfig, CompSession } from "./comp-session.ts"
import { Connection, type ConnectionPort, throttleText } from "./connection.ts"
import { defaultLimits, type OcgLimits } from "./limits.ts"
import { RelayBook, type RelayPort } from "./relay.ts"
import { MASS_CANCEL_REQUIRED, massCancelReport } from "./mass-cancel.ts"

export interface OcgClock {
  /** Virtual now. */
  now(): Micros
  /**
   * Wall clock, ms since the epoch: the SendingTime (52) the endpoint stamps, and what a client's SendingTime
   * and password time are checked against (never virtual time: sending-time.ts).
   */
  wallMs(): number
  /**
   * Whether the world's day is over: its clock stands at the end of its window and moves no more, so
   * nothing sent now would be answered by the model, filled, or let through a throttle's next second.
   */
  over(): boolean
}

/**
 * One business message of a relayed session in the order the client sent it, and how to write its answer
 * (undefined while the model has not given it). The endpoint refuses a wrong message at once, while the
 * model's acknowledgement of an earlier order comes a round trip later: written as they came, the refusal
 * would overtake it, where a gateway answers a session's messages in the order it took them. (The model's
 * gateway keeps that rule for its own throttle rejects, twin/models/ocg/turns.ts: they come in turn already.)
 */
interface Turn {
  /** The client's MsgSeqNum and ClOrdID, for a message the model is to answer; undefined for one answered already. */
  readonly ref: number | undefined
  readonly clOrdId: number | undefined
  write: (() => void) | undefined
}

export interface OcgCoreOptions {
  readonly sessions: ReadonlyArray<CompConfig>
  readonly clock: OcgClock
  readonly privateKey: KeyObject
  readonly log: (line: string) => void
  /** Whether participant `p`'s path to `gateway` is cut now (the twin's pathNow); absent: never. */
  readonly pathCut?: (participant: string, gateway: string) => boolean
  readonly limits?: Partial<OcgLimits>
  /** The trading day the endpoint's own OTP-C keeps its phases by (default a full day, ../../../models/trading-day.ts). */
  readonly day?: ReadonlyArray<SessionChange>
  /** Where the passwords and public key are, named when a Logon is refused for its password (the operator's hint). */
  readonly credentials?: string
  /**
   * The sessions relayed to the twin's model (relay.ts): their business goes to the model's gateway and
   * OTP-C host, not to this core's own application. Absent: none (the standalone endpoint).
   */
  readonly relay?: RelayPort
}

export class OcgCore {
  readonly sessions: ReadonlyMap<string, CompSession>
  readonly clock: OcgClock
  readonly privateKey: KeyObject
  readonly limits: OcgLimits
  readonly log: (line: string) => void
  readonly credentials: string | undefined
  private readonly cutFn: (participant: string, gateway: string) => boolean
  private readonly relay: RelayPort | undefined
  private readonly book = new RelayBook()
  private readonly holders = new Map<CompSession, Connection>()
  /** The connection each session last logged on with, until its socket closes (`closed`). */
  private readonly lastLoggedOn = new Map<CompSession, Connection>()
  private readonly connections = new Set<Connection>()
  private readonly dropCopies = new Map<string, Array<CompSession>>()
  /** Gateways whose node is down (crashed): their connections are held silent, new ones never answered. */
  private readonly down = new Set<string>()
  private readonly app: OtpcApplication
  /** How each connection's session ended (`detach`), for what a relayed session's end tells the model. */
  private readonly endings = new WeakMap<Connection, DetachCause>()
  /** Sessions whose Cancel-on-Disconnect is armed, with the virtual instant it fires. */
  private readonly cancelOnDisconnectAt = new Map<CompSession, Micros>()
  /** Per relayed session, its messages whose answers wait for an older one's (`Turn`); empty or absent: none waits. */
  private readonly turns = new Map<CompSession, Array<Turn>>()
  private massCancels = 0
  private nextConnection = 1

  constructor(options: OcgCoreOptions) {
    this.sessions = new Map(options.sessions.map((c) => [c.compId, new CompSession(c)]))
    this.clock = options.clock
    this.privateKey = options.privateKey
    this.log = options.log
    this.credentials = options.credentials
    this.cutFn = options.pathCut ?? (() => false)
    this.relay = options.relay
    this.limits = { ...defaultLimits, ...options.limits }
    for (const s of this.sessions.values()) {
      if (s.config.type !== "drop-copy") continue
      const list = this.dropCopies.get(s.config.participant) ?? []
      list.push(s)
      this.dropCopies.set(s.config.participant, list)
    }
    this.app = new OtpcApplication(this.limits.fillDelay, () => this.transactTime(), options.day)
  }

  pathCut(participant: string, gateway: string): boolean {
    return this.cutFn(participant, gateway)
  }

  /** A socket accepted by `gateway`. */
  open(gateway: string, port: ConnectionPort): Connection {
    const c = new Connection(this, gateway, port, this.nextConnection++)
    this.connections.add(c)
    // A crashed machine answers nothing: the kernel here completes the handshake, the Logon is never answered.
    if (this.down.has(gateway)) c.silence(`connect to crashed gateway ${gateway}: held, never answered`)
    return c
  }

  holderOf(comp: CompSession): Connection | undefined {
    return this.holders.get(comp)
  }

  /** Whether `comp`'s session is relayed to the twin's model (relay.ts). */
  relayed(comp: CompSession): boolean {
    return this.relay?.has(comp.config.compId) === true
  }

  attach(comp: CompSession, c: Connection): void {
    this.holders.set(comp, c)
    // Answers still waiting were the old connection's: a business one is the host's, sent after this Logon (`unsent`).
    this.turns.delete(comp)
    const relay = this.relayed(comp) ? this.relay : undefined
    // The client left a connection it had not closed (one held silent): its session there ended first.
    const before = this.lastLoggedOn.get(comp)
    if (before !== undefined && before !== c) relay?.ended(comp.config.compId, before.gateway, before.id, `logged on again at ${c.gateway}`)
    this.lastLoggedOn.set(comp, c)
    relay?.logon(comp.config.compId, c.gateway, c.id)
    // DOMAIN §1 Cancel-on-Disconnect: "reconnecting within the delay cancels it" (at any gateway, as the model's host).
    if (this.cancelOnDisconnectAt.delete(comp)) this.log(`ocg-c ${c.label} ${comp.config.compId}: logged on again: Cancel-on-Disconnect avoided`)
  }

  /**
   * Connection `c` no longer holds its session (its socket may stay open, held silent). `cause`: how the
   * session ended, as the model's gateway tells its host (the Cancel-on-Disconnect rule reads it); undefined
   * when the host is told nothing (a gateway crash, a connection that held no session).
   */
  detach(c: Connection, cause: DetachCause | undefined): void {
    const comp = c.comp
    if (comp !== undefined && this.holders.get(comp) === c) {
      this.holders.delete(comp)
      this.turns.delete(comp)
      if (cause !== undefined) {
        // Only a session the model had logged on can log out there; one still waiting for the model's answer
        // is withdrawn as a disconnect (the stand-in's pending Logon dropped).
        if (c.ready) this.endings.set(c, cause)
        this.sessionEnded(comp, c, cause)
      }
    }
    if (c.phase === "closed") this.connections.delete(c)
  }

  private sessionEnded(comp: CompSession, c: Connection, cause: DetachCause): void {
    const delay = comp.config.cancelOnDisconnect
    if (delay === undefined || this.relayed(comp) || !triggersCancelOnDisconnect(cause)) return
    const at = this.clock.now() + delay
    this.cancelOnDisconnectAt.set(comp, at)
    this.log(`ocg-c ${c.label} ${comp.config.compId}: session ended (${cause}): Cancel-on-Disconnect armed, open orders cancelled at ${formatTimeOfDay(at)} unless it logs on again`)
  }

  /**
   * Connection `c`'s socket is gone (`reason` as logged). Its session ended for the client only now: a
   * connection held silent (a crashed gateway, a cut path) lost its session at once, but the client
   * notices only when its own timeout closes the socket, and that is when the model's BSS reports it.
   */
  closed(c: Connection, reason: string): void {
    if (c.comp === undefined || this.lastLoggedOn.get(c.comp) !== c) return
    this.lastLoggedOn.delete(c.comp)
    if (!this.relayed(c.comp)) return
    // A session this gateway ended with a Logout for a message it could not take (not for missed heartbeats)
    // ended gracefully: the model's session logs out too, so the model's host arms no Cancel-on-Disconnect.
    const cause = this.endings.get(c)
    if (cause !== undefined && !triggersCancelOnDisconnect(cause)) this.relay!.logout(c.comp.config.compId, c.id)
    else this.relay!.ended(c.comp.config.compId, c.gateway, c.id, reason)
  }

  /** The client of `c` logged out (graceful): the model's session logs out too (no Cancel-on-Disconnect). */
  loggedOut(c: Connection): void {
    if (c.comp === undefined || this.lastLoggedOn.get(c.comp) !== c) return
    this.lastLoggedOn.delete(c.comp)
    if (this.relayed(c.comp)) this.relay!.logout(c.comp.config.compId, c.id)
  }

  /** Every connection the core knows (for the rig's gating and the operator's view). */
  live(): ReadonlyArray<Connection> {
    return [...this.connections].filter((c) => c.phase !== "closed")
  }

  /** Virtual time moved: fills and Cancel-on-Disconnects due, every connection's timers. */
  tick(): void {
    const now = this.clock.now()
    // In virtual-time order: an order due to fill by the instant its session's delay ends is filled, the rest cancelled.
    const fired = [...this.cancelOnDisconnectAt].filter(([, at]) => at <= now).sort((a, b) => a[1] - b[1])
    for (const [comp, at] of fired) {
      for (const fill of this.app.due(at)) this.record(fill.compId, fill.body)
      this.cancelOnDisconnectAt.delete(comp)
      const cancels = this.app.cancelOnDisconnect(comp.config.compId)
      this.log(`ocg-c ${comp.config.compId}: Cancel-on-Disconnect at ${formatTimeOfDay(at)}: ${cancels.length} open order${cancels.length === 1 ? "" : "s"} cancelled (Execution Reports at its next Logon)`)
      for (const body of cancels) this.record(comp.config.compId, body)
    }
    for (const fill of this.app.due(now)) this.record(fill.compId, fill.body)
    for (const c of [...this.connections]) {
      if (c.phase === "closed") this.connections.delete(c)
      else c.tick(now)
    }
  }

  /** Re-judges every connection's path (after the world changed): cut ones go silent, healed ones speak. */
  recheckPaths(): void {
    for (const c of this.connections) {
      if (c.comp === undefined || c.phase === "closed") continue
      const cut = this.pathCut(c.comp.config.participant, c.gateway)
      if (cut !== c.cut) this.log(`ocg-c ${c.gateway} #${c.id} ${c.comp.config.compId}: path ${cut ? "cut: traffic stops" : "restored"}`)
      c.cut = cut
    }
  }

  /**
   * Gateway `g` crashed. A crashed host sends nothing — no Logout, no FIN, no RST — so every connection to
   * it is held silent (bytes from the client discarded, none sent) and new connects are held unanswered:
   * the client notices through its own heartbeat and Test Request timeouts (DOMAIN §1 Heartbeat) and moves
   * to its secondary. The session's records survive, as the model's do.
   */
  gatewayDown(g: string): void {
    if (this.down.has(g)) return
    this.down.add(g)
    for (const c of [...this.connections]) {
      if (c.gateway !== g || c.phase === "closed") continue
      if (c.comp !== undefined && this.holders.get(c.comp) === c) c.comp.outage = true
      c.silence(`gateway ${g} down: connection held silent (a crashed host sends nothing)`)
    }
  }

  /** Gateway `g` is back: the restarted host has no record of the held connections, so their next segment meets a reset. */
  gatewayUp(g: string): void {
    if (!this.down.delete(g)) return
    for (const c of [...this.connections]) {
      if (c.gateway === g && c.heldByCrash) c.close("reset", `gateway ${g} back up: the stale connection is reset`)
    }
  }

  isDown(g: string): boolean {
    return this.down.has(g)
  }

  onApplication(comp: CompSession, c: Connection, m: FixMessage): void {
    if (this.relayed(comp)) return this.toModel(comp, c, m)
    const answer = this.app.onMessage(comp.config.compId, m, this.clock.now())
    if (answer._tag === "reject") {
      this.holders.get(comp)?.reject(m.seq, answer.refTag, m.msgType, answer.reason, answer.text, false)
      return
    }
    for (const body of answer.bodies) this.record(comp.config.compId, body)
  }

  /**
   * A relayed session's business message: a valid New Order Single, Order Cancel Request or Order
   * Cancel/Replace Request goes to the model's gateway (relay.ts); a wrong one is answered here (it would be
   * rejected before the host), and so is an Order Mass Cancel Request, refused: the model's host has none.
   */
  private toModel(comp: CompSession, c: Connection, m: FixMessage): void {
    const compId = comp.config.compId
    if (m.msgType === MsgType.OrderMassCancelRequest) {
      const missing = requiredMissing(m, MASS_CANCEL_REQUIRED)
      if (missing?._tag === "reject") return this.inTurn(comp, () => c.reject(m.seq, missing.refTag, m.msgType, missing.reason, missing.text, false))
      // The phase as the endpoint's own OTP-C judges it; then the orders the book knows, sent to the model's host,
      // whose cancellations come back as its Execution Reports. The report goes first, without a count: which of
      // them are still open is the host's to find.
      const request = this.book.massCancel(compId, m, cancelRefusal(this.app.day, this.clock.now()))
      if (!("orders" in request)) return this.inTurn(comp, () => this.sendBusiness(comp, massCancelReport(m, "NONE", { refusal: request }, this.transactTime())))
      // OrderID (37): the endpoint's number for the request, M1, M2, … (the model's host numbers none).
      const report = massCancelReport(m, `M${++this.massCancels}`, { affected: undefined }, this.transactTime())
      this.inTurn(comp, () => this.sendBusiness(comp, report))
      return this.relay!.massCancel(compId, c.id, request)
    }
    if (m.msgType !== MsgType.NewOrderSingle) {
      const replace = m.msgType === MsgType.OrderCancelReplaceRequest
      const missing = requiredMissing(m, replace ? [Tag.OrigClOrdID, Tag.ClOrdID, Tag.OrderQty] : [Tag.OrigClOrdID, Tag.ClOrdID])
      if (missing?._tag === "reject") return this.inTurn(comp, () => c.reject(m.seq, missing.refTag, m.msgType, missing.reason, missing.text, false))
      const amend = this.book.amend(compId, m)
      if (typeof amend !== "string") {
        this.awaitModel(comp, amend.ref, amend.clOrdId)
        return this.relay!.amend(compId, c.id, amend)
      }
      const refusal: ReadonlyArray<Field> = [
        [Tag.MsgType, MsgType.OrderCancelReject],
        [Tag.OrderID, "NONE"],
        [Tag.ClOrdID, fieldOf(m.fields, Tag.ClOrdID)!],
        [Tag.OrigClOrdID, fieldOf(m.fields, Tag.OrigClOrdID)!],
        [Tag.OrdStatus, "8"],
        [Tag.CxlRejResponseTo, replace ? "2" : "1"],
        [Tag.CxlRejReason, amend === "unknown order" ? "1" : "99"],
        [Tag.Text, amend]
      ]
      return this.inTurn(comp, () => this.sendBusiness(comp, refusal))
    }
    const missing = requiredMissing(m, NEW_ORDER_REQUIRED)
    if (missing?._tag === "reject") return this.inTurn(comp, () => c.reject(m.seq, missing.refTag, m.msgType, missing.reason, missing.text, false))
    const problem = newOrderProblem(m, this.book.known(compId, fieldOf(m.fields, Tag.ClOrdID)!))
    if (problem !== undefined) {
      const rejected = this.book.rejected(m, problem, this.transactTime())
      return this.inTurn(comp, () => this.sendBusiness(comp, rejected))
    }
    const order = this.book.order(compId, m)
    this.awaitModel(comp, order.ref, order.clOrdId)
    this.relay!.order(compId, c.id, order)
  }

  /**
   * Writes an answer to relayed session `comp`'s client now, or, while an older message's answer is still
   * with the model, after it (`Turn`). A session not relayed never waits: it is written now.
   */
  inTurn(comp: CompSession, write: () => void): void {
    const waiting = this.turns.get(comp)
    if (waiting === undefined || waiting.length === 0) return write()
    waiting.push({ ref: undefined, clOrdId: undefined, write })
  }

  /** A message of `comp`'s client sent on to the model, whose answer (`answered`) takes its turn. */
  private awaitModel(comp: CompSession, ref: number, clOrdId: number): void {
    const waiting = this.turns.get(comp) ?? []
    waiting.push({ ref, clOrdId, write: undefined })
    this.turns.set(comp, waiting)
  }

  /**
   * The model's answer to the waiting message `is` finds (else it answers none: in turn after those waiting),
   * then every answer whose turn has come. `byHost`: the host's, which answers the session's messages in the
   * order the gateway passed them on, so an older message still waiting will never be answered (it was lost
   * on the way: a crash, a cut) and waits no more; the gateway's own refusals come before the host's answers.
   */
  private answered(comp: CompSession, is: (t: Turn) => boolean, write: () => void, byHost: boolean): void {
    const waiting = this.turns.get(comp) ?? []
    const i = waiting.findIndex((t) => t.write === undefined && is(t))
    if (i < 0) return this.inTurn(comp, write)
    waiting[i]!.write = write
    if (byHost) for (let j = 0; j < i; j++) waiting[j]!.write ??= () => undefined
    while (waiting.length > 0 && waiting[0]!.write !== undefined) waiting.shift()!.write!()
  }

  /** Writes the answers `comp`'s client is due before the session ends (its Logout, a drop): those given, in turn. */
  private release(comp: CompSession): void {
    const waiting = this.turns.get(comp) ?? []
    this.turns.delete(comp)
    for (const t of waiting) t.write?.()
  }

  /**
   * What the model's gateway sent a relayed session's stand-in, for the client (the rig's tap,
   * twin/simulate/taps.ts): the Logon answer completes the FIX Logon; an execution is the session's next
   * business message (sent now, or on its next Logon); a reject, a Logout or a drop end up on the
   * connection the model named.
   */
  fromModel(arrival: OcgRelayArrival): void {
    const comp = this.sessions.get(arrival.compId)
    if (comp === undefined || !this.relayed(comp)) return
    const on = (conn: number) => [...this.connections].find((c) => c.id === conn && c.comp === comp && c.phase !== "closed")
    for (const r of arrival.relayed) {
      switch (r._tag) {
        case "LoggedOn":
          on(r.conn)?.modelLoggedOn()
          break
        case "Execution": {
          // In the host log at once (sent at the next Logon if the session ends first); written in turn.
          const i = this.store(comp, this.book.report(r.report, this.transactTime()), r.possResend)
          this.answered(comp, (t) => t.clOrdId === r.report.clOrdId, () => this.sendEntry(comp, i, r.possResend), true)
          break
        }
        case "Rejected": {
          const reason = r.reason === "throttle" ? BusinessRejectReason.ThrottleLimitExceeded : BusinessRejectReason.UnsupportedMessageType
          const refMsgType = r.mass ? MsgType.OrderMassCancelRequest : r.amend === undefined ? MsgType.NewOrderSingle : r.amend ? MsgType.OrderCancelReplaceRequest : MsgType.OrderCancelRequest
          // The endpoint's own wording (connection.ts): the model's gateway throttles by the same figure (rig-endpoint.ts).
          const text = r.reason === "throttle" ? throttleText(comp.config.throttleMps, r.usLeft) : "drop copy session is receive-only"
          const reject: ReadonlyArray<Field> = [
            [Tag.MsgType, MsgType.BusinessMessageReject],
            ...(r.ref === undefined ? [] : [[Tag.RefSeqNum, String(r.ref)] as Field]),
            [Tag.RefMsgType, refMsgType],
            ...(r.clOrdId === undefined ? [] : [[Tag.BusinessRejectRefID, String(r.clOrdId)] as Field]),
            [Tag.BusinessRejectReason, String(reason)],
            [Tag.Text, text]
          ]
          this.answered(comp, (t) => t.ref === r.ref, () => this.sendBusiness(comp, reject), false)
          break
        }
        case "LoggedOut":
          this.release(comp)
          on(r.conn)?.logout(`${r.text} (the model's gateway)`)
          break
        case "Dropped":
          this.release(comp)
          on(r.conn)?.drop(`dropped by the model's gateway: ${r.reason}`)
          break
      }
    }
  }

  /** A business message for `compId` from the host: logged (with drop copies of Execution Reports) and sent if connected. */
  private record(compId: string, body: ReadonlyArray<Field>): void {
    const comp = this.sessions.get(compId)
    if (comp === undefined) return
    this.append(comp, body)
    if (body[0]![1] !== MsgType.ExecutionReport) return
    for (const copy of this.dropCopies.get(comp.config.participant) ?? []) this.append(copy, body)
  }

  private append(comp: CompSession, body: ReadonlyArray<Field>, possResend = comp.outage): void {
    this.sendEntry(comp, this.store(comp, body, possResend), possResend && this.relayed(comp))
  }

  /** A host log entry, unsent: its index. */
  private store(comp: CompSession, body: ReadonlyArray<Field>, possResend: boolean): number {
    comp.entries.push({ body, seq: undefined, gateway: undefined, duringOutage: possResend })
    return comp.entries.length - 1
  }

  /** Sends entry `i` on the session's connection (a no-op without one: it waits for the next Logon). */
  sendEntry(comp: CompSession, i: number, possResend: boolean): void {
    const c = this.holders.get(comp)
    if (c === undefined || !c.ready) return
    c.sendStored(comp.entries[i]!.body, possResend, i)
  }

  /** A business message that is not a host log entry (a Business Message Reject): stored for replay. */
  sendBusiness(comp: CompSession, body: ReadonlyArray<Field>): void {
    this.holders.get(comp)?.sendStored(body, false, -1)
  }

  encode(fields: ReadonlyArray<Field>): Buffer {
    return encodeFrame("FIXT.1.1", fields)
  }

  /** SendingTime (52): UTC with milliseconds, `YYYYMMDD-HH:MM:SS.sss`, on the wall clock. */
  sendingTime(): string {
    return utcTimestamp(this.clock.wallMs())
  }

  private transactTime(): string {
    return this.sendingTime()
  }

  /** The tags a Logon needs, for a client's docs: */
  static readonly logonTags = [Tag.HeartBtInt, Tag.Password, Tag.NextExpectedMsgSeqNum, Tag.DefaultApplVerID] as const
}
