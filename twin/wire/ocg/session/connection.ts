/**
 * One TCP connection to an OCG-C gateway, as the gateway runs it (DOMAIN §1 session rules, FIXT.1.1):
 * Logon checks, then Heartbeat / Test Request liveness on virtual time, Resend Request replays with
 * PossDupFlag and gap fills, Logout, session-level Reject, the throttle with Business Message Reject, and
 * application messages to the OTP-C application (through the core).
 *
 * Rules, each cited where it is applied; what the twin assumes is marked [U] in docs/ocg-fix.md.
 * The socket is behind `ConnectionPort`, so every rule is tested without one (and with one, on loopback).
 *
 * A connection whose participant's path is cut (`cut`) neither receives nor sends: bytes both ways are
 * dropped, as on a dead route, while every timer runs on; a Logon arriving on a cut path is never
 * answered (the client's Logon times out). A connection to a crashed gateway (`silence`) is held the
 * same way until the gateway is back.
 *
 * A relayed session (core.ts, relay.ts) is accepted here as far as its credentials go, then its Logon is
 * the model's: the connection waits (`awaitingModel`, sending nothing, for at most the Logon wait) until
 * the model's gateway answers (`modelLoggedOn`), then answers the FIX Logon and replays as any session.
 *
 * The judgements are pure and live beside it: what to do with each frame or frame error before the
 * session sees it (message-rules.ts), whether to accept a Logon (logon-rules.ts); what it writes, numbered,
 * stored and replayed, is its `Outbound` (outbound.ts). This file is the session's state and its timers.
 */
import type { DetachCause } from "../../../contract/kinds-ocg.ts"
import { formatTimeOfDay, type Micros } from "../../../engine/time.ts"
import { admit } from "../../../models/ocg/throttle.ts"
import { type Field, FixFrameError, FrameReader } from "../codec/frame.ts"
import { fieldOf, type FixMessage, positiveOf } from "../codec/message.ts"
import { BusinessRejectReason, isDefinedMsgType, MsgType, SESSION_MESSAGE_TYPES, SessionRejectReason, Tag } from "../codec/tags.ts"
import type { CompSession } from "./comp-session.ts"
import type { OcgCore } from "./core.ts"
import { heartBtIntOf } from "./limits.ts"
import { judgeLogon } from "./logon-rules.ts"
import { type InboundVerdict, judgeFrame, judgeFrameError } from "./message-rules.ts"
import { Outbound, type Phase } from "./outbound.ts"

/** The socket as a connection sees it. */
export interface ConnectionPort {
  readonly remote: string
  /** Writes `bytes`; `written` is called once they are handed to the OS. */
  write(bytes: Buffer, written?: () => void): void
  /** Bytes accepted by write and not yet handed to the OS. */
  backlog(): number
  /** `end`: a FIN after what was written; `reset`: at once, RST (a crash). */
  close(how: "end" | "reset"): void
}

export type { Phase } from "./outbound.ts"

export class Connection {
  phase: Phase = "logon"
  comp: CompSession | undefined
  cut = false
  /** Held silent because its gateway crashed: released only when the gateway comes back (gatewayUp). */
  heldByCrash = false
  private readonly reader: FrameReader
  private readonly openedAt: Micros
  lastRx: Micros
  private testRequest: { readonly id: string; readonly at: Micros } | undefined
  private readonly out: Outbound
  private wallSecond = 0
  private inThisSecond = 0
  /** A relayed session's Logon is with the model's gateway (since `awaitSince`); the client is not answered yet. */
  private awaitingModel = false
  private awaitSince: Micros = 0
  /** The client's NextExpectedMsgSeqNum (789) from its Logon, for the replay once the model has answered. */
  private clientNextExpected = 1

  private readonly core: OcgCore
  readonly gateway: string
  readonly port: ConnectionPort
  readonly id: number

  constructor(core: OcgCore, gateway: string, port: ConnectionPort, id: number) {
    this.core = core
    this.gateway = gateway
    this.port = port
    this.id = id
    this.reader = new FrameReader(core.limits.maxMessageBytes)
    this.openedAt = core.clock.now()
    this.lastRx = this.openedAt
    this.out = new Outbound(core, gateway, port, this, this.openedAt)
  }

