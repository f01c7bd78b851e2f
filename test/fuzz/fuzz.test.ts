/**
 * A seeded sample of the fuzz corpus (test/fuzz/corpus.ts) in `npm test`: the first 400 cases of seed 16
 * — a hundred each of estates, scenarios, trace files and live frames — judged by oracle.ts. The whole
 * corpus (12,000 cases and a CLI sample) is `npm run fuzz`.
 */
import { describe, expect, it } from "vitest"
import { describeFinding, runCorpus } from "./run-corpus.ts"

describe("fuzz corpus, a seeded sample", () => {
  it("400 mutated inputs: each refused in one line per issue, or accepted as the same value where the mutation keeps the meaning", () => {
    const run = runCorpus(16, 400)
    expect(run.findings.map(describeFinding)).toEqual([])
    // the sample does reach each outcome (a corpus that refused everything would prove nothing about "same")
    const outcomes = new Set(run.judged.map((j) => j.v.outcome))
    expect([...outcomes].sort()).toEqual(["accepted", "refused", "same"])
    expect(run.judged.filter((j) => j.c.expect === "refuse").every((j) => j.v.outcome === "refused")).toBe(true)
  }, 60_000)
})
