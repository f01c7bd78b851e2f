/** Refresh service message (spec §3.6). */
import { defineMessage } from "./message-codec.ts"
import { MsgType } from "./msg-type.ts"

/** §3.6.1 / §4.4: ends a snapshot; the snapshot is the market state as of LastSeqNum on the real-time channel. */
export interface RefreshComplete {
  readonly msgType: typeof MsgType.RefreshComplete
  readonly lastSeqNum: number
}

export const refreshComplete = defineMessage<RefreshComplete>({
  msgType: MsgType.RefreshComplete, name: "Refresh Complete", section: "3.6.1", totalLength: 8,
  rows: [[4, "lastSeqNum", "Uint32", 4]]
})