  get lastTx(): Micros {
    return this.out.lastTx
  }

  /** Logged on and answered: business messages may be written. */
  get ready(): boolean {
    return this.phase === "active" && !this.awaitingModel
  }

  get label(): string {
    return `${this.gateway} #${this.id}`
  }

  private log(line: string): void {
    this.core.log(`ocg-c ${this.gateway} #${this.id} ${this.port.remote}${this.comp === undefined ? "" : ` ${this.comp.config.compId}`}: ${line}`)
  }

  /** Bytes from the peer. */
  receive(chunk: Buffer): void {
    if (this.phase === "closed") return
    if (this.phase === "black-hole" || this.cut) return
    for (const item of this.reader.push(chunk)) {
      if (this.isOver()) return
      if (item instanceof FixFrameError) {
        this.carryOut(judgeFrameError(item, this.phase === "logon"))
        continue
      }
      if (!this.rateOk()) return this.drop(`more than ${this.core.limits.maxInboundPerSecond} messages in one second: dropped`)
      this.carryOut(judgeFrame(item, {
        loggingOn: this.phase === "logon",
        compId: this.comp?.config.compId,
        wallMs: this.core.clock.wallMs(),
        sendingTimeTolerance: this.core.limits.sendingTimeTolerance
      }))
    }
  }

  private carryOut(verdict: InboundVerdict): void {
    switch (verdict._tag) {
      case "drop":
        return this.drop(verdict.reason)
      case "ignore":
        return this.log(verdict.log)
      case "reject":
        if (verdict.log !== undefined) this.log(verdict.log)
        this.reject(verdict.seq, verdict.refTag, verdict.refMsgType, verdict.reason, verdict.text, true)
        return verdict.logout === undefined ? undefined : this.logout(verdict.logout)
      case "logout":
        return this.logout(verdict.text)
      case "logon":
        return this.onLogon(verdict.message)
      case "session":
        return this.onActive(verdict.message)
    }
  }

  /** Whether the connection has stopped listening (read through a method: handlers change `phase`). */
  private isOver(): boolean {
    return this.phase === "closed" || this.phase === "black-hole"
  }

  private rateOk(): boolean {
    const second = Math.floor(this.core.clock.wallMs() / 1000)
    if (second !== this.wallSecond) {
      this.wallSecond = second
      this.inThisSecond = 0
    }
    return ++this.inThisSecond <= this.core.limits.maxInboundPerSecond
  }

  // ---- Logon ---------------------------------------------------------------------------------------

  private onLogon(m: FixMessage): void {
    const comp = this.core.sessions.get(m.sender)
    if (m.msgType === MsgType.Logon && comp !== undefined && comp.config.gateways.has(this.gateway)) {
      this.comp = comp
      this.out.ourCompId = m.target
      if (this.core.pathCut(comp.config.participant, this.gateway)) {
        // The Logon came over a path the twin says is cut: it never arrived; the client's Logon times out.
        this.cut = true
        return this.blackHole("Logon over a cut path: never answered", undefined)
      }
    }
    const holder = comp === undefined ? undefined : this.core.holderOf(comp)
    const verdict = judgeLogon(m, {
      gateway: this.gateway,
      comp,
      heldElsewhere: holder !== undefined && holder !== this,
      privateKey: this.core.privateKey,
      wallMs: this.core.clock.wallMs(),
      passwordTolerance: this.core.limits.passwordTolerance,
      sendingTimeTolerance: this.core.limits.sendingTimeTolerance,
      heartBtInt: heartBtIntOf(this.core.limits)
    })
    switch (verdict._tag) {
      case "drop":
        return this.drop(verdict.reason)
      case "duplicate":
        holder!.drop("a second connection logged on for this Comp ID: both dropped without Logout", "duplicate-logon")
        return this.drop("duplicate Logon for a Comp ID already logged on: both dropped without Logout")
      case "refuse":
        this.log(`Logon refused: ${verdict.text}${verdict.text.startsWith("Password") && this.core.credentials !== undefined ? ` (passwords and public key: ${this.core.credentials})` : ""}`)
        // FIX: every message sent uses up its number, a Logout refusing a Logon too — the engine counts it and
        // asks for the next one (789) when it logs on again; a number shown and kept would be refused as
        // "ahead" at every later Logon. The refused Logon's own number is not taken (the session's inbound
        // side never saw a message): the engine may send it again or the next (at start of day too:
        // refusedLogonSeq). While another connection
        // holds the session, its numbers are that session's: the refusal shows the next and takes none.
        if (!comp!.known && m.seq === comp!.refusedLogonSeq + 1) comp!.refusedLogonSeq = m.seq
        if (holder === undefined) this.out.send(MsgType.Logout, [[Tag.Text, verdict.text]])
        else this.out.write(this.out.frame(MsgType.Logout, [[Tag.Text, verdict.text]], comp!.nextOut, {}))
        return this.close("end", "Logon refused")
      case "accept":
        return this.accept(m, comp!, verdict.nextExpected)
    }
  }

