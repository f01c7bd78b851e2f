/**
 * Issue 13, defect 8: a check with nothing to judge says so. One check per family over a window with no
 * evidence of its kind: its verdict stays a pass but its summary starts "nothing to check"; marked
 * `require: evidence`, it fails with that reason and one piece of evidence spanning the window; with
 * something to judge, its verdict and summary are what they always were.
 *
 * Every window is 10:00–10:10; the events that are "not evidence" are of another service, participant or
 * time, so each check really sees the trace and finds nothing of its own in it.
 */
import { describe, expect, it } from "vitest"
import { addedLatency } from "../../../scenarios/checks/added-latency.ts"
import type { AnyCheckKind } from "../../../scenarios/checks/check.ts"
import { cscNorthboundAvailable } from "../../../scenarios/checks/csc-northbound-available.ts"
import { ecpDeadlines } from "../../../scenarios/checks/ecp-deadlines.ts"
import { executionsExactlyOnce } from "../../../scenarios/checks/executions-exactly-once.ts"
import { health } from "../../../scenarios/checks/health.ts"
import { ocgSessionRecovery } from "../../../scenarios/checks/ocg-session-recovery.ts"
import { omdDualLineLoss } from "../../../scenarios/checks/omd-dual-line-loss.ts"
import { omdUnrecoveredGaps } from "../../../scenarios/checks/omd-unrecovered-gaps.ts"
import type { TraceEvent } from "../../../twin/engine/trace.ts"
import { at, ev, judgeAsRun } from "./support.ts"

const window = { from: "10:00", to: "10:10" }
const REQUIRED = "nothing to check in the window, and the check requires evidence (require: evidence)"

const ledger = (t: string, sent: number) =>
  ev(t, "ocg.executions", "twin", { sessions: 2, sent, applied: sent, undelivered: 0, discarded: 0, short: [] })
const latency = (t: string, max: number) =>
  ev(t, "route.latency", "twin", { service: "omd-c", flows: 40, medianAddedUs: 0, p90AddedUs: 0, p99AddedUs: 0, maxAddedUs: max, worstFlow: "P1/omdc-ss", unreachable: 0 })
const otpc = (t: string, participant: string) =>
  ev(t, "health", participant, { service: "otp-c", status: "served", previous: null, cause: `${participant}/${participant}T01: logged on to gw1 (primary)` })

interface Family {
  readonly kind: AnyCheckKind
  readonly params: Record<string, unknown>
  /** Events in which the check finds nothing of its own, and its raw summary over them. */
  readonly empty: ReadonlyArray<TraceEvent>
  readonly emptySummary: string
  /** The same plus one thing to judge, and the summary then (unchanged by the rule). */
  readonly some: ReadonlyArray<TraceEvent>
  readonly someSummary: string
}

