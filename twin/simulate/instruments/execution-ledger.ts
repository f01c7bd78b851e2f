/**
 * The execution ledger, an instrument of the simulation (instruments.ts): a wiring that writes, every minute
 * and at the end of the run, how many executions
 * the OTP-C hosts produced for each OCG-C session and how many the participant's BSS applied — what the
 * `executions-exactly-once` check reads. The models keep these counts in their state (OTP-C: the session
 * log, twin/models/ocg/otp-c.ts `logOf`; BSS: `counts.applied` and `execHighWater`,
 * client-session.ts) but write no event per execution (a day has over a million); the ledger reads the
 * states, as a report reader would audit the two sides' books, and changes no model.
 *
 * `ocg.executions` (subject `twin`): `sessions`, `sent` (Execution Reports the hosts logged for the
 * sessions, drop copies included), `applied` (distinct ExecIDs the BSSs applied), `undelivered` (logged
 * with an ExecID above what the BSS has: in flight, or waiting for the session to log on again),
 * `discarded` (copies the BSSs dropped as already applied: PossDup/PossResend replays), and `short`: every
 * session whose books disagree — `applied ≠ sent − undelivered` — as `{ participant, compId, sent, applied,
 * undelivered }`. All counts are since the start of the run.
 *
 * Which host: every OTP-C host that is not retired. After a DR failover the backup site's host has taken
 * over the primary's logs and ExecID counter (otp-c.ts) and the primary is retired, so the ledger reads
 * the host that is live; executions the retired primary went on logging after it was lost (fills of its
 * open orders while its node was down) reached nobody and are not counted — the backup host filled those
 * orders again under fresh ExecIDs.
 */
import { ocgSessionsOf, clientMachineId, logOf, newestAbove, type OtpcState } from "../../models/ocg/index.ts"
import { type Micros, seconds } from "../../engine/time.ts"
import type { OcgExecutionsData, ShortSession } from "../../contract/kinds-ocg.ts"
import { EXECUTIONS } from "../../contract/trace-kinds.ts"
import type { Runtime } from "../../engine/runtime.ts"
import { booksOf } from "../ocg-books.ts"
import type { Wiring } from "../wiring.ts"

const ledger = (runtime: Runtime, hosts: ReadonlyArray<string>, sessions: ReadonlyArray<{ readonly participant: string; readonly compId: string }>): OcgExecutionsData => {
  const hostStates = hosts.filter((h) => runtime.has(h)).map((h) => runtime.stateOf<OtpcState>(h)).filter((h) => h.successor === undefined)
  let sent = 0
  let applied = 0
  let undelivered = 0
  let discarded = 0
  let counted = 0
  const short: Array<ShortSession> = []
  for (const s of sessions) {
    // A session a real FIX client drives is counted through its stand-in (ocg-books.ts).
    const client = booksOf(runtime, clientMachineId(s.participant, s.compId))
    if (client === undefined) continue
    let logged = 0
    let pending = 0
    for (const host of hostStates) {
      const log = logOf(host, s.compId)
      if (log === undefined) continue
      logged += log.entries.length
      pending += newestAbove(log, client.execHighWater)
    }
    counted++
    sent += logged
    applied += client.counts.applied
    undelivered += pending
    discarded += client.counts.duplicates
    if (client.counts.applied !== logged - pending) {
      short.push({ participant: s.participant, compId: s.compId, sent: logged, applied: client.counts.applied, undelivered: pending })
    }
  }
  return { sessions: counted, sent, applied, undelivered, discarded, short: short.map((x) => ({ ...x })) }
}

/** The ledger every `every` µs from the start of the run, and at its end. */
export const executionLedgerEvery = (every: Micros): Wiring => ({
  system: "execution-ledger",
  wire: ({ model, runtime, window }) => {
    const sessions = ocgSessionsOf(model.file.participants)
    if (sessions.length === 0) return
    const hosts = model.nodes.filter((n) => n.kind === "otp-c-host").map((n) => n.id)
    const write = () => runtime.record(EXECUTIONS, "twin", ledger(runtime, hosts, sessions))
    for (let t = window.from + every; t < window.to; t += every) runtime.at(t, write)
    runtime.at(window.to, write)
  }
})

export const executionLedger: Wiring = executionLedgerEvery(seconds(60))
