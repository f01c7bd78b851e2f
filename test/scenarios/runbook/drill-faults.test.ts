/**
 * A drill's runbook names the faults the drill injects beside the plan: "nobody at risk" is the planner's
 * judgement of the steps alone, and must not read as the run's verdict when a fault then hurts hundreds
 * (carrier-a-fails-during-phase: phase 6's steps put nobody at risk, carrier A's loss at 06:40 fails it).
 */
import * as NodeServices from "@effect/platform-node/NodeServices"
import { Effect, Result } from "effect"
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"
import { catalogues } from "../../../scenarios/catalogues.ts"
import { loadScenario, parseScenario } from "../../../scenarios/load.ts"
import { runbookOf } from "../../../scenarios/runbook/from-scenarios.ts"
import { runbookHtml } from "../../../scenarios/runbook/html.ts"
import { runbookMarkdown } from "../../../scenarios/runbook/markdown.ts"
import { phaseRisks } from "../../../twin/plan/runbook-risks.ts"
import { scoreScenarios } from "../../../twin/plan/score-plan.ts"

const library = (name: string) => fileURLToPath(new URL(`../../../scenarios/library/${name}`, import.meta.url))

const runbookFor = async (file: string) => {
  const source = {
    scenario: await Effect.runPromise(loadScenario(file, { catalogues }).pipe(Effect.provide(NodeServices.layer))),
    written: Result.getOrThrow(parseScenario(file, readFileSync(file, "utf8")))
  }
  return runbookOf([source], { title: "t", source: "test", risks: phaseRisks(scoreScenarios([source.scenario])) })
}

describe("a runbook and the faults its scenario injects", () => {
  it("a drill's runbook names its fault where it says nobody is at risk", async () => {
    const runbook = await runbookFor(library("drills/carrier-a-fails-during-phase.yaml"))
    expect(runbook.faults.map((f) => [f.id, f.kind])).toEqual([["carrier-a-outage", "carrier-circuit-loss"]])
    const md = runbookMarkdown(runbook)
    expect(md).toContain("It also injects 1 fault no step plans for: carrier-a-outage (carrier-circuit-loss) at 2027-02-13 06:40:00.")
    expect(md).toContain("Nobody is at risk in any step: no participant to notify for the plan (the injected faults' harm is in the run's affected.csv).")
    expect(runbookHtml(runbook)).toContain("no participant to notify for the plan")
  })

  it("a plan's own phase says nothing of faults", async () => {
    const runbook = await runbookFor(library("cutover/phase-1-dc2-plane-b.yaml"))
    expect(runbook.faults).toEqual([])
    const md = runbookMarkdown(runbook)
    expect(md).not.toContain("injects")
    expect(md).toContain("Nobody is at risk in any step: no participant to notify.")
  })
})