const families: Record<string, Family> = {
  // OMD: an omd-cc channel is not an omd-c subscriber; P1's SS channel synced at 10:01 is one.
  "omd-dual-line-loss": {
    kind: omdDualLineLoss,
    params: { service: "omd-c" },
    empty: [ev("10:01", "omd.sync", "P1", { flow: "P1/omdcc", channel: "omdcc/CC", state: "synced", reason: "refresh" })],
    emptySummary: "longest omd-c dual-line loss 0s (max 0s)",
    some: [ev("10:01", "omd.sync", "P1", { flow: "P1/omdc-ss", channel: "omdc/SS", state: "synced", reason: "refresh" })],
    someSummary: "longest omd-c dual-line loss 0s (max 0s)"
  },
  "omd-unrecovered-gaps": {
    kind: omdUnrecoveredGaps,
    params: { service: "omd-c" },
    empty: [ev("10:01", "omd.sync", "P1", { flow: "P1/omdcc", channel: "omdcc/CC", state: "synced", reason: "refresh" })],
    emptySummary: "0 unrecovered gaps (0 seqs, 0 participants; max 0)",
    some: [ev("10:01", "omd.sync", "P1", { flow: "P1/omdc-ss", channel: "omdc/SS", state: "synced", reason: "refresh" })],
    someSummary: "0 unrecovered gaps (0 seqs, 0 participants; max 0)"
  },
  // OCG-C: no session at all; then P1T01 logging on at 10:01.
  "ocg-session-recovery": {
    kind: ocgSessionRecovery,
    params: { within: "3m" },
    empty: [ev("10:02", "ocg.gateway", "gw1", { event: "crash", connectionsLost: 0 })],
    emptySummary: "longest OCG-C session outage 0s (within 3m)",
    some: [ev("10:01", "ocg.session", "P1", { compId: "P1T01", flow: "P1/P1T01", event: "logon", gateway: "gw1", role: "primary" })],
    someSummary: "longest OCG-C session outage 0s (within 3m)"
  },
  // "0 lost of 0 executions": the ledger stood at 40 sent before the window and still at its end; then 70.
  "executions-exactly-once": {
    kind: executionsExactlyOnce,
    params: {},
    empty: [ledger("09:59", 40), ledger("10:10", 40)],
    emptySummary: "0 lost, 0 duplicated of 0 executions logged (max 0); 0 not yet delivered and 0 redelivered copies discarded at 10:10:00",
    some: [ledger("09:59", 40), ledger("10:10", 70)],
    someSummary: "0 lost, 0 duplicated of 30 executions logged (max 0); 0 not yet delivered and 0 redelivered copies discarded at 10:10:00"
  },
  // China Connect: only otp-c statuses; then P1's otp-csc served.
  "csc-northbound-available": {
    kind: cscNorthboundAvailable,
    params: {},
    empty: [otpc("10:00", "P1")],
    emptySummary: "longest northbound outage 0s (max 0s)",
    some: [ev("10:00", "health", "P1", { service: "otp-csc", status: "served", previous: null, cause: "P1/P1C01: logged on to cccg-dc1-01 (primary)" })],
    someSummary: "longest northbound outage 0s (max 0s)"
  },
  // ECP: a transfer that completed at 09:50, before the window; then one started at 10:02.
  "ecp-deadlines": {
    kind: ecpDeadlines,
    params: {},
    empty: [ev("09:50", "ecp.transfer", "P1", { event: "completed", job: "P1/up-01", file: "UP-01", direction: "upload", attempt: 1, server: "s1", bytes: 1, done: 1 })],
    emptySummary: "no ECP transfer missed its deadline",
    some: [ev("10:02", "ecp.transfer", "P1", { event: "started", job: "P1/up-02", file: "UP-02", direction: "upload", attempt: 1, server: "s1", bytes: 1, done: 0 })],
    someSummary: "no ECP transfer missed its deadline"
  },
  // Latency: the only sample is at 10:20, after the window; then one at 09:00, in force when it opens.
  "added-latency": {
    kind: addedLatency,
    params: { service: "omd-c", max: "500us" },
    empty: [latency("10:20", 100)],
    emptySummary: "highest max latency added to omd-c not sampled in the window (max 500us)",
    some: [latency("09:00", 100)],
    someSummary: "highest max latency added to omd-c 100us (max 500us)"
  },
  // Health of P1 only: P2's status is not P1's; then P1's.
  health: {
    kind: health,
    params: { service: "otp-c", participants: ["P1"] },
    empty: [otpc("10:00", "P2")],
    emptySummary: "0 participants worse than served-without-redundancy on otp-c for over 0s (max 0); longest 0s",
    some: [otpc("10:00", "P1")],
    someSummary: "0 participants worse than served-without-redundancy on otp-c for over 0s (max 0); longest 0s"
  }
}

describe("a check with nothing to judge says so", () => {
  for (const [name, f] of Object.entries(families)) {
    describe(name, () => {
      it("an empty window: a pass that says \"nothing to check\"", () => {
        const r = judgeAsRun(f.kind, f.params, window, f.empty)
        expect([r.verdict, r.nothingToCheck, r.summary, r.evidence]).toEqual(["pass", true, `nothing to check: ${f.emptySummary}`, []])
      })

      it("an empty window under require: evidence: a fail, with the reason over the whole window", () => {
        const r = judgeAsRun(f.kind, f.params, window, f.empty, "evidence")
        expect([r.verdict, r.nothingToCheck, r.summary]).toEqual(["fail", true, `nothing to check, and evidence is required (require: evidence): ${f.emptySummary}`])
        expect(r.evidence).toEqual([{ from: at("10:00"), to: at("10:10"), detail: REQUIRED }])
      })

      it("with something to judge: unchanged, with or without require: evidence", () => {
        for (const requirement of [undefined, "evidence"] as const) {
          const r = judgeAsRun(f.kind, f.params, window, f.some, requirement)
          expect([r.verdict, r.nothingToCheck, r.summary, r.evidence]).toEqual(["pass", false, f.someSummary, []])
        }
      })
    })
  }

  it("a check that fails for want of its wiring keeps failing, and says it had nothing to check", () => {
    // No route.latency at all: the sampler was not part of the run (added-latency's own failure).
    const r = judgeAsRun(addedLatency, { service: "omd-c", max: "500us" }, window, [])
    expect([r.verdict, r.nothingToCheck, r.summary]).toEqual([
      "fail",
      true,
      "nothing to check: no route.latency sample for omd-c: the latency sampler was not part of the run (max 500us)"
    ])
  })
})
