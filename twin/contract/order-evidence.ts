/**
 * What the order evidence of the trace means, said once for every reader of it (ocg-order-acks, the drill's
 * order tickets, a participant's orders): when an answer is late, and when an OTP-C order found waiting
 * stops waiting.
 *
 * A BSS traces one `awaiting` order per session at a time, its oldest pending New Order
 * (twin/models/ocg/order-acks.ts); the wait ends at that order's own `late-ack` (answered at last) or at an
 * `unanswered` whose ClOrdIDs cover it (overtaken). An `awaiting` of the same order again (its session lost)
 * only says how many are out now.
 */
import type { OcgSessionData } from "./kinds-ocg.ts"

/**
 * [U] An answer this long (µs) after its order is late: the twin's own round trip is about 1.5 ms, a TCP
 * retransmission 200 ms, so a tenth of a second separates the network's delay from the ordinary. Not a rule
 * of the spec: where a BSS would notice. The OTP-C BSS traces its late answers by it (`late-ack`).
 */
export const LATE_ANSWER = 100_000

/** How `d` ends the wait of the session's order `clOrdId` found waiting, or undefined when it does not. */
export const waitEnd = (d: OcgSessionData, clOrdId: number): "answered" | "overtaken" | undefined =>
  d.event === "late-ack" && d.clOrdId === clOrdId
    ? "answered"
    : d.event === "unanswered" && d.firstClOrdId <= clOrdId && clOrdId <= d.lastClOrdId
    ? "overtaken"
    : undefined
