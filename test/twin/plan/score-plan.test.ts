/**
 * Scoring written plans (twin/plan/score-plan.ts) and their runbooks (scenarios/runbook/), with values
 * worked out by hand: the lines plan (fixtures/lines-plan.yaml, its header), the broken-plan shape (both
 * lines in one step: test/twin/impact/fixtures/lines-together.yaml) and the shipped seven phases.
 */
import * as NodeServices from "@effect/platform-node/NodeServices"
import { Effect, Result } from "effect"
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"
import { catalogues } from "../../../scenarios/catalogues.ts"
import { loadScenario, parseScenario } from "../../../scenarios/load.ts"
import { runbookOf } from "../../../scenarios/runbook/from-scenarios.ts"
import { runbookMarkdown } from "../../../scenarios/runbook/markdown.ts"
import { runbookHtml } from "../../../scenarios/runbook/html.ts"
import type { Scenario } from "../../../scenarios/scenario.ts"
import { phaseRisks } from "../../../twin/plan/runbook-risks.ts"
import { scoreScenarios } from "../../../twin/plan/score-plan.ts"
import { compareLines } from "../../../twin/plan/plan-report.ts"
import { phaseWhy } from "../../../twin/plan/reasons.ts"

const path = (p: string) => fileURLToPath(new URL(p, import.meta.url))
const load = (file: string): Promise<Scenario> => Effect.runPromise(loadScenario(file, { catalogues }).pipe(Effect.provide(NodeServices.layer)))
const source = async (file: string) => ({ scenario: await load(file), written: Result.getOrThrow(parseScenario(file, readFileSync(file, "utf8"))) })

describe("twin plan --score: a written plan scored", () => {
  it("the lines plan: one window whose rollback would take P1, P2 and P3 down (cost 55)", async () => {
    const scored = scoreScenarios([await load(path("./fixtures/lines-plan.yaml"))])
    expect(scored.plan.cost).toBe(55)
    const [phase] = scored.phases
    expect(phase!.score).toMatchObject({ units: ["line-a", "line-b"], exposureHours: 0, rollbackDown: 3, convergingSeconds: 0, worstN1: { element: "", participants: 0 } })
    expect(phase!.steps.map((s) => [s.units, s.atRisk])).toEqual([[["line-a"], []], [["line-b"], []]])
    expect(phase!.rollbackAtRisk).toEqual(["P1", "P2", "P3"])
  })

  it("both lines in one step: down for the 10 s convergence, counted ten times", async () => {
    const scored = scoreScenarios([await load(path("../impact/fixtures/lines-together.yaml"))])
    // 3 participant-services × 10 s = 30 participant-service seconds down; exposure 10 × 30/3600 h. The
    // phase has no rollback rule: no rollback to score (rollbackDown 0).
    const [phase] = scored.phases
    expect(phase!.score.convergingSeconds).toBe(30)
    expect(phase!.score.exposureHours).toBeCloseTo((10 * 30) / 3600, 12)
    expect(phase!.steps[0]!.atRisk).toEqual(["P1", "P2", "P3"])
    expect(phase!.score.rollbackDown).toBe(0)
    expect(scored.plan.cost).toBeCloseTo(25 + (10 * 30) / 3600, 12)
  })

  it("the shipped seven phases: only phase 7's host moves take anyone down, for their 1 s of convergence", async () => {
    const dir = path("../../../scenarios/library/cutover/")
    const files = ["phase-1-dc2-plane-b", "phase-2-dc2-plane-a", "phase-3-dc2-hosts", "phase-4-inter-dc", "phase-5-dc1-plane-b", "phase-6-dc1-plane-a", "phase-7-dc1-hosts"]
    const scenarios = await Promise.all(files.map((f) => load(`${dir}${f}.yaml`)))
    const scored = scoreScenarios(scenarios)
    const model = scenarios[0]!.model
    const ps = model.file.participants
    // Phase 7 moves the primary site's hosts one per step; each system's servers are all at dc1 or reached
    // through dc1 (the backup site's are closed until a failover), so its 1 s of convergence takes down
    // everyone using it: ecp-dc1 every ECP participant, cccg-dc1 every China Connect one, ocg-dc1 and
    // otp-c-dc1 every OCG-C one; rts-dc1 and lookup-dc1 are recovery and connect flows (no loss of service).
    const ecp = ps.filter((p) => p.ecp).length
    const csc = ps.filter((p) => p.cscSessions.length > 0).length
    const ocg = ps.filter((p) => p.ocgSessions.length > 0).length
    expect([ecp, csc, ocg]).toEqual([585, 282, 610])
    expect(scored.phases.map((p) => p.score.convergingSeconds)).toEqual([0, 0, 0, 0, 0, 0, ecp + csc + 2 * ocg])
    expect(scored.phases[6]!.steps.map((s) => [s.units.join(), s.convergingDown])).toEqual([
      ["rts-dc1", 0], ["ecp-dc1", ecp], ["cccg-dc1", csc], ["lookup-dc1", 0], ["ocg-dc1", ocg], ["otp-c-dc1", ocg]
    ])
    expect(scored.phases[6]!.atRisk.length).toBe(ps.filter((p) => p.ecp || p.cscSessions.length > 0 || p.ocgSessions.length > 0).length)
    // Its rollback moves all six back at once: every one of them loses service again for the delay (612),
    // and the score counts their participant-services, 10 each: ECP, China Connect and OTP-C (ocg-dc1 and
    // otp-c-dc1 take down the same OTP-C sessions: once when they converge together), 585 + 282 + 610.
    expect(scored.phases[6]!.rollbackAtRisk).toEqual(scored.phases[6]!.atRisk)
    expect(scored.phases[6]!.score.rollbackDown).toBe(ecp + csc + ocg)
    expect(scored.phases.slice(0, 6).every((p) => p.atRisk.length === 0 && p.score.rollbackDown === 0 && p.score.worstN1.participants === 0)).toBe(true)
    // 7 windows, (585 + 282 + 2 × 610) = 2,087 participant-service seconds down, ten times, and the
    // rollback's 1,477 participant-services: 175 + 20870/3600 + 14770.
    expect(scored.plan.cost).toBeCloseTo(175 + (10 * 2087) / 3600 + 10 * 1477, 10)
  }, 60_000)
})

