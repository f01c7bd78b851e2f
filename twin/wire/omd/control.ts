/** Control messages (spec §3.4): Sequence Reset (100) and Disaster Recovery Signal (105). Heartbeats are packets (packet-encode.ts). */
import { defineMessage } from "./message-codec.ts"
import { MsgType } from "./msg-type.ts"

/** §3.4.2: the client sets its next expected sequence number to NewSeqNo (always 1) and clears its caches. */
export interface SequenceReset {
  readonly msgType: typeof MsgType.SequenceReset
  readonly newSeqNo: number
}

/** §3.4.3 DRStatus values. */
export const DRStatus = { InProgress: 1, Completed: 2 } as const

/** §3.4.3: sent on the dedicated DR channel when a site failover begins (1) and ends (2). */
export interface DisasterRecoverySignal {
  readonly msgType: typeof MsgType.DisasterRecoverySignal
  readonly drStatus: number
}

export const sequenceReset = defineMessage<SequenceReset>({
  msgType: MsgType.SequenceReset, name: "Sequence Reset", section: "3.4.2", totalLength: 8,
  rows: [[4, "newSeqNo", "Uint32", 4]]
})

export const disasterRecoverySignal = defineMessage<DisasterRecoverySignal>({
  msgType: MsgType.DisasterRecoverySignal, name: "Disaster Recovery Signal", section: "3.4.3", totalLength: 8,
  rows: [[4, "drStatus", "Uint32", 4]]
})
