/**
 * `npm run fuzz [-- --cases N --seed S --cli N]`: the whole fuzz corpus (default 12,000 cases, seed 16) in
 * process, a file over the size limit, then a sample of the refused estates and scenarios through the real
 * CLI (`twin estate validate`, `twin run`): exit 2, the same lines as in process, no stack trace. Prints
 * the summary table (Markdown) and every finding; exits 1 if there is any.
 */
import { spawnSync } from "node:child_process"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { parseArgs } from "node:util"
import { MAX_TEXT_LENGTH } from "../../topology/document-limits.ts"
import { makeCase, sources } from "./corpus.ts"
import { decodeEstate } from "./decoders.ts"
import { describeFinding, runCorpus, summaryTable } from "./run-corpus.ts"

const { values } = parseArgs({ options: { cases: { type: "string", default: "12000" }, seed: { type: "string", default: "16" }, cli: { type: "string", default: "40" } } })
const count = Number(values.cases)
const seed = Number(values.seed)
const cliCount = Number(values.cli)
const findings: Array<string> = []

const began = performance.now()
let done = 0
const run = runCorpus(seed, count, () => {
  if (++done % 1000 === 0) process.stderr.write(`fuzz: ${done} / ${count} cases\n`)
})
const inProcessMs = performance.now() - began
findings.push(...run.findings.map(describeFinding))

// A file one byte over the size limit: refused before it is parsed (its bytes are read: the limit bounds them).
{
  const t = performance.now()
  const d = decodeEstate("huge.yaml", new Uint8Array(MAX_TEXT_LENGTH + 1).fill(0x61))
  const ms = performance.now() - t
  const line = d.ok ? "accepted" : d.lines.join(" | ")
  console.log(`over the size limit (${MAX_TEXT_LENGTH + 1} bytes): ${line} in ${Math.round(ms)} ms`)
  if (d.ok || d.lines.length !== 1 || ms > 2_000) findings.push(`a file over the size limit: ${line}, ${Math.round(ms)} ms`)
}

// The CLI on a sample of refused estates and scenarios: the in-process answer is the CLI's.
const dir = mkdtempSync(join(tmpdir(), "twin-fuzz-"))
const all = sources()
const cliRows: Array<string> = []
let cliMaxMs = 0
for (const { c, v } of run.judged) {
  if (cliRows.length >= cliCount) break
  if (v.outcome !== "refused" || (c.family !== "estate" && c.family !== "scenario")) continue
  const full = makeCase(all, seed, c.id)
  const path = join(dir, full.file)
  writeFileSync(path, full.bytes)
  const args = c.family === "estate" ? ["estate", "validate", path] : ["run", path, "--out", join(dir, `out-${c.id}`)]
  const t = performance.now()
  const r = spawnSync(process.execPath, ["twin/bin/twin.ts", ...args], { encoding: "utf8", timeout: 20_000 })
  const ms = performance.now() - t
  cliMaxMs = Math.max(cliMaxMs, ms)
  const lines = r.stderr.trimEnd().split("\n").map((l) => l.replaceAll(path, full.file))
  const expected = v.lines.slice(0, 1)
  const ok = r.status === 2 && !/\n\s+at /.test(r.stderr) && lines[0] === expected[0]
  cliRows.push(`| ${c.id} | ${c.family} | ${c.mutation} | ${r.status} | ${Math.round(ms)} | ${ok ? "yes" : "NO"} |`)
  if (!ok) findings.push(`CLI case ${c.id} (${c.family}, ${c.mutation}): exit ${r.status}, first line ${JSON.stringify(lines[0]?.slice(0, 200))}, in process ${JSON.stringify(expected[0]?.slice(0, 200))}`)
}
rmSync(dir, { recursive: true, force: true })

console.log(`\n## Fuzz corpus: ${count} cases, seed ${seed}, ${Math.round(inProcessMs / 1000)} s in process; peak RSS ${run.peakRssMiB} MiB, heap ${run.peakHeapMiB} MiB\n`)
console.log(summaryTable(run.judged))
console.log(`\n## Through the CLI: ${cliRows.length} refused cases (exit 2 and the same first line as in process), slowest ${Math.round(cliMaxMs)} ms\n`)
console.log("| case | family | mutation | exit | ms | same line |\n|--:|---|---|--:|--:|---|")
console.log(cliRows.join("\n"))
console.log(findings.length === 0 ? "\nno findings" : `\n${findings.length} finding(s):\n${findings.join("\n")}`)
process.exitCode = findings.length === 0 ? 0 : 1
