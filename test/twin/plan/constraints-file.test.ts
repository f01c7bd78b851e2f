/**
 * A bad rule in a constraints file is one line naming the rule's path and what was expected
 * (twin/plan/constraints-file.ts). Decoded as a union of the three shapes, `{before: a, after: [b]}` read
 * "constraints[0].before: expected no such field", "constraints[0].after: expected no such field",
 * "constraints[0].apart: expected a value" and "constraints[0].before: expected array" at once.
 */
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { renderInputInvalid } from "../../../topology/input-issue.ts"
import { parseConstraintsFile } from "../../../twin/plan/constraints.ts"

const errors = (rules: string): ReadonlyArray<string> | undefined => {
  const r = parseConstraintsFile("rules.yaml", `constraints:\n${rules}`)
  return Result.isFailure(r) ? renderInputInvalid(r.failure) : undefined
}

describe("a bad rule in a constraints file: one line saying what was expected", () => {
  it("decodes each rule as the shape its keys name, and reports that shape's problem only", () => {
    expect(errors("  - {before: gw-1, after: [gw-2]}\n")).toEqual(['rules.yaml:constraints[0].before: expected array, got "gw-1"'])
    expect(errors("  - {before: [gw-1]}\n")).toEqual(["rules.yaml:constraints[0].after: expected a value, got nothing"])
    expect(errors("  - {before: [], after: [gw-2]}\n")).toEqual(["rules.yaml:constraints[0].before: expected at least one unit, got []"])
    expect(errors("  - {apart: [gw-1]}\n")).toEqual(['rules.yaml:constraints[0].apart: expected at least two units, got ["gw-1"]'])
    expect(errors("  - {apart: [gw-1, 3]}\n")).toEqual(["rules.yaml:constraints[0].apart[1]: expected string, got 3"])
    expect(errors("  - {apart: [gw-1, gw-2], note: x}\n")).toEqual(['rules.yaml:constraints[0].note: expected no such field, got "x"'])
    expect(errors("  - {secondarySiteFirst: false}\n")).toEqual(["rules.yaml:constraints[0].secondarySiteFirst: expected true, got false"])
  })

  it("a rule of no known kind, of two kinds at once, or not a rule at all", () => {
    const kinds = "a rule: {apart: [units]}, {before: [units], after: [units]} or {secondarySiteFirst: true}"
    expect(errors("  - {apart: [gw-1, gw-2]}\n  - {together: [gw-1, gw-2]}\n")).toEqual([`rules.yaml:constraints[1]: expected ${kinds}, got {"together":["gw-1","gw-2"]}`])
    expect(errors("  - gw-1\n")).toEqual([`rules.yaml:constraints[0]: expected ${kinds}, got "gw-1"`])
    expect(errors("  - {apart: [gw-1, gw-2], before: [gw-1], after: [gw-2]}\n")).toEqual([
      "rules.yaml:constraints[0]: expected one rule per entry (apart, before/after or secondarySiteFirst), got apart and before/after in one"
    ])
  })

  it("a unit twice in an apart rule, which no phase could keep (the search blamed the phase sizes)", () => {
    expect(errors("  - {apart: [gw-1, gw-2, gw-1]}\n")).toEqual(['rules.yaml:constraints[0].apart[2]: expected a unit not already in the rule, got "gw-1"'])
  })

  it("each bad rule is named, the good ones decode as written", () => {
    expect(errors("  - {apart: [gw-1]}\n  - {secondarySiteFirst: true}\n  - {before: [gw-2], after: gw-1}\n")).toEqual([
      'rules.yaml:constraints[0].apart: expected at least two units, got ["gw-1"]',
      'rules.yaml:constraints[2].after: expected array, got "gw-1"'
    ])
    const good = parseConstraintsFile("rules.yaml", "constraints:\n  - {apart: [gw-1, gw-2]}\n  - {before: [gw-2], after: [gw-1]}\n  - {secondarySiteFirst: true}\nmaxUnitsPerPhase: 4\n")
    expect(Result.getOrThrow(good)).toEqual({
      constraints: [{ apart: ["gw-1", "gw-2"] }, { before: ["gw-2"], after: ["gw-1"] }, { secondarySiteFirst: true }],
      maxUnitsPerPhase: 4
    })
  })
})
