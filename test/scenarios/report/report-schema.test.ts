import { Result, Schema } from "effect"
import { describe, expect, it } from "vitest"
import { Report } from "../../../scenarios/report/report.ts"
import { fixtureJson } from "./fixture.ts"

describe("Report schema", () => {
  it("decodes the hand-made report.json and encodes it back to the same JSON", () => {
    const decoded = Schema.decodeUnknownResult(Report)(fixtureJson)
    if (Result.isFailure(decoded)) throw new Error(`fixture does not decode: ${decoded.failure}`)
    expect(decoded.success.checks.map((c) => c.id)).toEqual(["omdc-availability", "pre-phase-2", "post-phase-2"])
    expect(Schema.encodeUnknownSync(Report)(decoded.success)).toEqual(fixtureJson)
  })

  it("rejects a report whose status counts are missing a status", () => {
    const broken = structuredClone(fixtureJson) as { health: Array<{ services: Record<string, Record<string, number>> }> }
    delete broken.health[0]!.services["omd-c"]!["down"]
    expect(Result.isFailure(Schema.decodeUnknownResult(Report)(broken))).toBe(true)
  })
})