describe("who is at risk per step (fixtures/risky-order.yaml, worked out in its header)", () => {
  it("names those worse off once a step settles and those down while it converges, with why", async () => {
    const s = await source(path("./fixtures/risky-order.yaml"))
    const scored = scoreScenarios([s.scenario])
    expect(scored.phases[0]!.steps.map((x) => [x.units.join(), x.atRisk, x.worseOff, x.convergingDown])).toEqual([
      ["access", ["P1", "P2"], 2, 0],
      ["gw-1", ["P1", "P2"], 0, 2],
      ["gw-2", [], 0, 0]
    ])
    expect(scored.phases[0]!.score.exposureHours).toBeCloseTo((2 * 10 * 5) / 60 + (2 * 10) / 3600, 12)
    const md = runbookMarkdown(runbookOf([s], { title: "risky", source: "test", risks: phaseRisks(scored) })).split("\n")
    expect(md).toContain("| 1 | 06:20:00 | move | access | 2 participants | list A |")
    expect(md).toContain("| 2 | 06:25:00 | move | gw-1 | 2 participants | list A |")
    expect(md).toContain("- 06:20:00: 2 participants worse off than before the plan until the next step")
    expect(md).toContain("- 06:25:00: 2 participant-services down while gw-1 converges (1s)")
  })
})

