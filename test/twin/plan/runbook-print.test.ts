/**
 * The runbook of the shipped plan prints: Chromium lays runbook.html out on A4 by its print CSS
 * (scenarios/runbook/html.ts) in a few pages — the seven phases with their steps, criteria and rollback,
 * and the four notification lists (the ECP, China Connect and OCG-C participants phase 7 puts at risk
 * for their second of convergence, and all of them, whom its rollback takes down at once).
 */
import * as NodeServices from "@effect/platform-node/NodeServices"
import { Effect, Result } from "effect"
import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"
import { catalogues } from "../../../scenarios/catalogues.ts"
import { loadScenario, parseScenario } from "../../../scenarios/load.ts"
import { runbookOf } from "../../../scenarios/runbook/from-scenarios.ts"
import { runbookHtml } from "../../../scenarios/runbook/html.ts"
import { notificationLists } from "../../../scenarios/runbook/runbook.ts"
import { phaseRisks } from "../../../twin/plan/runbook-risks.ts"
import { scoreScenarios } from "../../../twin/plan/score-plan.ts"
import { launchChromium } from "../../viewer/support/chromium.ts"

const dir = fileURLToPath(new URL("../../../scenarios/library/cutover/", import.meta.url))

describe("the runbook of the shipped plan", () => {
  it("prints on A4 in at most six pages", async () => {
    const files = readdirSync(dir).filter((f) => f.endsWith(".yaml")).sort().map((f) => join(dir, f))
    const sources = await Promise.all(files.map(async (file) => ({
      scenario: await Effect.runPromise(loadScenario(file, { catalogues }).pipe(Effect.provide(NodeServices.layer))),
      written: Result.getOrThrow(parseScenario(file, readFileSync(file, "utf8")))
    })))
    const runbook = runbookOf(sources, { title: "the shipped plan", source: "test", risks: phaseRisks(scoreScenarios(sources.map((s) => s.scenario))) })
    expect(runbook.phases.length).toBe(7)
    // ECP (585), China Connect (282) and OCG-C (610: ocg-dc1 and otp-c-dc1 alike) participants; the
    // rollback moves the six units back at once, taking every one of them (612) down for the delay.
    expect(notificationLists(runbook).map((l) => l.participants.length)).toEqual([585, 282, 610, 612])
    const { browser, close } = await launchChromium()
    try {
      const page = await browser.newPage()
      await page.setContent(runbookHtml(runbook))
      const pdf = (await page.pdf({ format: "A4", preferCSSPageSize: true })).toString("latin1")
      const pages = (pdf.match(/\/Type\s*\/Page[^s]/g) ?? []).length
      expect(pages).toBeGreaterThanOrEqual(3)
      expect(pages).toBeLessThanOrEqual(6)
    } finally {
      await close()
    }
  }, 120_000)
})
