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
import { type ClientState, realClientMachineId, type RealClientState } from "../models/ocg/index.ts"

export interface SessionBooks {
  readonly counts: Pick<ClientState["counts"], "applied" | "duplicates">
  readonly execHighWater: number
}

/** The books of BSS session machine `client` as of now. */
export const sessionBooks = (runtime: Runtime, client: string): SessionBooks => runtime.elision.heldState<ClientState>(client)

/**
 * The books of session `flow` as of now: its modelled BSS's, or, for a session a real FIX client drives
 * (`twin serve --real-sessions`), its stand-in's — the executions it handed to the client, each ExecID once
 * (twin/models/ocg/real-client.ts). Undefined: the world runs no BSS for the session.
 */
export const booksOf = (runtime: Runtime, flow: string): SessionBooks | undefined => {
  if (runtime.has(flow)) return sessionBooks(runtime, flow)
  const real = realClientMachineId(flow)
  if (!runtime.has(real)) return undefined
  const s = runtime.elision.heldState<RealClientState>(real)
  return { counts: { applied: s.applied, duplicates: s.duplicates }, execHighWater: s.execHighWater }
}
