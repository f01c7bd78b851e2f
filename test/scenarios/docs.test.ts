import * as NodeServices from "@effect/platform-node/NodeServices"
import { Effect, Result } from "effect"
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { catalogues } from "../../scenarios/catalogues.ts"
import { loadScenario } from "../../scenarios/load.ts"
import { parseClock } from "../../twin/engine/time.ts"

const doc = readFileSync("docs/scenario-format.md", "utf8")
const yamlBlocks = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!)

const load = (text: string) => {
  const dir = mkdtempSync(join(tmpdir(), "doc-scenario-"))
  const file = join(dir, "example.yaml")
  writeFileSync(file, text)
  return Effect.runPromise(Effect.result(loadScenario(file, { catalogues })).pipe(Effect.provide(NodeServices.layer)))
}

describe("docs/scenario-format.md", () => {
  it("its complete example is a valid scenario on the default estate", async () => {
    const r = await load(yamlBlocks[0]!)
    if (Result.isFailure(r)) throw new Error(JSON.stringify(r.failure))
    const s = r.success
    expect([s.name, s.seed, s.phases.map((p) => p.id), s.faults.map((f) => [f.id, f.start]), s.checks.map((c) => c.id)]).toEqual([
      "Phase 5 — dc1 plane B onto the new backbone",
      20270306,
      ["phase-5"],
      [["core-b-fails", parseClock("06:50")]],
      ["no-unrecovered-gaps"]
    ])
  })

  it("every construct's example decodes inside a minimal scenario", async () => {
    const head = `name: x\npurpose: y\ncalendar: {from: "06:00", to: "18:30"}\n`
    // Fragments: the phases, faults and checks examples (the calendar one is a single line).
    for (const block of yamlBlocks.slice(1)) {
      // The checks example names phase-6 in a `during:`: give it one.
      const phase = block.includes("during: phase-6") ? `phases: [{id: phase-6, name: z, steps: [{at: "06:30", move: [access-dc1-a]}]}]\n` : ""
      const text = block.startsWith("calendar:") ? `name: x\npurpose: y\n${block}` : `${head}${phase}${block}`
      const r = await load(text)
      if (Result.isFailure(r)) throw new Error(`${block}\n→ ${JSON.stringify(r.failure)}`)
    }
    expect(yamlBlocks.length).toBeGreaterThanOrEqual(5)
  })
})
