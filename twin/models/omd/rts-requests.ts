/**
 * Each RTS user's real requests today: the count the Retransmission Service holds against the daily limit
 * (DOMAIN §3's table: 1,000 requests per day, all channels; spec §4.3 "the maximum number of requests per day
 * limit is across all channels"). The limit is the user's, not a server's: a feed handler that fails over to
 * another of the four servers, or two feed handlers sharing a user on different servers, draw on one count.
 * So one record serves every RTS server of a run (twin/simulate/wire-omd.ts gives all of them the same one);
 * a server built alone (`rtsServerNode` without one) gets its own.
 *
 * [U] How HKEX shares the count between its servers is not published: here a request counts at every
 * server the moment one server answers it (no replication lag), and the record outlives a server's crash.
 *
 * Gotcha: mutable and shared, unlike a machine's state (engine/machine.ts). The servers count in it only
 * inside their steps, which the engine runs one at a time in its deterministic order, so the count — and
 * every answer that reads it — is the same on every run of the same inputs. All RTS servers and every feed
 * handler that asks them are wired in one world (OMD is one part of a run in parts: twin/simulate/parts.ts).
 */
export class RtsRequestsToday {
  private readonly byUser = new Map<string, number>()

  /** The user's real requests so far today, at any server. */
  of(user: string): number {
    return this.byUser.get(user) ?? 0
  }

  /** Counts `cost` more real requests of `user`; returns its count with them. */
  count(user: string, cost: number): number {
    const made = this.of(user) + cost
    this.byUser.set(user, made)
    return made
  }

  /** Users and their counts, in the order each made a first request (tests, diagnostics). */
  toRecord(): Readonly<Record<string, number>> {
    return Object.fromEntries(this.byUser)
  }
}