describe("who loses service in a rollback: everyone its units converging together take down", () => {
  it("a rollback that moves access back takes P1 and P2 down for the delay, however many units it moves", async () => {
    // risky-order.yaml rolls back access, gw-1 and gw-2 at once from the state with all three moved: ar-1's
    // links are out for 1 s, so no session reaches a gateway — P1 and P2 down. The runbook once said
    // "Nobody loses service while they converge together"; then the score's rollback term still left them
    // out (access alone does it too), so the cost said less than the runbook. Both name P1 and P2 now:
    // 25 + 10 × 2 (rollback) + the exposure of the steps (test above).
    const risky = await source(path("./fixtures/risky-order.yaml"))
    const scored = scoreScenarios([risky.scenario])
    expect([scored.phases[0]!.score.rollbackDown, scored.phases[0]!.rollbackAtRisk]).toEqual([2, ["P1", "P2"]])
    expect(scored.plan.cost).toBeCloseTo(25 + 10 * 2 + (2 * 10 * 5) / 60 + (2 * 10) / 3600, 12)
    const md = runbookMarkdown(runbookOf([risky], { title: "risky", source: "test", risks: phaseRisks(scored) })).split("\n")
    expect(md).toContain("- Roll back if a PRT step fails before the cut-off 07:10:00: move gw-2, gw-1, access back (in that order, all at once) 5m after the failure. They converge together: 2 participants lose service for about 1s — see list A.")
    // ../sweep/fixtures/two-phases: phase 1 (gw-1, gw-2) ends with every session down already — its rollback
    // takes nobody down who had service; phase 2 moves access alone, and moving it back does what its step did.
    const dir = path("../sweep/fixtures/two-phases/")
    const two = scoreScenarios(await Promise.all(["phase-1", "phase-2"].map((f) => load(`${dir}${f}.yaml`))))
    expect(two.phases.map((p) => p.rollbackAtRisk)).toEqual([[], ["P1", "P2"]])
    expect(two.phases.map((p) => p.score.rollbackDown)).toEqual([0, 2])
  })
})

describe("a convergence delay of 0 s: nothing is out of service while units move", () => {
  it("scores the lines plan as the search does (25, no rollback term) and puts nobody at risk", async () => {
    // twin plan --convergence 0s finds line-a, line-b in one window at cost 25 (search.ts: no convergence
    // cost without a delay); --score of the same plan said 55 (its rollback "takes down 3") and the runbook
    // "2 participant-services down while access converges (0s)".
    const lines = await source(path("./fixtures/lines-plan.yaml"))
    const scored = scoreScenarios([lines.scenario], { convergence: 0 })
    expect([scored.plan.cost, scored.phases[0]!.score.rollbackDown, scored.phases[0]!.rollbackAtRisk, scored.phases[0]!.atRisk]).toEqual([25, 0, [], []])
    const risky = scoreScenarios([(await source(path("./fixtures/risky-order.yaml"))).scenario], { convergence: 0 })
    // access first still leaves P1 and P2 down once settled (06:20–06:25): at risk for that, not for a move.
    expect(risky.phases[0]!.steps.map((x) => [x.units.join(), x.atRisk, x.convergingDown])).toEqual([
      ["access", ["P1", "P2"], 0],
      ["gw-1", [], 0],
      ["gw-2", [], 0]
    ])
    expect(risky.phases[0]!.rollbackAtRisk).toEqual([])
  })
})

describe("the runbook of a small plan", () => {
  it("lists the steps, go/no-go, PRT, rollback with its cut-off, and whom to notify", async () => {
    const s = await source(path("./fixtures/lines-plan.yaml"))
    const runbook = runbookOf([s], { title: "lines", source: "test", risks: phaseRisks(scoreScenarios([s.scenario])) })
    const md = runbookMarkdown(runbook).split("\n")
    expect(md).toContain("| 1 | line A, then line B | 2027-01-09 | 06:20:00–07:10:00 | 06:20:00 move line-a; 06:25:00 move line-b | 3 participants | 07:10:00 |")
    expect(md).toContain("**Go / no-go at 06:20:00, judged over 06:19:00–06:20:00: go only if every one holds; one failing is a no-go (the phase and the phases after it do not start).**")
    expect(md).toContain("- [ ] nobody-degraded-or-down: every service: nobody degraded or down")
    expect(md).toContain("| 1 | 06:20:00 | move | line-a | nobody | — |")
    expect(md).toContain("| 2 | 06:25:00 | move | line-b | nobody | — |")
    expect(md).toContain("- [ ] 07:00:00 prt-omd-c-lines: omd-c: no subscriber without both lines for longer than 0s")
    expect(md).toContain("- Roll back if a PRT step fails before the cut-off 07:10:00: move line-b, line-a back (in that order, all at once) 5m after the failure. They converge together: 3 participants lose service for about 1s — see list A.")
    expect(md).toContain("- Cut-off 07:10:00: after it a failure no longer rolls back — the phase stands and is reported failed; escalate instead.")
    expect(md).toContain("**List A** — 3 participants: P1 (Participant 1), P2 (Participant 2), P3 (Participant 3)")
    const page = runbookHtml(runbook)
    expect(page).toContain("@page { size: A4;")
    expect(page).toContain("<h3>List A — 3 participants</h3><p class=\"list\">P1 (Participant 1), P2 (Participant 2), P3 (Participant 3)</p>")
  })
})

