/**
 * Taking a snapshot from a channel's refresh lines (spec §4.4 "Snapshot processing"): discard until a
 * Refresh Complete, collect the messages until the next Refresh Complete, and offer that snapshot with its
 * LastSeqNum; one the feed declines (too old) is dropped and the next one collected. Refresh lines A and B
 * carry the same numbers and are arbitrated by number as the real-time lines are: a number either line
 * brought counts once, so a packet one line missed is taken from the other, whichever comes first. A
 * snapshot still lacking a number when its Refresh Complete comes is spoiled (§4.4 "Missed messages": wait
 * for the next). (Before 2026-12-07 a packet one line missed spoiled the snapshot even when the other line
 * brought it a moment later: at ×60, where the refresh lines carry ~20,000 packets a second each, a late
 * start never completed.)
 */
import type { OmdMessage, UnknownMessage } from "../messages.ts"
import type { DecodedPacket } from "../packet-decode.ts"

type Phase =
  | { readonly phase: "off" }
  | { readonly phase: "discarding"; readonly reason: string }
  | {
    readonly phase: "collecting"
    readonly reason: string
    /** The snapshot's first number (after the Refresh Complete that began it). */
    readonly from: number
    /** Its messages by number less `from`, from whichever line brought each first. */
    readonly messages: Array<OmdMessage | UnknownMessage | undefined>
  }

/** Takes (true) or declines (false) a whole snapshot synchronised at `lastSeqNum`. */
export type OfferSnapshot = (messages: ReadonlyArray<OmdMessage | UnknownMessage>, lastSeqNum: number, reason: string) => boolean

export class RefreshCollector {
  private state: Phase = { phase: "off" }
  /** The number of the last Refresh Complete acted on (the other line's copy of it is the same number). */
  private lastComplete: number | undefined

  get active(): boolean {
    return this.state.phase !== "off"
  }

  /** Starts waiting for a snapshot (false: one is already awaited). */
  start(reason: string): boolean {
    if (this.state.phase !== "off") return false
    this.state = { phase: "discarding", reason }
    this.lastComplete = undefined
    return true
  }

  stop(): void {
    this.state = { phase: "off" }
  }

  /** A refresh packet of either line; `offer` is called with each whole snapshot until it takes one (then the collector stops). */
  packet(packet: DecodedPacket, offer: OfferSnapshot): void {
    const { seqNum, msgCount } = packet.header
    for (let i = 0; i < msgCount; i++) {
      const state: Phase = this.state
      if (state.phase === "off") return
      const seq = seqNum + i
      const message = packet.messages[i]!
      if (message.msgType === 203) {
        if (this.lastComplete !== undefined && seq <= this.lastComplete) continue // the other line's copy, or older
        this.lastComplete = seq
        // Numbers past this Refresh Complete (one line ahead of the other) are the next snapshot's.
        const ahead = state.phase === "collecting" ? state.messages.splice(seq - state.from) : []
        if (state.phase === "collecting" && whole(state.messages, seq - state.from)) {
          if (offer(state.messages as ReadonlyArray<OmdMessage | UnknownMessage>, message.lastSeqNum, state.reason)) return this.stop()
        }
        this.state = { phase: "collecting", reason: state.reason, from: seq + 1, messages: ahead.slice(1) }
      } else if (state.phase === "collecting" && seq >= state.from) {
        // A number past the array's end leaves holes (undefined) that the other line may fill.
        state.messages[seq - state.from] ??= message
      }
    }
  }
}

/** Whether `messages` holds all of its first `length` numbers. */
const whole = (messages: ReadonlyArray<OmdMessage | UnknownMessage | undefined>, length: number): boolean => {
  if (messages.length !== length) return false
  for (let k = 0; k < length; k++) if (messages[k] === undefined) return false
  return true
}
