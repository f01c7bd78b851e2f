/**
 * Runs a fuzz corpus in process and summarises it: one row per family and mutation (cases, refused,
 * accepted with the same value, accepted with another, findings, slowest), then the findings. Shared by
 * `npm run fuzz` (the whole corpus, test/fuzz/fuzz.ts) and `npm test` (a seeded sample, fuzz.test.ts).
 */
import { type Case, makeCase, sources } from "./corpus.ts"
import { decoders } from "./decoders.ts"
import { judge, type Verdict } from "./oracle.ts"

export interface Judged {
  readonly c: Case
  readonly v: Verdict
}

export interface CorpusRun {
  readonly judged: ReadonlyArray<Judged>
  readonly findings: ReadonlyArray<Judged>
  /** Peak resident set and heap during the run, MiB. */
  readonly peakRssMiB: number
  readonly peakHeapMiB: number
}

/** Cases [0, count) of the corpus of `seed`; `onCase` sees each as it is judged (progress). */
export const runCorpus = (seed: number, count: number, onCase?: (j: Judged) => void): CorpusRun => {
  const all = sources()
  const originals = new Map<string, unknown>()
  for (const s of all) {
    const d = decoders[s.family](s.family === "frame" ? "frame.json" : s.family === "trace" ? "trace.ndjson" : "source.yaml", new TextEncoder().encode(s.text))
    if (!d.ok) throw new Error(`the source ${s.name} is refused: ${d.lines[0]}`)
    originals.set(s.name, d.value)
  }
  const judged: Array<Judged> = []
  let peakRss = 0
  let peakHeap = 0
  for (let id = 0; id < count; id++) {
    const c = makeCase(all, seed, id)
    const j = { c, v: judge(c, originals) }
    judged.push({ c: { ...c, bytes: new Uint8Array(0) }, v: { ...j.v, lines: j.v.lines.slice(0, 3) } }) // keep the summary, not the bytes
    onCase?.(j)
    if (id % 50 === 0) {
      const m = process.memoryUsage()
      peakRss = Math.max(peakRss, m.rss)
      peakHeap = Math.max(peakHeap, m.heapUsed)
    }
  }
  return { judged, findings: judged.filter((j) => j.v.finding !== undefined), peakRssMiB: Math.round(peakRss / 2 ** 20), peakHeapMiB: Math.round(peakHeap / 2 ** 20) }
}

/** The summary table (Markdown, so it can be pasted into docs/reliability.md). */
export const summaryTable = (judged: ReadonlyArray<Judged>): string => {
  const rows = new Map<string, { cases: number; refused: number; same: number; accepted: number; findings: number; maxMs: number }>()
  for (const { c, v } of judged) {
    const key = `${c.family} | ${c.mutation} | ${c.expect}`
    const r = rows.get(key) ?? { cases: 0, refused: 0, same: 0, accepted: 0, findings: 0, maxMs: 0 }
    r.cases++
    r[v.outcome]++
    if (v.finding !== undefined) r.findings++
    r.maxMs = Math.max(r.maxMs, v.ms)
    rows.set(key, r)
  }
  const total = { cases: 0, refused: 0, same: 0, accepted: 0, findings: 0, maxMs: 0 }
  const lines = ["| family | mutation | expected | cases | refused (exit 2) | same value (exit 0) | other value (exit 0) | findings | slowest ms |", "|---|---|---|--:|--:|--:|--:|--:|--:|"]
  for (const [key, r] of [...rows].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`| ${key} | ${r.cases} | ${r.refused} | ${r.same} | ${r.accepted} | ${r.findings} | ${Math.round(r.maxMs)} |`)
    for (const k of ["cases", "refused", "same", "accepted", "findings"] as const) total[k] += r[k]
    total.maxMs = Math.max(total.maxMs, r.maxMs)
  }
  lines.push(`| **all** | | | ${total.cases} | ${total.refused} | ${total.same} | ${total.accepted} | ${total.findings} | ${Math.round(total.maxMs)} |`)
  return lines.join("\n")
}

export const describeFinding = ({ c, v }: Judged): string => `case ${c.id} (${c.family}, ${c.mutation}, from ${c.source}): ${v.finding}`
