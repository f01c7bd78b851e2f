/**
 * Taking a snapshot from a channel's refresh lines (spec §4.4 "Snapshot processing"): discard until a
 * Refresh Complete, collect the messages until the next Refresh Complete, and offer that snapshot with its
 * LastSeqNum; one the feed declines (too old) is dropped and the next one collected. Refresh lines A and B
 * carry the same numbers: a packet at or below the highest number seen is the other line's copy. A refresh
 * packet missed in the middle spoils the snapshot being collected (§4.4 "Missed messages": wait for the next).
 */
import type { OmdMessage, UnknownMessage } from "../messages.ts"
import type { DecodedPacket } from "../packet-decode.ts"

type Phase =
  | { readonly phase: "off" }
  | { readonly phase: "discarding"; readonly reason: string }
  | { readonly phase: "collecting"; readonly reason: string; readonly messages: Array<OmdMessage | UnknownMessage> }

/** Takes (true) or declines (false) a whole snapshot synchronised at `lastSeqNum`. */
export type OfferSnapshot = (messages: ReadonlyArray<OmdMessage | UnknownMessage>, lastSeqNum: number, reason: string) => boolean

export class RefreshCollector {
  private state: Phase = { phase: "off" }
  private highest: number | undefined

  get active(): boolean {
    return this.state.phase !== "off"
  }

  /** Starts waiting for a snapshot (false: one is already awaited). */
  start(reason: string): boolean {
    if (this.state.phase !== "off") return false
    this.state = { phase: "discarding", reason }
    this.highest = undefined
    return true
  }

  stop(): void {
    this.state = { phase: "off" }
  }

  /** A refresh packet; `offer` is called with each whole snapshot until it takes one (then the collector stops). */
  packet(packet: DecodedPacket, offer: OfferSnapshot): void {
    const { seqNum, msgCount } = packet.header
    if (this.state.phase === "off" || msgCount === 0) return
    const last = seqNum + msgCount - 1
    if (this.highest !== undefined && last <= this.highest) return
    if (this.highest !== undefined && seqNum > this.highest + 1 && this.state.phase === "collecting") {
      this.state = { phase: "discarding", reason: this.state.reason }
    }
    const from = this.highest === undefined ? 0 : Math.max(0, this.highest + 1 - seqNum)
    this.highest = last
    for (let i = from; i < msgCount; i++) {
      const state: Phase = this.state
      const message = packet.messages[i]!
      if (message.msgType === 203) {
        if (state.phase === "collecting" && offer(state.messages, message.lastSeqNum, state.reason)) {
          this.stop()
          return
        }
        this.state = { phase: "collecting", reason: state.reason, messages: [] }
      } else if (state.phase === "collecting") {
        state.messages.push(message)
      }
    }
  }
}
