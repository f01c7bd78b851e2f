import { describe, expect, it } from "vitest"
import { unexplained } from "../../twin/impact/support.ts"
import { agreementOf, sharedRun, verdicts } from "./support.ts"

// The proposed plan, in the order a team would run it: every phase completes and passes its PRT steps.
const phases = [
  "phase-1-dc2-plane-b",
  "phase-2-dc2-plane-a",
  "phase-3-dc2-hosts",
  "phase-4-inter-dc",
  "phase-5-dc1-plane-b",
  "phase-6-dc1-plane-a",
  "phase-7-dc1-hosts"
]

describe("the phased cutover plan (scenarios/library/cutover/)", () => {
  it.each(phases)("%s completes, every pre-check, PRT step and check passes, nobody is worse off", async (phase) => {
    const { report } = await sharedRun(`cutover/${phase}.yaml`)
    expect(report.phases.map((p) => [p.id, p.outcome])).toEqual([[phase, "completed"]])
    expect(verdicts(report)).toEqual({
      "nobody-degraded-or-down": "pass",
      "prt-nobody-worse-off": "pass",
      "prt-omd-c-lines": "pass",
      "prt-omd-cc-lines": "pass",
      "prt-sessions": "pass",
      "no-unrecovered-gaps": "pass",
      "no-execution-lost-or-duplicated": "pass"
    })
    expect([report.verdict, report.affected]).toEqual(["pass", []])
  }, 240_000)

  // The impact engine agrees with the message engine on each phase's run (test/twin/impact/support.ts):
  // every difference ends within the 5-minute settle tolerance of the move it follows (a moved multicast
  // line drops a few seconds of packets; sessions re-route).
  it.each(phases)("%s: the impact engine agrees with the message engine", async (phase) => {
    expect(unexplained(await agreementOf(`cutover/${phase}.yaml`))).toEqual([])
  }, 300_000)

  it("moves every cutover unit of the default estate exactly once, in order", async () => {
    const { readFileSync } = await import("node:fs")
    const { libraryPath } = await import("./support.ts")
    const moves = phases.flatMap((p) => [...readFileSync(libraryPath(`cutover/${p}.yaml`), "utf8").matchAll(/move: \[([^\]]*)\]/g)].flatMap((m) => m[1]!.split(", ")))
    const estate = readFileSync(new URL("../../../topology/default-estate.yaml", import.meta.url), "utf8")
    const units = [...estate.matchAll(/^  - \{id: ([a-z0-9-]+), description:/gm)].map((m) => m[1]!)
    expect(moves.length).toBe(26)
    expect([...moves].sort()).toEqual([...units].sort())
    // Each phase starts from what the phases before it moved.
    phases.forEach((p, i) => {
      const moved = /^moved: \[([^\]]*)\]/m.exec(readFileSync(libraryPath(`cutover/${p}.yaml`), "utf8"))?.[1]?.split(", ") ?? []
      const before = phases.slice(0, i).flatMap((q) => [...readFileSync(libraryPath(`cutover/${q}.yaml`), "utf8").matchAll(/move: \[([^\]]*)\]/g)].flatMap((m) => m[1]!.split(", ")))
      expect([p, moved]).toEqual([p, before])
    })
  })
})