  private accept(m: FixMessage, comp: CompSession, nextExpected: number): void {
    if (m.seq > comp.nextIn) this.log(`inbound gap at Logon: expected ${comp.nextIn}, got ${m.seq} (accepted)`)
    comp.known = true
    comp.nextIn = Math.max(comp.nextIn, m.seq + 1)
    this.phase = "active"
    this.lastRx = this.core.clock.now()
    this.clientNextExpected = nextExpected
    if (this.core.relayed(comp)) {
      this.awaitingModel = true
      this.awaitSince = this.lastRx
      this.log(`Logon (in ${m.seq}, client expects ${nextExpected}) relayed to the model's gateway`)
      this.core.attach(comp, this)
      return
    }
    this.core.attach(comp, this)
    this.answerLogon(m.seq)
  }

  /** The model's gateway answered a relayed session's Logon: the client's Logon is answered now. */
  modelLoggedOn(): void {
    if (!this.awaitingModel || this.phase !== "active") return
    this.awaitingModel = false
    this.lastRx = this.core.clock.now()
    this.answerLogon(undefined)
  }

  /** The Logon answer, the replay from the client's NextExpectedMsgSeqNum, then what the session missed. */
  private answerLogon(seq: number | undefined): void {
    const comp = this.comp!
    const want = heartBtIntOf(this.core.limits)
    const nextExpected = this.clientNextExpected
    const replayTo = comp.nextOut - 1
    this.send(MsgType.Logon, [[Tag.EncryptMethod, "0"], [Tag.HeartBtInt, String(want)], [Tag.NextExpectedMsgSeqNum, String(comp.nextIn)], [Tag.DefaultApplVerID, "9"]])
    // DOMAIN §1 Recovery: "Logon carries NextExpectedSeq and the gateway replays from there automatically".
    const lost = comp.lostElsewhere(this.gateway, nextExpected)
    this.log(`logged on (${seq === undefined ? "the model's gateway answered" : `in ${seq}`}, client expects ${nextExpected}); replay ${nextExpected}..${replayTo}, ${lost.length} re-sent with PossResend, ${comp.unsent().length} held`)
    if (nextExpected <= replayTo) this.out.replay(nextExpected, replayTo)
    this.out.whenIdle(() => {
      for (const i of lost) this.core.sendEntry(comp, i, true)
      for (const i of comp.unsent()) this.core.sendEntry(comp, i, comp.entries[i]!.duringOutage)
    })
    comp.outage = false
  }

  // ---- Active --------------------------------------------------------------------------------------

