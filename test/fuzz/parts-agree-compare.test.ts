/**
 * The comparison the differential fuzz of runs in parts rests on (test/fuzz/parts-agree-compare.ts): what a
 * run in parts may differ by (a microsecond's lines grouped otherwise, engine-event counts, the folder's
 * paths) passes; a line moved to another instant, a changed line, a changed verdict or export and a file
 * written by one run only are each reported.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { compareRuns } from "./parts-agree-compare.ts"

const root = mkdtempSync(join(tmpdir(), "parts-agree-compare-"))
afterAll(() => rmSync(root, { recursive: true }))

const trace = [
  `{"t":1,"kind":"trace.start","subject":"twin","data":{}}`,
  `{"t":5,"kind":"a","subject":"x","data":{}}`,
  `{"t":5,"kind":"b","subject":"y","data":{}}`,
  `{"t":7,"kind":"metrics","subject":"world","data":{"sessions":3,"events":120}}`
]
const report = (events: number, verdict = "pass", folder = "one") => JSON.stringify({ verdict, run: { events, traceLines: 4 }, files: { trace: `${folder}/trace.ndjson` } })

let n = 0
const folder = (lines: ReadonlyArray<string>, reportText: string, extra: Record<string, string> = {}): string => {
  const dir = join(root, `run-${++n}`)
  mkdirSync(dir)
  writeFileSync(join(dir, "trace.ndjson"), `${lines.join("\n")}\n`)
  writeFileSync(join(dir, "report.json"), reportText)
  writeFileSync(join(dir, "affected.csv"), "participant,service\nP1,otp-c\n")
  for (const [name, text] of Object.entries(extra)) writeFileSync(join(dir, name), text)
  return dir
}

describe("a run in parts against its one-world run", () => {
  const one = folder(trace, report(900))

  it("agrees where parts may differ: a microsecond's lines in another order, event counts, the folder's paths", () => {
    const regrouped = [trace[0]!, trace[2]!, trace[1]!, trace[3]!.replace('"events":120', '"events":131')]
    expect(compareRuns(one, folder(regrouped, report(1_000, "pass", "two")))).toEqual([])
  })

  it("reports a line at another instant, a changed line, a changed verdict, a changed export and a file one run wrote", () => {
    const moved = [trace[0]!, trace[1]!, trace[2]!.replace('"t":5', '"t":6'), trace[3]!]
    expect(compareRuns(one, folder(moved, report(900)))).toEqual([
      `trace.ndjson line 3: one world ${trace[2]} | parts ${moved[2]}`
    ])
    const changed = [trace[0]!, trace[1]!.replace('"x"', '"z"'), trace[2]!, trace[3]!]
    expect(compareRuns(one, folder(changed, report(900)))).toHaveLength(1)
    expect(compareRuns(one, folder(trace, report(900, "fail")))[0]).toMatch(/^report\.json line \d+: one world {2}"verdict": "pass", \| parts {2}"verdict": "fail",$/)
    const other = folder(trace, report(900))
    writeFileSync(join(other, "affected.csv"), "participant,service\nP2,otp-c\n")
    expect(compareRuns(one, other)).toEqual(["affected.csv line 2: one world P1,otp-c | parts P2,otp-c"])
    expect(compareRuns(one, folder(trace, report(900), { "evidence.csv": "check\n" }))).toEqual(["evidence.csv: written by the parts only"])
    expect(compareRuns(one, folder(trace.slice(0, 3), report(900)))).toEqual(["trace.ndjson: 4 lines in one world, 3 in parts", `trace.ndjson line 4: one world ${trace[3]!.replace(',"events":120}}', "}}")} | parts undefined`])
  })
})
