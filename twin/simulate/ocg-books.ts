/**
 * A BSS session's execution books — what it has applied (`counts`) and the highest ExecID it has seen
 * (`execHighWater`) — read without waking it if its idle heartbeats are elided (ocg-elision.ts): a session
 * is elided only while two looks a period apart find it the same but for its beats (twin/models/ocg/beats.ts
 * `sameButBeatsClient`: the same `counts` and `execHighWater`), and waking it moves on only heartbeat
 * sequence numbers, liveness times and heartbeat timers; with nothing in flight, its books are current
 * as held. A reader that audits the
 * books every minute (the execution ledger) would otherwise wake every idle session every minute and
 * elision would never hold.
 */
import type { Runtime } from "../engine/runtime.ts"
import type { ClientState } from "../models/ocg/index.ts"

export type SessionBooks = Pick<ClientState, "counts" | "execHighWater">

/** The books of BSS session machine `client` as of now. */
export const sessionBooks = (runtime: Runtime, client: string): SessionBooks => runtime.elision.heldState<ClientState>(client)