describe("a rollback rule nothing triggers counts no rollback (fixtures/never-rolled-back.yaml)", () => {
  // Worked out in the fixture's header: 25.11 as written (`when: never`, no watch); 65.11 if a failed PRT
  // could roll it back. Before the fix `when: never` was scored as a rollback: 65.11, "10 × 4 participant-
  // services a rollback takes down", and the runbook told the team to prepare for one.
  const file = path("./fixtures/never-rolled-back.yaml")
  type Rollback = NonNullable<Scenario["phases"][number]["rollback"]>
  const withRule = (s: Scenario, change: (r: Rollback, p: Scenario["phases"][number]) => Partial<Scenario["phases"][number]>): Scenario =>
    ({ ...s, phases: s.phases.map((p) => ({ ...p, ...change(p.rollback!, p) })) })

  it("scores 25.11 with when: never and no watch, and says why no rollback is counted", async () => {
    const never = await source(file)
    const scored = scoreScenarios([never.scenario])
    expect(scored.plan.cost).toBeCloseTo(25 + (10 * 40) / 3600, 12)
    expect(scored.phases[0]!.score).toMatchObject({ rollbackDown: 0, rollbackParticipants: [], rollbackRule: false, rollbackUntriggered: true, convergingSeconds: 40 })
    expect(scored.phases[0]!.rollbackAtRisk).toEqual([])
    expect(phaseWhy(scored.phases[0]!.score)).toContain(
      "a rollback rule nothing triggers (when: never or no PRT step by its cut-off, and no watched check): a failure leaves the phase as it is, so no rollback is counted"
    )
    const md = runbookMarkdown(runbookOf([never], { title: "never", source: "test", risks: phaseRisks(scored) })).split("\n")
    expect(md).toContain("- No rollback: its rule has no trigger (when: never, no watched check) — a failed PRT step leaves the phase as it is and fails the run.")
    expect(md.filter((l) => l.includes("Roll back if") || l.includes("Cut-off 07:10"))).toEqual([])
  })

  it("counts the rollback where something can trigger it: a failed PRT before the cut-off, or a watched check", async () => {
    const never = (await source(file)).scenario
    const rollback = 25 + (10 * 40) / 3600 + 10 * 4
    const onPrt = scoreScenarios([withRule(never, (r) => ({ rollback: { ...r, onPostCheck: true } }))])
    expect([onPrt.plan.cost, onPrt.phases[0]!.score.rollbackDown, onPrt.phases[0]!.rollbackAtRisk]).toEqual([rollback, 4, ["P1", "P2"]])
    const watched = scoreScenarios([withRule(never, (r, p) => ({ rollback: { ...r, watch: [p.postChecks[0]!] } }))])
    expect(watched.plan.cost).toBeCloseTo(rollback, 12)
    // when: post-check-fails but the PRT after the cut-off: a failure there no longer rolls back.
    const late = scoreScenarios([withRule(never, (r) => ({ rollback: { ...r, onPostCheck: true, cutoff: r.cutoff - 20 * 60_000_000 } }))])
    expect([late.phases[0]!.score.rollbackDown, late.phases[0]!.score.rollbackRule]).toEqual([0, false])
  })

  it("--compare shows 'no trigger' in its rollback column and the plan that can roll back costs 40 more", async () => {
    const never = (await source(file)).scenario
    const onPrt = withRule(never, (r) => ({ rollback: { ...r, onPostCheck: true } }))
    const lines = compareLines({ label: "never", scored: scoreScenarios([never]) }, { label: "on-prt", scored: scoreScenarios([onPrt]) })
    expect(lines.find((l) => l.startsWith("1 "))).toMatch(/no trigger\s.*\s4$/)
    expect(lines.join("\n")).toContain("4 more participant-services down in a rollback — a phase of the first without a rollback rule that can trigger counts none")
  })
})

