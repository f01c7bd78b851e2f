/**
 * Recovering one range from the retransmission service when there are several servers (spec §4.3 "High
 * availability": four, two per site, any usable), with the rules the twin's feed handler model follows
 * (twin/models/omd/rts-client.ts), so a recovery on the wire ends as the trace says it did:
 * - the servers are tried one at a time, in the listed order, starting with the last one that served; a
 *   server that does not connect, times out, refuses the logon or drops the connection → the next one
 *   ("In the event that a Retransmission Server does not respond … another … should be used");
 * - RetransStatus 100 (exceeds maximum sequence range): the request is reformulated — split in halves,
 *   each recovered in turn (spec §4.3 Figure 6);
 * - RetransStatus 1 (unknown channel) or 2 (messages not available): no server can do better → refresh;
 * - RetransStatus 101 (exceeds the daily requests): refresh, and no more requests today (`endOfDay`);
 * - every server failed in a row → refresh.
 *
 * One recovery at a time across all channels: DOMAIN §3 "only one session per user" — a second Logon with
 * the same username while a session is open is refused (SessionStatus 100, "user already connected") and
 * would cost a server for nothing — and spec §4.3 "should not connect to multiple retransmission servers
 * concurrently". A channel whose gap comes while another channel's recovery runs waits its turn (the
 * channel's later numbers wait meanwhile, channel-feed.ts).
 */
import { RetransStatus } from "../retransmission.ts"
import type { OmdMessage, UnknownMessage } from "../messages.ts"
import type { SeqRange } from "./channel-feed.ts"
import { retransmit, type RtsOutcome, type RtsRequest, type RtsTarget } from "./rts-client.ts"

export type Retransmit = (target: RtsTarget, request: RtsRequest) => Promise<RtsOutcome>

export type RecoveryOutcome =
  | { readonly ok: true; readonly messages: ReadonlyArray<readonly [number, OmdMessage | UnknownMessage]>; readonly requests: number }
  | { readonly ok: false; readonly why: string; readonly endOfDay: boolean; readonly requests: number }

export interface RecoveryRequest {
  readonly username: string
  readonly channelId: number
  readonly connectTimeoutMs?: number
  readonly responseTimeoutMs?: number
}

export class RtsRecovery {
  private readonly servers: ReadonlyArray<RtsTarget>
  private readonly send: Retransmit
  /** Index of the server to try first (the last that served). */
  private preferred = 0
  /** The recovery running or last queued: the next starts when it has ended. */
  private queue: Promise<unknown> = Promise.resolve()

  constructor(servers: ReadonlyArray<RtsTarget>, send: Retransmit = retransmit) {
    this.servers = servers
    this.send = send
  }

  /** Recovers `range`, after every recovery asked for before it has ended. */
  recover(base: RecoveryRequest, range: SeqRange): Promise<RecoveryOutcome> {
    const turn = this.queue.then(() => this.recoverNow(base, range))
    this.queue = turn.catch(() => undefined)
    return turn
  }

  private async recoverNow(base: RecoveryRequest, range: SeqRange): Promise<RecoveryOutcome> {
    let requests = 0
    const one = async (part: SeqRange): Promise<RecoveryOutcome> => {
      let last = "no RTS listed"
      for (let tried = 0; tried < this.servers.length; tried++) {
        const index = (this.preferred + tried) % this.servers.length
        requests++
        const outcome = await this.send(this.servers[index]!, { ...base, range: part })
        if (outcome.ok) {
          this.preferred = index
          return { ok: true, messages: outcome.messages, requests }
        }
        if (outcome.kind === "failed") {
          last = outcome.why
          continue
        }
        this.preferred = index
        if (outcome.status === RetransStatus.ExceedsMaximumRange && part.last > part.first) {
          const middle = part.first + Math.floor((part.last - part.first + 1) / 2) - 1
          const low = await one({ first: part.first, last: middle })
          if (!low.ok) return low
          const high = await one({ first: middle + 1, last: part.last })
          if (!high.ok) return high
          return { ok: true, messages: [...low.messages, ...high.messages], requests }
        }
        return { ok: false, why: outcome.why, endOfDay: outcome.status === RetransStatus.ExceedsDailyRequests, requests }
      }
      return { ok: false, why: this.servers.length <= 1 ? last : `every RTS failed (last: ${last})`, endOfDay: false, requests }
    }
    const outcome = await one(range)
    return { ...outcome, requests }
  }
}
