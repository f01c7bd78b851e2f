/**
 * The CCCG platform's record of each China Connect session (by session id, the Comp ID): the reports it
 * sent the participant, numbered 1, 2, … for the day, and which CCCG holds the session now — the part of
 * session state that lives behind the gateways and outlives a change of gateway.
 *
 * What it stands for [U]: the CCCG Binary Trading Protocol v1.3 (18 Apr 2018) numbers each direction of a
 * session and recovers by the Logon's next expected number like OCG-C, but the public copies could be read
 * only up to the contents of §3 (Connectivity: §3.1 Session, §3.2 Comp ID, §3.4 Lookup Service); its
 * session and recovery rules are taken from OCG-C (DOMAIN §1 Sequence numbers, Recovery). Where the numbers
 * live is not published for either platform; OCG-C's spec §4.6.2.2 says its fault tolerance and disaster
 * recovery retain each client's sequence numbers through an outage, so the twin keeps one record per session
 * shared by every CCCG of both sites, replicated at once (as twin/models/ocg/session-registry.ts assumes
 * for OCG-C's numbers, and here for the store of sent reports too).
 *
 * When to use: gateway.ts numbers every report it is to send a session here (`append`), takes the session
 * at a Logon (`attach`), lets it go when it closes (`release`), and writes from the record what the holder
 * has not written yet (its `written`).
 *
 * Gotchas:
 * - One store per world (twin/simulate/wire-csc.ts), shared by reference by every CCCG's state and written
 *   in place, as keyed-table.ts is: a state given to a step is spent. Nothing reads it outside a CCCG's
 *   step, so a run stays deterministic (the steps run in the kernel's order).
 * - A report that reaches no CCCG (its gateway down, its link cut off) never gets here: it is lost before
 *   the session protocol sees it, as before.
 */
import type { CscMessage } from "./messages.ts"

/** A report to a session: what a mainland link or a CCCG answers an order with. */
export type SessionReport = CscMessage & { readonly _tag: "accepted" | "rejected" | "traded" | "cancelled" | "cancel-rejected" }

export interface SessionRecord {
  /** Report `n` (1-based sequence number) is `reports[n - 1]`. */
  readonly reports: Array<SessionReport>
  /** The CCCG that took the session's last Logon; undefined once it closed. */
  holder: string | undefined
  /** The holder's client machine and connection. */
  client: string
  conn: number
  /** The next sequence number the holder writes on that connection. */
  written: number
  /** Numbers below this were in the store at the Logon: written again with PossDup=1. */
  replayEnd: number
  /** A paced replay is under way (its timer armed): new reports wait for it. */
  replaying: boolean
}

export class CscSessionStore {
  private readonly records = new Map<string, SessionRecord>()

  record(session: string): SessionRecord | undefined {
    return this.records.get(session)
  }

  /** Numbers `report` as the session's next and keeps it; returns its sequence number. */
  append(session: string, report: SessionReport): number {
    const r = this.records.get(session) ?? this.fresh(session)
    r.reports.push(report)
    return r.reports.length
  }

  /**
   * `gateway` takes the session for `client` on `conn`, which expects `nextExpected` next: the holder writes
   * from there (never past what is stored: a client ahead of the store starts at the store's next).
   */
  attach(session: string, gateway: string, client: string, conn: number, nextExpected: number): SessionRecord {
    const r = this.records.get(session) ?? this.fresh(session)
    const next = r.reports.length + 1
    r.holder = gateway
    r.client = client
    r.conn = conn
    r.written = Math.max(1, Math.min(nextExpected, next))
    r.replayEnd = next
    r.replaying = false
    return r
  }

  /** `gateway` closed: a session it held is held nowhere until its next Logon. */
  release(session: string, gateway: string): void {
    const r = this.records.get(session)
    if (r !== undefined && r.holder === gateway) r.holder = undefined
  }

  private fresh(session: string): SessionRecord {
    const r: SessionRecord = { reports: [], holder: undefined, client: "", conn: 0, written: 1, replayEnd: 1, replaying: false }
    this.records.set(session, r)
    return r
  }
}
