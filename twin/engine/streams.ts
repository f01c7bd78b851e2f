/**
 * The sender's kernel for the runtime's TCP sends (a `send` with a `stream`, machine.ts): a message goes at
 * once when its path carries it (random loss only delays it, in the network), is held in order behind the
 * connection's earlier messages while the path is cut, and goes at the first retransmission (tcp.ts backoff)
 * the path carries — or never, when the kernel gives the connection up or an end of an established one is
 * down (RESET; a connection still opening keeps trying, as a SYN to a dead host is silence, not a refusal).
 *
 * When to use: the runtime keeps one `StreamEnd` per machine it sends to and hands every stream send here.
 * Gotchas: a message on a newer connection between the same two machines ends the older one (the client
 * closed it to open the new one; what it had not sent dies with it). A held connection tells the network
 * (`holding`), so nothing predicts the traffic of its pair meanwhile (heartbeat elision reads `steady`).
 */
import { type Backoff, CONNECT_BACKOFF, DATA_BACKOFF, ORPHAN_RETRIES, RESET, rtoAfter } from "./tcp.ts"
import type { Micros } from "./time.ts"

/** What the kernel asks of the network: runtime.ts `Network`'s unicast half (said again here, not imported: the runtime imports this module). */
export interface StreamNetwork {
  readonly deliver: (from: string, to: string, bytes: number, now: Micros) => Micros | undefined
  readonly deliverStream?: (channel: unknown, bytes: number, now: Micros, backoff: Backoff) => Micros | undefined
  readonly holding?: (channel: unknown, held: boolean) => void
}

/** One sender's end towards one machine: the network's channel, the connection last written to, what is held. */
export interface StreamEnd {
  readonly target: number
  readonly channel: unknown
  stream: number | undefined
  held: Held | undefined
}

/** Messages of one connection the path did not carry yet, oldest first, and where the retransmissions are. */
interface Held {
  readonly stream: number
  readonly queue: Array<{ readonly message: unknown; readonly bytes: number }>
  /** The first message of `queue` not yet through. */
  head: number
  readonly backoff: Backoff
  /** Retransmissions made so far. */
  retries: number
  /** Retransmissions before the kernel gives up: the backoff's, fewer once the connection is closed. */
  limit: number
  readonly from: string
  readonly fromNode: string
  readonly toNode: string
}

/** What the runtime lends: its clock, hooks in time order, and a message's arrival at a machine. */
export interface StreamHost {
  readonly now: () => Micros
  readonly at: (at: Micros, hook: () => void) => void
  readonly arrive: (at: Micros, target: number, from: string, message: unknown) => void
}

/** What became of a message offered to the network. */
const SENT = 1
const CUT = 0

export class Streams {
  private readonly network: StreamNetwork
  private readonly host: StreamHost

  constructor(network: StreamNetwork, host: StreamHost) {
    this.network = network
    this.host = host
  }

  /**
   * Machine `from` (on `fromNode`) writes `message` to connection `stream` towards `end` (on `toNode`);
   * `opening`: it is the connection's first message, its SYN.
   */
  send(end: StreamEnd, from: string, fromNode: string, toNode: string, stream: number, opening: boolean, message: unknown, bytes: number): void {
    const held = end.held
    if (held !== undefined) {
      if (held.stream === stream) {
        held.queue.push({ message, bytes })
        return
      }
      this.release(end)
    }
    end.stream = stream
    const backoff = opening ? CONNECT_BACKOFF : DATA_BACKOFF
    if (this.offer(end, from, fromNode, toNode, message, bytes, backoff) !== CUT) return
    const hold: Held = { stream, queue: [{ message, bytes }], head: 0, backoff, retries: 0, limit: backoff.retries, from, fromNode, toNode }
    end.held = hold
    this.network.holding?.(end.channel, true)
    this.host.at(this.host.now() + rtoAfter(backoff, 0), () => this.retransmit(end, hold))
  }

  /**
   * The sender closes connection `stream` towards `end`. Still opening (its SYN held): aborted, what was
   * written on it never sent. Established with messages held: orphaned, at most ORPHAN_RETRIES
   * retransmissions in all. Nothing held: nothing to do (what is on the wire arrives).
   * Gotcha: an opening the network delayed by random loss (its arrival already scheduled) still arrives.
   */
  close(end: StreamEnd, stream: number): void {
    const held = end.held
    if (held === undefined || held.stream !== stream) return
    if (held.head === 0 && held.backoff === CONNECT_BACKOFF) return this.release(end)
    held.limit = Math.min(held.limit, ORPHAN_RETRIES)
  }

  /** Offers one message to the network now: SENT (its arrival scheduled), CUT (to be held) or RESET (dead, dropped). */
  private offer(end: StreamEnd, from: string, fromNode: string, toNode: string, message: unknown, bytes: number, backoff: Backoff): number {
    const now = this.host.now()
    const arrival = end.channel !== undefined && this.network.deliverStream !== undefined
      ? this.network.deliverStream(end.channel, bytes, now, backoff)
      : this.network.deliver(fromNode, toNode, bytes, now)
    if (arrival === undefined) return CUT
    // A SYN to a host that is down is not refused, it goes unanswered: the kernel sends it again on its
    // backoff, and a host back up in time accepts it. Only an established connection died with the host.
    if (arrival === RESET) return backoff === CONNECT_BACKOFF ? CUT : RESET
    this.host.arrive(arrival, end.target, from, message)
    return SENT
  }

  /** A retransmission of the oldest held message: the held messages go while the path carries them; else a longer timeout, or the connection given up. */
  private retransmit(end: StreamEnd, hold: Held): void {
    if (end.held !== hold) return // ended by a newer connection
    // The timeout after the last retransmission: the kernel resets the connection, its unsent data lost.
    if (hold.retries >= hold.limit) return this.release(end)
    const queue = hold.queue
    let through = SENT
    while (hold.head < queue.length) {
      const { message, bytes } = queue[hold.head]!
      through = this.offer(end, hold.from, hold.fromNode, hold.toNode, message, bytes, hold.backoff)
      if (through !== SENT) break
      hold.head++
    }
    if (hold.head === queue.length || through === RESET) return this.release(end)
    hold.retries += 1
    this.host.at(this.host.now() + rtoAfter(hold.backoff, hold.retries), () => this.retransmit(end, hold))
  }

  private release(end: StreamEnd): void {
    end.held = undefined
    this.network.holding?.(end.channel, false)
  }
}
