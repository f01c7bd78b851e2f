/**
 * JSON inputs refuse a key given twice in one object, at its path and with both places, instead of keeping
 * the last (JSON.parse's rule, which lost `"seed": 3` to a later `"seed": 4` and P0001's `"ecp": true` to
 * `"ecp": false` without a word). YAML inputs already refused it (js-yaml).
 */
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { parseScenario } from "../../scenarios/load.ts"
import { formatIssue } from "../../topology/input-issue.ts"
import { parseJsonText } from "../../topology/json-text.ts"
import { parseEstate } from "../../topology/load.ts"

const issuesOf = (r: Result.Result<unknown, { readonly issues: ReadonlyArray<Parameters<typeof formatIssue>[1]> }>, file: string) =>
  Result.isFailure(r) ? r.failure.issues.map((i) => formatIssue(file, i)) : ["accepted"]

describe("parseJsonText", () => {
  it("refuses every repeated key at its path, with the line:column of both", () => {
    // line 2: `"faults": [{"id": "f", "for": "2m", "for": "5m"}], "seed": 4}` — the first "for" at column 25, the second at 38
    const text = '{"seed": 3,\n "faults": [{"id": "f", "for": "2m", "for": "5m"}], "seed": 4}'
    expect(parseJsonText(text)).toEqual(Result.fail([
      { path: "faults[0].for", expected: "each key once in an object", got: '"for" again at 2:38 (first at 2:25)' },
      { path: "seed", expected: "each key once in an object", got: '"seed" again at 2:53 (first at 1:2)' }
    ]))
  })

  it("compares keys as JSON reads them (escapes decoded), not as written, and counts array indexes", () => {
    expect(parseJsonText('[0, {"a": {"b\\u0020": 1, "b ": 2}}]')).toEqual(Result.fail([
      { path: '[1].a["b "]', expected: "each key once in an object", got: '"b " again at 1:26 (first at 1:12)' }
    ]))
    // the same key in two objects, a key's text inside a string value, and escaped quotes are not repeats
    expect(parseJsonText('{"a": [{"k": 1}, {"k": 2}], "s": "\\"a\\": 1", "b": {"a": "\\\\"}}')).toEqual(Result.succeed({ a: [{ k: 1 }, { k: 2 }], s: '"a": 1', b: { a: "\\" } }))
  })

  it("keeps syntax errors as they were: line:column, valid JSON", () => {
    expect(parseJsonText('{"a": 1,\n "b": }')).toEqual(Result.fail([{ path: "2:7", expected: "valid JSON", got: "Unexpected token '}'" }]))
  })

  it("walks a document nested 10,000 deep without recursion", () => {
    expect(Result.isSuccess(parseJsonText(`${"[".repeat(10_000)}${"]".repeat(10_000)}`))).toBe(true)
  })
})

describe("a .json scenario or estate with a repeated key is refused, not run with the last value", () => {
  it("scenario: seed 3 then seed 4", () => {
    const text = '{"name": "json dup", "purpose": "x", "seed": 3, "calendar": {"date": "2027-03-08", "from": "09:28", "to": "09:36"}, "seed": 4}'
    expect(issuesOf(parseScenario("s.json", text), "s.json")).toEqual(['s.json:seed: expected each key once in an object, got "seed" again at 1:117 (first at 1:38)'])
  })

  it("estate: a participant's ecp true then false", () => {
    const text = '{"version": 1, "name": "e", "participants": [{"id": "P0001", "ecp": true, "ecp": false}]}'
    expect(issuesOf(parseEstate("e.json", text), "e.json")).toEqual(['e.json:participants[0].ecp: expected each key once in an object, got "ecp" again at 1:75 (first at 1:62)'])
  })
})