  private onActive(m: FixMessage): void {
    const comp = this.comp!
    this.lastRx = this.core.clock.now()
    if (m.msgType === MsgType.SequenceReset && fieldOf(m.fields, Tag.GapFillFlag) !== "Y") {
      // Sequence Reset – Reset mode: allowed to move forward only.
      const to = positiveOf(m.fields, Tag.NewSeqNo)
      if (to === undefined || to < comp.nextIn) return this.reject(m.seq, Tag.NewSeqNo, m.msgType, SessionRejectReason.ValueIncorrect, `NewSeqNo (36) must not be below ${comp.nextIn}`, false)
      comp.nextIn = to
      return
    }
    if (m.seq < comp.nextIn) {
      if (m.possDup) return
      // DOMAIN §1 Sequence numbers: a lower sequence number with PossDup≠1 gets a Logout.
      return this.logout(`MsgSeqNum too low, expecting ${comp.nextIn} but received ${m.seq}`)
    }
    // [U] A gap in what the client sent is accepted and logged, as the twin's model does (no resend asked).
    if (m.seq > comp.nextIn) this.log(`inbound gap: expected ${comp.nextIn}, got ${m.seq} (accepted)`)
    comp.nextIn = m.seq + 1
    switch (m.msgType) {
      case MsgType.Heartbeat: {
        if (this.testRequest !== undefined && fieldOf(m.fields, Tag.TestReqID) === this.testRequest.id) this.testRequest = undefined
        return
      }
      case MsgType.TestRequest:
        return this.send(MsgType.Heartbeat, [[Tag.TestReqID, fieldOf(m.fields, Tag.TestReqID) ?? ""]])
      case MsgType.ResendRequest:
        return this.onResendRequest(m)
      case MsgType.SequenceReset: {
        const to = positiveOf(m.fields, Tag.NewSeqNo)
        if (to === undefined) return this.reject(m.seq, Tag.NewSeqNo, m.msgType, SessionRejectReason.RequiredTagMissing, "NewSeqNo (36) required", false)
        comp.nextIn = Math.max(comp.nextIn, to)
        return
      }
      case MsgType.Logout:
        this.log(`Logout from client: ${fieldOf(m.fields, Tag.Text) ?? ""}`)
        this.core.loggedOut(this)
        this.send(MsgType.Logout, [[Tag.Text, "logout acknowledged"]])
        return this.close("end", "logged out", "logout")
      case MsgType.Reject:
        return this.log(`session Reject from client: ${fieldOf(m.fields, Tag.Text) ?? ""}`)
      case MsgType.Logon:
        return this.logout("Logon on a session already logged on")
      default:
        return this.onBusiness(m)
    }
  }

  private onResendRequest(m: FixMessage): void {
    const comp = this.comp!
    if (this.out.replaying) {
      // DOMAIN §1 Recovery: a second Resend Request during a replay kills the session.
      return this.drop("second Resend Request during a replay: session killed", "resend-during-replay")
    }
    const begin = positiveOf(m.fields, Tag.BeginSeqNo)
    const endText = fieldOf(m.fields, Tag.EndSeqNo)
    const end = endText === "0" ? 0 : positiveOf(m.fields, Tag.EndSeqNo)
    if (begin === undefined || end === undefined || (end !== 0 && end < begin)) {
      return this.reject(m.seq, begin === undefined ? Tag.BeginSeqNo : Tag.EndSeqNo, m.msgType, SessionRejectReason.ValueIncorrect, "BeginSeqNo (7) and EndSeqNo (16): expected 1 <= begin <= end, or end 0 for everything", false)
    }
    const last = comp.nextOut - 1
    const to = end === 0 || end > last ? last : end
    this.log(`Resend Request ${begin}..${end}: replaying ${begin}..${to}`)
    if (begin <= to) this.out.replay(begin, to)
  }

