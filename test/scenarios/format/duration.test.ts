/**
 * A bare number where a duration goes (`delay: 20`, `convergence: 0.5`: YAML reads them as numbers) is
 * refused with the duration wording every other bad duration gets — in a scenario's own fields, its
 * settings, its faults' and checks' parameters, an estate's settings and a drill — not "expected string".
 * Before: `…: expected string, got 50`.
 */
import * as NodeServices from "@effect/platform-node/NodeServices"
import { Effect, Option, Result } from "effect"
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { catalogues } from "../../../scenarios/catalogues.ts"
import { loadDrill } from "../../../scenarios/drill/load-drill.ts"
import { loadScenario } from "../../../scenarios/load.ts"
import { type InputInvalid, renderInputInvalid } from "../../../topology/input-issue.ts"
import { loadValidEstate } from "../../../twin/cli/estate-input.ts"

const dir = mkdtempSync(join(tmpdir(), "duration-numbers-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const DURATION = 'a duration such as "250ms", "90s", "5m" or "1h30m", at most 24h'
const CLOCK = 'a time of day "HH:MM", "HH:MM:SS" or "HH:MM:SS.ffffff" (up to 6 decimals)'
const estate = new URL("../../../topology/default-estate.yaml", import.meta.url).pathname

/** The lines `text`, written as a file, is refused with (FILE for its path). */
const refused = async (text: string, load: (path: string) => Effect.Effect<unknown, InputInvalid, NodeServices.NodeServices>) => {
  const path = join(dir, `f${Math.random().toString(36).slice(2)}.yaml`)
  writeFileSync(path, text)
  const result = await Effect.runPromise(Effect.result(load(path)).pipe(Effect.provide(NodeServices.layer)))
  if (Result.isSuccess(result)) throw new Error("it loaded")
  return renderInputInvalid(result.failure).map((l) => l.replace(path, "FILE"))
}
const scenario = (path: string) => loadScenario(path, { catalogues })

const head = `name: numbers
purpose: bare numbers where durations go
estate: ${estate}
calendar: {from: "09:00", to: "09:30"}
moved: all
`

describe("a number where a duration goes: the duration wording, in every file that has durations", () => {
  it("a scenario's engine and settings, a duration narrowed further (refreshPeriod, metricsEvery) included", async () => {
    expect(await refused(`${head}settings:
  rts: {refreshPeriod: 30, arbitrationTimeout: 50}
  ocg: {cancelOnDisconnect: {delay: 20}}
engine: {convergence: 0.5, metricsEvery: 10}
`, scenario)).toEqual([
      `FILE:settings.rts.arbitrationTimeout: expected ${DURATION}, got 50`,
      `FILE:settings.rts.refreshPeriod: expected ${DURATION}, got 30`,
      `FILE:settings.ocg.cancelOnDisconnect.delay: expected ${DURATION}, got 20`,
      `FILE:engine.convergence: expected ${DURATION}, got 0.5`,
      `FILE:engine.metricsEvery: expected ${DURATION}, got 10`
    ])
  })

  it("a fault's `for` and parameters, a check's parameters; a clock time as a number gets the clock wording", async () => {
    expect(await refused(`${head}faults:
  - {kind: link-down, link: ca-pop-1--ar-dc1-a, at: "09:05", for: 60}
  - {kind: link-flap, link: ca-pop-1--ar-dc1-a, at: "09:05", period: 5}
  - {kind: link-down, link: ca-pop-1--ar-dc1-a, at: 930}
checks:
  - {check: omd-unrecovered-gaps, recoverWithin: 5}
`, scenario)).toEqual([
      `FILE:faults[0].for: expected ${DURATION}, got 60`,
      `FILE:faults[1].period: expected ${DURATION}, got 5`,
      `FILE:faults[2].at: expected ${CLOCK}, got 930`,
      `FILE:checks[0].recoverWithin: expected ${DURATION}, got 5`
    ])
  })

  it("an estate's settings (/tmp/audit-settings/est-bad.yaml's delay: 20)", async () => {
    const text = readFileSync("test/scenarios/fixtures/settings/estate-settings.yaml", "utf8")
    const bad = text.replace("cancelOnDisconnect: {delay: 20s}", "cancelOnDisconnect: {delay: 20}")
    expect(bad).not.toBe(text)
    expect(await refused(bad, (path) => loadValidEstate(Option.some(path), { simulates: true }))).toEqual([
      `FILE:settings.ocg.cancelOnDisconnect.delay: expected ${DURATION}, got 20`
    ])
  })

  it("a drill's `within`", async () => {
    expect(await refused(`${head}faults:
  - {id: gw, kind: node-crash, node: ocg-dc1-03, at: "09:10"}
drill:
  briefing: Watch.
  incident: gw
  diagnosis: {services: [otp-c], within: 300}
  actions:
    - {action: escalate-carrier, target: carrier-a, within: 5m}
`, (path) => loadDrill(path, { catalogues }))).toEqual([
      `FILE:drill.diagnosis.within: expected ${DURATION}, got 300`
    ])
  })
})
