/**
 * Whom to notify holds everyone a failing check names as harmed, not only those whose health status got
 * worse (scenarios/report/named-by-checks.ts): one list for report.json, report.md, report.html,
 * affected.csv and `twin run`'s "affected:" line. The audit's case first (the fixture
 * lines-fall-back-together.yaml): both OMD-C lines moved back in one step at 06:40 leave every OMD-C
 * participant without market data from its last arrival, 06:39:58, to 06:40:02 — 4 s, under the feed
 * handler's 6 s silence timer, so health never changes; omd-dual-line-loss fails naming all 572 and the
 * phase rolls back. Before, the list was empty and report.md said nobody's service got worse.
 */
import * as NodeServices from "@effect/platform-node/NodeServices"
import { Effect } from "effect"
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { catalogues } from "../../../scenarios/catalogues.ts"
import { checkCatalogue } from "../../../scenarios/checks/catalogue.ts"
import { executeScenario } from "../../../scenarios/execute.ts"
import { loadScenario } from "../../../scenarios/load.ts"
import { ReportCollector } from "../../../scenarios/report/collect.ts"
import { renderAffectedCsv } from "../../../scenarios/report/csv-exports.ts"
import { affectedSentence, NOBODY_AFFECTED } from "../../../scenarios/report/describe.ts"
import { renderHtml } from "../../../scenarios/report/html.ts"
import { renderMarkdown } from "../../../scenarios/report/markdown.ts"
import type { Report } from "../../../scenarios/report/report.ts"
import { renderVerdictTable } from "../../../twin/cli/verdict-table.ts"
import { CauseIndex } from "../../../twin/contract/cause-chain.ts"
import { parseClock } from "../../../twin/engine/time.ts"
import type { TraceEvent } from "../../../twin/engine/trace.ts"
import { omdCSubscribers } from "../library/estate-facts.ts"
import { smallReport } from "./fixture.ts"

const s = (seconds: number) => seconds * 1_000_000
const health = (t: number, participant: string, status: string, design: string, previous: string | null = null): TraceEvent =>
  ({ t: s(t), kind: "health", subject: participant, data: { service: "omd-c", status, previous, cause: "", design } })
type Check = Report["checks"][number]
const failing = (id: string, evidence: Check["evidence"], verdict: "pass" | "fail" = "fail"): Check => ({
  id, kind: "omd-dual-line-loss", role: "scenario", at: s(600), verdict, summary: "", nothingToCheck: false, evidence, evidenceCount: evidence.length
})
const STEP = "00:01:40 step p1 moved back line-a, line-b"
const piece = (participant: string, channel: string, from: number, to: number | undefined): Check["evidence"][number] => ({
  participant, service: "omd-c", subject: `${participant}/omdc-${channel.toLowerCase()}`, from: s(from), ...(to === undefined ? {} : { to: s(to) }),
  detail: `no market data on either line for ${(to ?? 600) - from}s on channel ${channel}`, cause: STEP
})