  private onBusiness(m: FixMessage): void {
    const comp = this.comp!
    if (SESSION_MESSAGE_TYPES.has(m.msgType)) return
    // FIX session test cases 2.q / 2.r: a MsgType FIX does not define is a session Reject; a defined one
    // the endpoint does not take gets a Business Message Reject (below).
    // In turn behind the answers a relayed session's older messages still wait for (core.ts `inTurn`).
    if (!isDefinedMsgType(m.msgType)) return this.core.inTurn(comp, () => this.reject(m.seq, Tag.MsgType, m.msgType, SessionRejectReason.InvalidMsgType, `MsgType (35) ${JSON.stringify(m.msgType)} is not a FIX message type`, false))
    if (comp.config.type === "drop-copy") {
      return this.businessReject(m, BusinessRejectReason.UnsupportedMessageType, "drop copy session is receive-only")
    }
    if (![MsgType.NewOrderSingle, MsgType.OrderCancelRequest, MsgType.OrderCancelReplaceRequest, MsgType.OrderMassCancelRequest].includes(m.msgType as "D")) {
      return this.core.inTurn(comp, () => this.businessReject(m, BusinessRejectReason.UnsupportedMessageType, `MsgType ${m.msgType} not supported`))
    }
    // The world's day is over: its clock stands still, so the model would acknowledge and never fill, and the
    // throttle's second would never end ("… ms left in the interval" for ever). Said as it is instead.
    if (this.core.clock.over()) {
      const text = `the simulated day is over (${formatTimeOfDay(this.core.clock.now())}): no orders are taken`
      return this.core.inTurn(comp, () => this.businessReject(m, BusinessRejectReason.ApplicationNotAvailable, text))
    }
    // A relayed session's throttle is the model gateway's (its Business Message Reject comes back relayed).
    if (this.core.relayed(comp)) return this.core.onApplication(comp, this, m)
    // DOMAIN §1 Throttle: MPS per Comp ID; excess gets a Business Message Reject with the time left.
    const verdict = admit(comp.throttle, comp.config.throttleMps, this.core.clock.now())
    comp.throttle = verdict.throttle
    if (verdict._tag === "reject") {
      comp.throttled++
      return this.businessReject(m, BusinessRejectReason.ThrottleLimitExceeded, throttleText(comp.config.throttleMps, verdict.usLeft))
    }
    this.core.onApplication(comp, this, m)
  }

  private businessReject(m: FixMessage, reason: number, text: string): void {
    this.core.sendBusiness(this.comp!, [
      [Tag.MsgType, MsgType.BusinessMessageReject],
      [Tag.RefSeqNum, String(m.seq)],
      [Tag.RefMsgType, m.msgType],
      ...(fieldOf(m.fields, Tag.ClOrdID) === undefined ? [] : [[Tag.BusinessRejectRefID, fieldOf(m.fields, Tag.ClOrdID)!] as Field]),
      [Tag.BusinessRejectReason, String(reason)],
      [Tag.Text, text]
    ])
  }

  /** A session-level Reject (35=3) of message `seq`; `consume`: the rejected message still used up its number. */
  reject(seq: number, refTag: number | undefined, refMsgType: string | undefined, reason: number, text: string, consume: boolean): void {
    const comp = this.comp
    if (comp === undefined || this.phase !== "active") return
    if (consume && seq >= comp.nextIn) comp.nextIn = seq + 1
    this.send(MsgType.Reject, [
      [Tag.RefSeqNum, String(seq)],
      ...(refTag === undefined ? [] : [[Tag.RefTagID, String(refTag)] as Field]),
      ...(refMsgType === undefined ? [] : [[Tag.RefMsgType, refMsgType] as Field]),
      [Tag.SessionRejectReason, String(reason)],
      [Tag.Text, text]
    ])
  }

  // ---- Sending (outbound.ts) ---------------------------------------------------------------------

  /** A session message, numbered now (never stored: a replay gap-fills it). */
  send(msgType: string, body: ReadonlyArray<Field>): void {
    this.out.send(msgType, body)
  }

  /** A business message: numbered, stored with its entry, written (behind a replay in progress). */
  sendStored(body: ReadonlyArray<Field>, possResend: boolean, entry: number): void {
    this.out.sendStored(body, possResend, entry)
  }

  // ---- Timers (virtual time) -----------------------------------------------------------------------

