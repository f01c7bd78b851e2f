/**
 * Issue 16, defects 1 and 2, and issue 17 item 5: hostile input files cost a bounded time and memory and
 * get one line and exit 2 through the real CLI — an alias bomb, nesting 10,000 deep (JSON and YAML), an
 * alias inside itself; a file with thousands of bad values prints a screenful; a huge value is shown cut.
 */
import { spawnSync } from "node:child_process"
import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { documentLimitIssue } from "../../topology/document-limits.ts"
import { describeValue, InputInvalid, issue, MAX_PRINTED_ISSUES, renderInputInvalid } from "../../topology/input-issue.ts"
import { parseDocumentText } from "../../topology/parse-document.ts"

const dir = mkdtempSync(join(tmpdir(), "twin-hostile-"))
const file = (name: string, text: string) => {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}
const validate = (path: string) => {
  const r = spawnSync(process.execPath, ["twin/bin/twin.ts", "estate", "validate", path], { encoding: "utf8", timeout: 60_000 })
  return { code: r.status, stderr: r.stderr.trimEnd() }
}

/** Nine levels of nine aliases of the level below (the "billion laughs"). */
const bomb = () => {
  const lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
  for (let i = 1; i < 10; i++) lines.push(`a${i}: &a${i} [${Array.from({ length: 9 }, () => `*a${i - 1}`).join(", ")}]`)
  return [...lines, "version: 1", "name: bomb", "sites: *a9", ""].join("\n")
}

describe("hostile documents through `twin estate validate`: one line, exit 2", () => {
  it("an alias bomb is refused by its expanded size, counted without expanding it", () => {
    const path = file("bomb.yaml", bomb())
    // Expanded: a0 is 1 + 9 = 10 values, a_i = 1 + 9·a_(i−1); a0 … a9 sum to 4,412,961,505, `sites` (a9
    // again) adds 3,922,632,451, version, name and the root 3: 8,335,593,959. Written: the root, a0 … a9,
    // a0's 9 leaves, version and name: 22.
    expect(validate(path)).toEqual({
      code: 2,
      stderr: `${path}: expected at most 2,000,000 values once YAML aliases are expanded (or 4× the 22 written), got 8,335,593,959`
    })
  })

  it("JSON nested 10,000 deep is refused past 100 levels (it was a stack overflow, exit 1)", () => {
    const path = file("deep.json", `{"version":1,"name":"d","sites":${"[".repeat(10_000)}${"]".repeat(10_000)}}`)
    expect(validate(path)).toEqual({ code: 2, stderr: `${path}: expected nesting at most 100 deep, got more than 100 levels` })
  })

  it("YAML nested 10,000 deep is refused by the parser at 100 levels", () => {
    const path = file("deep.yaml", `version: 1\nname: d\nsites: ${"[".repeat(10_000)}${"]".repeat(10_000)}\n`)
    expect(validate(path)).toEqual({ code: 2, stderr: `${path}:3:107: expected valid YAML, got nesting exceeded maxDepth (100)` })
  })

  it("an alias inside the node it names is refused (the walk would never end)", () => {
    const path = file("cycle.yaml", "version: 1\nname: c\nsites: &s [1, *s]\n")
    expect(validate(path)).toEqual({ code: 2, stderr: `${path}: expected no alias inside the node it names, got a value that contains itself` })
  })

  it("a file with 5,000 bad values prints 30 lines and how many more", () => {
    const sites = Array.from({ length: 5_000 }, (_, i) => `  - {id: s${i}, kind: nowhere, name: n}`).join("\n")
    const path = file("many.yaml", `version: 1\nname: m\nassumptions: {}\nsites:\n${sites}\nnodes: []\nlinks: []\ncutoverUnits: []\nflows: []\nparticipants: []\n`)
    const r = validate(path)
    const lines = r.stderr.split("\n")
    expect(r.code).toBe(2)
    expect(lines.length).toBe(MAX_PRINTED_ISSUES + 1)
    expect(lines[0]).toBe(`${path}:sites[0].kind: expected "primary-dc" | "secondary-dc" | "carrier" | "participant", got "nowhere"`)
    expect(lines.at(-1)).toBe(`${path}: … and 4970 more issues`)
  })
})

describe("document limits (topology/document-limits.ts)", () => {
  it("lets aliases share a value up to 4× the values written", () => {
    // a: 100 leaves + the array = 101 written; b … e alias it: 5 × 101 expanded + the root, under 4 × 102.
    const text = `a: &a [${Array.from({ length: 100 }, (_, i) => i).join(", ")}]\nb: *a\nc: *a\nd: *a\n`
    const parsed = parseDocumentText("ok.yaml", text)
    expect(Result.isSuccess(parsed)).toBe(true)
  })

  it("walks a DAG of 2,000 levels sharing one child each without recursion: refused at depth 100", () => {
    let node: unknown = []
    for (let i = 0; i < 2_000; i++) node = [node]
    expect(documentLimitIssue(node)).toEqual(issue("", "nesting at most 100 deep", "more than 100 levels"))
  })
})

describe("a value shown in an error is cut at 60 characters, rendered no further", () => {
  it("a 10-million-element array costs what a short one does", () => {
    const huge = new Array(10_000_000).fill(1)
    expect(describeValue(huge)).toBe(`[${"1,".repeat(28)}...`)
    expect(describeValue("x".repeat(5_000_000))).toBe(`"${"x".repeat(56)}...`)
    expect(describeValue(Number.NaN)).toBe("NaN")
  })

  it("renders one issue per line with the file named", () => {
    const e = new InputInvalid({ file: "f.yaml", issues: [issue("a", "b", "c")] })
    expect(renderInputInvalid(e)).toEqual(["f.yaml:a: expected b, got c"])
  })
})
