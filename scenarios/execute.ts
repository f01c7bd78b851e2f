/**
 * A scenario run with its files: the trace streamed to `trace.ndjson` as the run goes, then `report.json`,
 * `report.md` and `report.html` in the output folder. Used by `twin run`, `npm start`, the benchmark and
 * the library tests, so all of them produce the same files.
 */
import { createWriteStream, mkdirSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { displayPath } from "../topology/load.ts"
import type { Micros } from "../twin/engine/time.ts"
import { NdjsonTrace, type TraceSink } from "../twin/engine/trace.ts"
import { checkWirings } from "./checks/catalogue.ts"
import { renderHtml } from "./report/html.ts"
import { renderMarkdown } from "./report/markdown.ts"
import type { Report } from "./report/report.ts"
import { runScenario } from "./run.ts"
import type { Scenario } from "./scenario.ts"

export interface Executed {
  readonly report: Report
  readonly wallSeconds: number
}

export const executeScenario = async (
  scenario: Scenario,
  outDir: string,
  onProgress?: (now: Micros, events: number) => void
): Promise<Executed> => {
  mkdirSync(outDir, { recursive: true })
  const path = (name: string) => join(outDir, name)
  const stream = scenario.write.trace ? createWriteStream(path("trace.ndjson")) : undefined
  const ndjson = stream === undefined ? undefined : new NdjsonTrace((chunk) => stream.write(chunk))
  const sink: TraceSink = ndjson ?? { write: () => {} }
  const began = performance.now()
  const partial = runScenario(scenario, {
    trace: sink,
    extraWirings: checkWirings,
    ...(onProgress === undefined ? {} : { onProgress })
  })
  ndjson?.drain()
  if (stream !== undefined) await new Promise<void>((done) => stream.end(done))
  const wallSeconds = (performance.now() - began) / 1000
  const shown = (name: string) => displayPath(path(name))
  const report: Report = {
    ...partial,
    files: {
      trace: scenario.write.trace ? shown("trace.ndjson") : "",
      json: shown("report.json"),
      markdown: scenario.write.markdown ? shown("report.md") : "",
      html: scenario.write.html ? shown("report.html") : ""
    }
  }
  writeFileSync(path("report.json"), `${JSON.stringify(report, null, 2)}\n`)
  if (scenario.write.markdown) writeFileSync(path("report.md"), renderMarkdown(report))
  if (scenario.write.html) writeFileSync(path("report.html"), renderHtml(report))
  return { report, wallSeconds }
}
