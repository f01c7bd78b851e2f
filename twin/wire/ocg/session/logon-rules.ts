/**
 * The OCG-C Logon checks as one pure judgement (DOMAIN §1 Password, Heartbeat, Sequence numbers, Duplicate
 * logon; OCG-C spec §4.1): given the Logon, the Comp ID's session and what the gateway knows, whether to
 * accept it (and from which NextExpectedMsgSeqNum to replay), refuse it with a Logout, or drop the
 * connection without one. The connection (connection.ts) carries the verdict out.
 *
 * Order matters and follows what a gateway can know when: who the client is (Comp ID, registered gateway)
 * before its password, its password before anything about its session, the session's state last.
 */
import type { KeyObject } from "node:crypto"
import { fieldOf, type FixMessage, positiveOf } from "../codec/message.ts"
import { MsgType, Tag } from "../codec/tags.ts"
import { checkPassword } from "../password.ts"
import type { CompSession } from "./comp-session.ts"
import { sendingTimeProblem } from "./sending-time.ts"

export type LogonVerdict =
  | { readonly _tag: "drop"; readonly reason: string }
  /** Another connection holds the session: it and this one are both dropped. */
  | { readonly _tag: "duplicate" }
  | { readonly _tag: "refuse"; readonly text: string }
  | { readonly _tag: "accept"; readonly nextExpected: number }

export interface LogonContext {
  readonly gateway: string
  readonly comp: CompSession | undefined
  readonly heldElsewhere: boolean
  readonly privateKey: KeyObject
  readonly wallMs: number
  readonly passwordTolerance: number
  readonly sendingTimeTolerance: number
  /** The HeartBtInt (108) required, seconds. */
  readonly heartBtInt: number
}

export const judgeLogon = (m: FixMessage, x: LogonContext): LogonVerdict => {
  // OCG-C spec §4.1: anything but a Logon first drops the connection; so does an unknown Comp ID.
  if (m.msgType !== MsgType.Logon) return { _tag: "drop", reason: `MsgType ${m.msgType} before Logon: dropped` }
  const comp = x.comp
  if (comp === undefined) return { _tag: "drop", reason: `Logon from unknown Comp ID ${JSON.stringify(m.sender)}: dropped without Logout` }
  if (!comp.config.gateways.has(x.gateway)) return { _tag: "drop", reason: `Comp ID ${m.sender} is not registered at ${x.gateway}: dropped without Logout` }
  const pw = checkPassword(x.privateKey, fieldOf(m.fields, Tag.Password), comp.config.password, x.wallMs, x.passwordTolerance)
  if (!pw.ok) return { _tag: "refuse", text: pw.reason }
  // FIX session test case 2.o; for a Logon, a Logout naming the problem (no session to Reject within yet).
  const late = sendingTimeProblem(m, x.wallMs, x.sendingTimeTolerance)
  if (late !== undefined) return { _tag: "refuse", text: late }
  // FIXT.1.1 Logon: EncryptMethod (98) and DefaultApplVerID (1137) are required; OCG-C has no encryption
  // and speaks FIX 5.0 SP2 (9) only.
  const encrypt = fieldOf(m.fields, Tag.EncryptMethod)
  if (encrypt !== "0") return { _tag: "refuse", text: `EncryptMethod (98): expected 0 (none), got ${encrypt ?? "nothing"}` }
  const applVer = fieldOf(m.fields, Tag.DefaultApplVerID)
  if (applVer !== "9") return { _tag: "refuse", text: `DefaultApplVerID (1137): expected 9 (FIX 5.0 SP2), got ${applVer ?? "nothing"}` }
  const hb = fieldOf(m.fields, Tag.HeartBtInt)
  if (hb !== String(x.heartBtInt)) return { _tag: "refuse", text: `HeartBtInt (108): expected ${x.heartBtInt}, got ${hb ?? "nothing"}` }
  // DOMAIN §1: the client cannot reset its sequence numbers through Logon (it calls the Operations Desk).
  if (fieldOf(m.fields, Tag.ResetSeqNumFlag) === "Y") return { _tag: "refuse", text: "ResetSeqNumFlag (141)=Y: sequence numbers cannot be reset through Logon; call the HKEX Operations Desk" }
  // DOMAIN §1 Duplicate logon: both connections are dropped, with no Logout.
  if (x.heldElsewhere) return { _tag: "duplicate" }
  // DOMAIN §1 Sequence numbers: a Logon above 1 at start of day is dropped — above 1 plus the client's
  // Logons refused today, which it counts (CompSession.refusedLogonSeq).
  if (!comp.known && m.seq > comp.refusedLogonSeq + 1) {
    const expected = comp.refusedLogonSeq === 0 ? "1" : `1 to ${comp.refusedLogonSeq + 1}: ${comp.refusedLogonSeq} refused before`
    return { _tag: "drop", reason: `Logon MsgSeqNum ${m.seq} at start of day (expected ${expected}): dropped` }
  }
  const nextExpected = positiveOf(m.fields, Tag.NextExpectedMsgSeqNum)
  if (nextExpected === undefined) return { _tag: "refuse", text: "NextExpectedMsgSeqNum (789): required, a positive integer" }
  // DOMAIN §1: a lower sequence number without PossDup gets a Logout. A Logon opens a connection, so it
  // cannot be a duplicate of one sent before: PossDupFlag=Y does not excuse it (FIX ignores a low PossDup
  // message in session; a Logon accepted so started the session from a number the gateway had seen).
  if (m.seq < comp.nextIn) return { _tag: "refuse", text: `MsgSeqNum too low, expecting ${comp.nextIn} but received ${m.seq}` }
  if (nextExpected > comp.nextOut) return { _tag: "refuse", text: `NextExpectedMsgSeqNum (789) ${nextExpected} is ahead of the gateway's next (${comp.nextOut})` }
  return { _tag: "accept", nextExpected }
}
