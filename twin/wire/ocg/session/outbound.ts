/**
 * What a connection writes to its client: every message numbered from the Comp ID's outbound sequence,
 * business messages kept in the session's store for a replay, a replay written with PossDupFlag and gap
 * fills, and the backlog limit for a peer that does not read (DOMAIN §1 Recovery; FIXT.1.1 header rules).
 *
 * When to use: a `Connection` owns one and sends through it; `replay` answers a Resend Request or the
 * Logon's NextExpectedMsgSeqNum.
 *
 * Gotchas:
 * - While a replay is being written (`replaying`, until the OS has taken its bytes) new messages wait in a
 *   queue behind it and go out in order after it; a second Resend Request then kills the session (the
 *   connection's rule: it reads `replaying`).
 * - On a cut path (`cut`) nothing reaches the socket, yet every message is numbered and stored as if it had
 *   been written: the bytes are lost on the route, not unsent.
 */
import type { Micros } from "../../../engine/time.ts"
import type { Field } from "../codec/frame.ts"
import { MsgType, Tag } from "../codec/tags.ts"
import type { CompSession } from "./comp-session.ts"
import type { OcgLimits } from "./limits.ts"

/** A connection's phase (connection.ts re-exports it): declared here, where the outbound side reads it. */
export type Phase = "logon" | "active" | "black-hole" | "closed"

/** What the outbound side needs of the gateway's core (the core itself is one): its clock, codec and limits. */
export interface OutboundCore {
  readonly clock: { now(): Micros }
  readonly limits: Pick<OcgLimits, "maxOutboundBacklog">
  encode(fields: ReadonlyArray<Field>): Buffer
  sendingTime(): string
}

/** The connection as its outbound side sees it. */
export interface OutboundHost {
  readonly comp: CompSession | undefined
  readonly phase: Phase
  readonly cut: boolean
  /** Closes the connection without a Logout. */
  drop(reason: string): void
}

export class Outbound {
  lastTx: Micros
  /** A replay is being written: new messages wait behind it. */
  replaying = false
  /** The Comp ID the gateway answers as: the client's TargetCompID (56) from its Logon. */
  ourCompId = "HKEXOCG"
  private readonly queued: Array<() => void> = []

  private readonly core: OutboundCore
  private readonly gateway: string
  private readonly port: { write(bytes: Buffer, written?: () => void): void; backlog(): number }
  private readonly host: OutboundHost

  constructor(core: OutboundCore, gateway: string, port: { write(bytes: Buffer, written?: () => void): void; backlog(): number }, host: OutboundHost, openedAt: Micros) {
    this.core = core
    this.gateway = gateway
    this.port = port
    this.host = host
    this.lastTx = openedAt
  }

  /** Writes `from..to` again: business messages this gateway sent, PossDupFlag=Y; gap fills for the rest. */
  replay(from: number, to: number): void {
    const comp = this.host.comp!
    this.replaying = true
    let gapStart: number | undefined
    const flushGap = (next: number) => {
      if (gapStart === undefined) return
      this.writeFrame(this.frame(MsgType.SequenceReset, [[Tag.GapFillFlag, "Y"], [Tag.NewSeqNo, String(next)]], gapStart, { possDup: true }))
      gapStart = undefined
    }
    for (let seq = from; seq <= to; seq++) {
      const s = comp.sent[seq]
      if (s === undefined || s.body === undefined || s.gateway !== this.gateway) {
        gapStart ??= seq
        continue
      }
      flushGap(seq)
      this.writeFrame(this.frame(s.body[0]![1], s.body.slice(1), seq, { possDup: true, possResend: s.possResend, origSendingTime: s.sendingTime }))
    }
    flushGap(to + 1)
    if (this.host.cut || this.host.phase !== "active") {
      this.replaying = false
      return this.drain()
    }
    this.port.write(Buffer.alloc(0), () => {
      this.replaying = false
      this.drain()
    })
  }

  /** Runs `f` now, or after the replay being written. */
  whenIdle(f: () => void): void {
    if (this.replaying) this.queued.push(f)
    else f()
  }

  private drain(): void {
    while (!this.replaying && this.queued.length > 0 && this.host.phase === "active") this.queued.shift()!()
  }

  /**
   * `sendingTime`: SendingTime (52), now unless given. A message sent again (PossDupFlag=Y) carries
   * OrigSendingTime (122): `origSendingTime`, the first sending's, or SendingTime when that is not kept
   * (a gap fill), as the FIX header requires of every message resent after a Resend Request.
   */
  frame(
    msgType: string,
    body: ReadonlyArray<Field>,
    seq: number,
    flags: { readonly possDup?: boolean; readonly possResend?: boolean; readonly sendingTime?: string; readonly origSendingTime?: string | undefined }
  ): Buffer {
    const sendingTime = flags.sendingTime ?? this.core.sendingTime()
    const header: Array<Field> = [
      [Tag.MsgType, msgType],
      [Tag.SenderCompID, this.ourCompId],
      [Tag.TargetCompID, this.host.comp?.config.compId ?? "UNKNOWN"],
      [Tag.MsgSeqNum, String(seq)],
      ...(flags.possDup === true ? [[Tag.PossDupFlag, "Y"] as Field] : []),
      ...(flags.possResend === true ? [[Tag.PossResend, "Y"] as Field] : []),
      [Tag.SendingTime, sendingTime],
      ...(flags.possDup === true ? [[Tag.OrigSendingTime, flags.origSendingTime ?? sendingTime] as Field] : [])
    ]
    return this.core.encode(header.concat(body))
  }

  private writeFrame(bytes: Buffer): void {
    this.lastTx = this.core.clock.now()
    if (this.host.cut) return
    this.write(bytes)
  }

  /** Writes `bytes` unless the connection is closed; a peer that does not read is dropped. */
  write(bytes: Buffer): void {
    if (this.host.phase === "closed") return
    if (this.port.backlog() > this.core.limits.maxOutboundBacklog) return this.host.drop(`peer not reading (${this.port.backlog()} bytes waiting): dropped`)
    this.port.write(bytes)
  }

  /** A session message, numbered now (never stored: a replay gap-fills it). */
  send(msgType: string, body: ReadonlyArray<Field>): void {
    const comp = this.host.comp!
    this.whenIdle(() => {
      const seq = comp.nextOut++
      comp.sent[seq] = { gateway: this.gateway, body: undefined, possResend: false, entry: -1, sendingTime: undefined }
      this.writeFrame(this.frame(msgType, body, seq, {}))
    })
  }

  /** A business message: numbered, stored with its entry, written (behind a replay in progress). */
  sendStored(body: ReadonlyArray<Field>, possResend: boolean, entry: number): void {
    const comp = this.host.comp!
    this.whenIdle(() => {
      const seq = comp.nextOut++
      const sendingTime = this.core.sendingTime()
      comp.sent[seq] = { gateway: this.gateway, body, possResend, entry, sendingTime }
      if (entry >= 0) {
        comp.entries[entry]!.seq = seq
        comp.entries[entry]!.gateway = this.gateway
      }
      this.writeFrame(this.frame(body[0]![1], body.slice(1), seq, { possResend, sendingTime }))
    })
  }
}
