/**
 * What a TCP connection does with a message the path does not carry: it never loses it, it sends it again.
 * A `send` on a stream (machine.ts, `stream` = the connection's number) is retransmitted by the sender's
 * kernel on an exponential backoff until the path carries it or the kernel gives the connection up; the
 * messages written after it wait behind it (TCP delivers in order). Linux's defaults [S: Linux
 * Documentation/networking/ip-sysctl.rst, include/net/tcp.h]:
 * - data: the first retransmission after RTO ≥ 200 ms (TCP_RTO_MIN; the estate's round trips are far
 *   below it), doubled each time up to 120 s (TCP_RTO_MAX); `tcp_retries2` = 15 retransmissions, a
 *   timeout of 924.6 s after which the connection is reset and its unsent data gone;
 * - a connection's first message stands for its SYN: 1 s initial RTO, `tcp_syn_retries` = 6, so connect()
 *   gives up after 127 s;
 * - close(): a connection still opening is aborted (its SYN never sent again); an established one is
 *   orphaned and keeps retransmitting what it holds `tcp_orphan_retries` times (0 means 8, net/ipv4/
 *   tcp_timer.c tcp_orphan_retries) before it is reset.
 *
 * When to use: the runtime (runtime.ts) holds a stream's messages while its path is cut and retransmits
 * on this schedule; the network (twin/world/sim-network.ts) turns random loss on a stream into the delay
 * of the retransmissions that got the message through. The model's own timers (FIX heartbeats, logon
 * timeouts) usually give a connection up long before the kernel does.
 */
import type { Micros } from "./time.ts"

export interface Backoff {
  /** The first retransmission's timeout. */
  readonly firstRto: Micros
  /** Retransmissions before the connection is given up (reset). */
  readonly retries: number
}

export const TCP_RTO_MAX: Micros = 120_000_000
/** What the network answers for a stream message whose connection died with a host at an end of its path: no retransmission will carry it. */
export const RESET = -1
/** Data on an established connection (tcp_retries2 = 15). */
export const DATA_BACKOFF: Backoff = { firstRto: 200_000, retries: 15 }
/** A connection's opening (SYN; tcp_syn_retries = 6). */
export const CONNECT_BACKOFF: Backoff = { firstRto: 1_000_000, retries: 6 }

/** Retransmissions an orphaned (closed) connection still makes. */
export const ORPHAN_RETRIES = 8

/** The timeout after retransmission `n` (0: after the first sending), doubled from `firstRto` up to TCP_RTO_MAX. */
export const rtoAfter = (backoff: Backoff, n: number): Micros => Math.min(backoff.firstRto * 2 ** n, TCP_RTO_MAX)

/** The time from the first sending until the connection is given up: every timeout, the last retransmission's included (924.6 s for data). */
export const giveUpAfter = (backoff: Backoff): Micros => {
  let total = 0
  for (let n = 0; n <= backoff.retries; n++) total += rtoAfter(backoff, n)
  return total
}

/**
 * The delay random loss adds to a message on a stream: each sending is lost with probability `1 - keep`
 * (`lost()` draws it), and each loss costs the timeout before the next sending. Undefined when every
 * sending the kernel makes is lost (the connection is reset, the message never arrives).
 */
export const retransmissionDelay = (backoff: Backoff, lost: () => boolean): Micros | undefined => {
  let delay = 0
  for (let n = 0; n <= backoff.retries; n++) {
    if (!lost()) return delay
    delay += rtoAfter(backoff, n)
  }
  return undefined
}