describe("the affected list holds the participants failing checks name whose health never got worse", () => {
  const collector = new ReportCollector()
  // P1 served by design and throughout; P2 down 98–110 s (health saw it); P3 without redundancy by design, throughout.
  for (const e of [
    health(0, "P1", "served", "served"),
    health(0, "P2", "served", "served"),
    health(0, "P3", "served-without-redundancy", "served-without-redundancy"),
    health(104, "P2", "down", "served", "served"),
    health(110, "P2", "served", "served", "down")
  ]) collector.write(e)
  const checks = [
    failing("lines", [
      piece("P2", "SS", 98, 110),
      piece("P1", "SF", 98, 102),
      piece("P3", "SS", 97.5, undefined),
      piece("P1", "SS", 98.5, 102.25),
      { subject: "omdc-dc1-line-a", from: s(98), detail: "line silent" }
    ]),
    failing("later-lines", [piece("P1", "SF", 98, 102)]),
    // A passing check's evidence is no verdict against anyone.
    failing("tolerated", [piece("P4", "SS", 98, 99)], "pass")
  ]
  const affected = collector.affected(s(600), new CauseIndex(), checks)

  it("adds one entry per participant and service after health's own, with the check's words, span, cause and every check naming it", () => {
    expect(affected.map((a) => [a.participant, a.check === undefined ? "health" : a.check.checks.join(";")])).toEqual([
      ["P2", "health"], ["P1", "lines;later-lines"], ["P3", "lines"]
    ])
    expect(affected[1]).toEqual({
      participant: "P1",
      service: "omd-c",
      // Health's status throughout (never worse than by design); no time in a worse one.
      worst: "served",
      // From the first piece's start to the last one's end: both channels, 98–102.25 s.
      firstAt: s(98),
      recoveredAt: s(102.25),
      time: { "served-without-redundancy": 0, degraded: 0, down: 0 },
      detail: "P1/omdc-sf: no market data on either line for 4s on channel SF",
      causeAt: s(98),
      cause: STEP,
      check: { id: "lines", kind: "omd-dual-line-loss", from: s(98), to: s(102), detail: "no market data on either line for 4s on channel SF", checks: ["lines", "later-lines"] }
    })
    // Still without market data at the verdict: no recovery.
    expect([affected[2]!.worst, affected[2]!.firstAt, affected[2]!.recoveredAt]).toEqual(["served-without-redundancy", s(97.5), undefined])
  })

  it("says so instead of 'nobody got worse', naming who, when and the cause chain", () => {
    expect(affectedSentence(affected)).toBe(
      "After the 1 participant–service pair whose health status got worse than by design: 2 participants named by failing checks " +
        "(lines, later-lines), 00:01:37.500–…, harmed without their health status getting worse — shorter than health's detection, " +
        `or harm health does not measure; the cause: ${STEP}.`
    )
    expect(affectedSentence(affected.slice(1, 2))).toBe(
      "No participant's health status got worse than by design; 1 participant named by failing checks (lines, later-lines), " +
        "00:01:38–00:01:42.250, harmed without their health status getting worse — shorter than health's detection, " +
        `or harm health does not measure; the cause: ${STEP}.`
    )
    // A list of health's alone reads as it always did; an empty one says nobody.
    expect([affectedSentence(affected.slice(0, 1)), affectedSentence([])]).toEqual([undefined, NOBODY_AFFECTED])
  })

  it("affected.csv: `worst` the check's words, `source` and `checks` say who judged it", () => {
    const rows = renderAffectedCsv(affected).split("\r\n")
    expect(rows[0]).toBe("participant,service,worst,from,to,down_seconds,degraded_seconds,without_redundancy_seconds,cause,cause_at,detail,source,checks")
    expect(rows[1]).toMatch(/^P2,omd-c,down,.*,health,$/)
    expect(rows[2]).toBe(
      "P1,omd-c,no market data on either line for 4s on channel SF (omd-dual-line-loss lines),00:01:38,00:01:42.250,0,0,0," +
        `"${STEP}",00:01:38,P1/omdc-sf: no market data on either line for 4s on channel SF,check,lines;later-lines`
    )
  })

  it("report.md and report.html say the sentence and show the check's words as the worst; the chart draws health's time only", () => {
    const report: Report = { ...smallReport, affected: affected.slice(1) }
    const md = renderMarkdown(report)
    expect(md).not.toContain(NOBODY_AFFECTED)
    expect(md).toContain("\nNo participant's health status got worse than by design; 2 participants named by failing checks (lines, later-lines), 00:01:37.500–…")
    expect(md).toContain("| P1 | omd-c | no market data on either line for 4s on channel SF (omd-dual-line-loss lines) | 00:01:38 | — | — | — |")
    const page = renderHtml(report)
    expect(page).not.toContain(NOBODY_AFFECTED)
    expect(page).toContain(`<p class="named-by-checks">No participant&#39;s health status got worse than by design; 2 participants named by failing checks`)
    expect(page).not.toContain("affected-chart")
  })
})

describe("the kinds whose failing evidence is harm to the participants it names", () => {
  it("market data lost, orders late or unanswered, executions lost, sessions and northbound down, files late — not health thresholds, the latency percentile's flow or throttle rejects", () => {
    expect([...checkCatalogue.values()].filter((k) => k.namesHarmed === true).map((k) => k.kind).sort()).toEqual([
      "csc-northbound-available", "csc-order-acks", "ecp-deadlines", "executions-exactly-once",
      "ocg-order-acks", "ocg-session-recovery", "omd-dual-line-loss", "omd-unrecovered-gaps"
    ])
  })
})