  tick(now: Micros): void {
    const l = this.core.limits
    if (this.phase === "logon" && now - this.openedAt >= l.logonWait) return this.drop(`no Logon within ${l.logonWait / 1e6} s: dropped`)
    if (this.phase === "black-hole" && !this.heldByCrash && now - this.openedAt >= l.blackHoleHold) return this.close("reset", "black-holed connection released")
    if (this.phase !== "active") return
    if (this.awaitingModel) {
      // The model's gateway never answered (its path cut, it crashed meanwhile): as a Logon never answered.
      if (now - this.awaitSince >= l.logonWait) this.drop(`no answer from the model's gateway within ${l.logonWait / 1e6} s: dropped`)
      return
    }
    if (this.testRequest !== undefined) {
      // DOMAIN §1 Heartbeat: no reply within about 3 more intervals: Logout and disconnect.
      if (now - this.testRequest.at >= l.logoutAfter * l.heartbeat) return this.logout("no reply to Test Request", "missed-heartbeats")
    } else if (now - this.lastRx >= l.testRequestAfter * l.heartbeat) {
      // DOMAIN §1 Heartbeat: after 3 intervals of inactivity a Test Request is sent.
      const id = `TEST-${now}`
      this.testRequest = { id, at: now }
      this.send(MsgType.TestRequest, [[Tag.TestReqID, id]])
      return
    }
    if (now - this.lastTx >= l.heartbeat) this.send(MsgType.Heartbeat, [])
  }

  // ---- Ending --------------------------------------------------------------------------------------

  // Each ending names its cause as the model's gateway tells its host (DetachCause): the core's
  // Cancel-on-Disconnect reads it (core.ts). Undefined: the session ended without the host being told.

  /**
   * Logout (a session message) and close after it. `cause`: the gateway's Logout for a message it cannot
   * take is the model's `sequence-error` (a session ended by a Logout: no Cancel-on-Disconnect); its Test
   * Request timeout is `missed-heartbeats`.
   */
  logout(text: string, cause: DetachCause = "sequence-error"): void {
    if (this.phase !== "active") return this.drop(text)
    this.log(`Logout: ${text}`)
    this.send(MsgType.Logout, [[Tag.Text, text]])
    if (this.cut) return this.blackHole(`session ended (${text}) on a cut path`, cause)
    this.close("end", text, cause)
  }

  /** Closes without a Logout: for the session, an abrupt disconnect unless `cause` says which. */
  drop(reason: string, cause: DetachCause = "disconnect"): void {
    if (this.cut && this.phase !== "closed") return this.blackHole(reason, cause)
    this.close("end", reason, cause)
  }

  /**
   * Its gateway crashed: nothing more is sent or read until the gateway is back (then `close("reset")`). An
   * internal OCG-C outage: the host is told nothing (DOMAIN §1: it never triggers Cancel-on-Disconnect).
   */
  silence(reason: string): void {
    if (this.phase === "closed") return
    this.heldByCrash = true
    if (this.phase === "black-hole") return
    this.blackHole(reason, undefined)
  }

  /** The session ends here but the socket is held and ignored (its FIN would not cross a cut path). */
  private blackHole(reason: string, cause: DetachCause | undefined): void {
    if (this.phase === "closed" || this.phase === "black-hole") return
    this.log(reason)
    this.core.detach(this, cause)
    this.phase = "black-hole"
  }

  close(how: "end" | "reset", reason: string, cause?: DetachCause): void {
    if (this.phase === "closed") return
    this.log(reason)
    this.core.detach(this, cause)
    this.phase = "closed"
    this.core.closed(this, reason)
    this.port.close(how)
  }

  /** The peer closed or the socket failed: for a session it held, an abrupt disconnect. */
  closedByPeer(reason: string): void {
    if (this.phase === "closed") return
    this.log(`connection closed by peer (${reason})`)
    this.core.detach(this, "disconnect")
    this.phase = "closed"
    this.core.closed(this, `connection closed by the client (${reason})`)
  }
}

/** A Business Message Reject's text for a message over the throttle (`usLeft` of the interval left). */
export const throttleText = (mps: number, usLeft: number): string => `throttle exceeded: ${mps} messages per second; ${Math.ceil(usLeft / 1000)} ms left in the interval`
