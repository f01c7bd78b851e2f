/**
 * One Comp ID as the OCG-C holds it through the day, whichever gateway the client is on: the sequence
 * numbers (replicated across gateways), every message sent under them (with the gateway that sent it), and
 * the host's log of business messages for the session (DOMAIN §1 Sequence numbers, Recovery).
 *
 * It mirrors the twin's model (twin/models/ocg/session-registry.ts): a gateway replays from its own store;
 * what another gateway sent is not in it, so a Logon elsewhere (failover to the secondary) gets gap fills
 * for those numbers, and the host re-sends every entry the client's NextExpectedMsgSeqNum (789) shows it
 * never received, as a new message with PossResend=Y ("after an OCG-C outage they carry PossResend=1;
 * deduplicate on ExecID"). Entries produced while no connection holds the session are delivered, as new
 * messages, on the next Logon.
 *
 * Assumption [U] (as the model's): sequence numbers are replicated across the OCG-C's gateways, stores of
 * sent messages are not.
 */
import type { Micros } from "../../../engine/time.ts"
import { freshThrottle, type Throttle } from "../../../models/ocg/throttle.ts"
import type { Field } from "../codec/frame.ts"

export interface CompConfig {
  readonly compId: string
  readonly participant: string
  readonly type: "trading" | "drop-copy"
  /** The gateways the Comp ID may log on to (registered primary and secondary, and their DR pairs). */
  readonly gateways: ReadonlySet<string>
  readonly password: string
  /** DOMAIN §1 Throttle: business messages per second of virtual time (the run's settings: ocgSessionRules). */
  readonly throttleMps: number
  /**
   * DOMAIN §1 Cancel-on-Disconnect: the delay after a session's abrupt end at which its open orders are
   * cancelled unless it has logged on again; absent: off (the run's settings: ocgSessionRules).
   */
  readonly cancelOnDisconnect?: Micros
}

/** A message sent on the session: its business body (MsgType first), or none for a session message. */
export interface Sent {
  readonly gateway: string
  readonly body: ReadonlyArray<Field> | undefined
  readonly possResend: boolean
  /** The host log entry it carries (-1: none). */
  readonly entry: number
  /** Its SendingTime (52), for OrigSendingTime (122) when it is sent again; undefined for a session message. */
  readonly sendingTime: string | undefined
}

/** One host log entry: an Execution Report body, and where it was last sent. */
export interface Entry {
  readonly body: ReadonlyArray<Field>
  seq: number | undefined
  gateway: string | undefined
  /** Produced while the session was cut off by an OCG-C outage: delivered with PossResend=Y (DOMAIN §1 Recovery). */
  readonly duringOutage: boolean
}

export class CompSession {
  nextIn = 1
  nextOut = 1
  /** A Logon was accepted today (DOMAIN §1: a Logon above 1 before that is dropped). */
  known = false
  /**
   * Before the first accepted Logon, the highest MsgSeqNum of the refused Logons numbered 1, 2, … in turn:
   * an engine counts each Logon it sent, so after k refusals it starts at k + 1 — a number the gateway
   * accounts for, not a stale one (the drop rule's target).
   */
  refusedLogonSeq = 0
  /** `sent[seq]`; index 0 unused. */
  readonly sent: Array<Sent | undefined> = [undefined]
  readonly entries: Array<Entry> = []
  throttle: Throttle = freshThrottle
  /** Violations of the throttle today (Business Message Rejects sent). */
  throttled = 0
  /** The gateway holding the session went down; cleared by the next Logon. */
  outage = false

  readonly config: CompConfig
  constructor(config: CompConfig) {
    this.config = config
  }

  /** Entries not yet sent on any connection, in order. */
  unsent(): ReadonlyArray<number> {
    const out: Array<number> = []
    for (let i = 0; i < this.entries.length; i++) if (this.entries[i]!.seq === undefined) out.push(i)
    return out
  }

  /**
   * Entries that a client expecting `nextExpected` never received and that gateway `g` cannot replay: sent
   * under a number at or above it by another gateway. Oldest first.
   */
  lostElsewhere(g: string, nextExpected: number): ReadonlyArray<number> {
    const out: Array<number> = []
    for (let i = 0; i < this.entries.length; i++) {
      const e = this.entries[i]!
      if (e.seq !== undefined && e.seq >= nextExpected && e.gateway !== g) out.push(i)
    }
    return out
  }
}