describe("the audit's fall-back of both OMD-C lines in one step (test/scenarios/fixtures/lines-fall-back-together.yaml)", () => {
  const dir = mkdtempSync(join(tmpdir(), "named-by-checks-"))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const run = (async () => {
    const scenario = await Effect.runPromise(
      loadScenario(new URL("../fixtures/lines-fall-back-together.yaml", import.meta.url).pathname, { catalogues }).pipe(Effect.provide(NodeServices.layer))
    )
    return (await executeScenario(scenario, dir)).report
  })()

  it("names all 572 OMD-C participants, 4 s without market data from 06:39:58, caused by the 06:40 step", { timeout: 300_000 }, async () => {
    const report = await run
    const omd = report.checks.find((c) => c.id === "prt-omd-c-lines")!
    expect([report.phases[0]?.outcome, omd.verdict, omd.summary]).toEqual(["rolled-back", "fail", "longest omd-c dual-line loss 4s (max 0s): 572 participants over"])
    // Health never saw it: nobody's status got worse (the health check passes) …
    expect(report.checks.find((c) => c.id === "prt-nobody-worse-off")?.verdict).toBe("pass")
    // … and still every OMD-C participant is on the list, once, named by both failing checks.
    expect(report.affected.length).toBe(572)
    expect([...new Set(report.affected.map((a) => a.participant))].sort()).toEqual(omdCSubscribers)
    expect(new Set(report.affected.map((a) => [a.service, a.check?.kind, a.check?.checks.join(";"), a.cause].join("|")))).toEqual(new Set([
      "omd-c|omd-dual-line-loss|prt-omd-c-lines;no-dual-line-loss|06:40:00 step lines-fall-back moved back omdc-dc1-line-a, omdc-dc1-line-b"
    ]))
    // 4 s: from the last arrival before the step (06:39:58) to the first after it (06:40:02).
    const from = Math.min(...report.affected.map((a) => a.firstAt))
    const to = Math.max(...report.affected.map((a) => a.recoveredAt!))
    expect([from >= parseClock("06:39:58")!, to < parseClock("06:40:02.002")!, Math.round((to - from) / 1e6)]).toEqual([true, true, 4])
    expect(report.affected[0]!.check?.detail).toMatch(/^no market data on either line for 4s on channel S[FSP]$/)

    const csv = readFileSync(join(dir, "affected.csv"), "utf8").split("\r\n")
    expect(csv.length).toBe(1 + 572 + 1)
    // The first: the failing post-check's worst piece (its evidence order), P0134's channel SF from its last
    // arrival; `to` its last channel's first arrival after the step.
    expect(csv[1]).toBe(
      "P0134,omd-c,no market data on either line for 4s on channel SF (omd-dual-line-loss prt-omd-c-lines),06:39:58.000794,06:40:02.001179,0,0,0," +
        '"06:40:00 step lines-fall-back moved back omdc-dc1-line-a, omdc-dc1-line-b",06:39:58.000794,' +
        "P0134/omdc-sf: no market data on either line for 4s on channel SF,check,prt-omd-c-lines;no-dual-line-loss"
    )

    const named = "572 participants named by failing checks (prt-omd-c-lines, no-dual-line-loss), " +
      "06:39:58.000743–06:40:02.001704, harmed without their health status getting worse — shorter than health's detection, or harm health does not measure; " +
      "the cause: 06:40:00 step lines-fall-back moved back omdc-dc1-line-a, omdc-dc1-line-b"
    const md = readFileSync(join(dir, "report.md"), "utf8")
    expect(md).not.toContain(NOBODY_AFFECTED)
    expect(md).toContain(`\nNo participant's health status got worse than by design; ${named}.\n`)
    expect(renderVerdictTable(report, 0)).toContain(
      `\naffected: 572 participant-services to notify: 0 worse than by design (0 down at some point; participant-time down 0s, degraded 0s, without redundancy 0s); ${named}\n`
    )
  })
})
