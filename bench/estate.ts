/**
 * Estate benchmark: decode + validate (references, paths, A/B separation) + N-1 analysis of the default
 * estate and of generated estates of 6,000 and 60,000 participants, to show how the cost grows.
 * Each size is measured in the same run, first run (cold) and median of the next runs (warm).
 */
import { readFileSync } from "node:fs"
import { dump } from "js-yaml"
import { Result } from "effect"
import { defaultSeed, generateEstate } from "../topology/generate/default-estate.ts"
import { defaultEstatePath, parseEstate } from "../topology/load.ts"
import { validateEstate } from "../topology/validate.ts"

interface Row {
  readonly label: string
  readonly participants: number
  readonly coldMs: number
  readonly warmMs: number
  readonly parseMs: number
  readonly validateMs: number
}

const measure = (file: string, text: string) => {
  const t0 = performance.now()
  const parsed = parseEstate(file, text)
  const t1 = performance.now()
  if (Result.isFailure(parsed)) throw new Error(`${file} does not parse`)
  const valid = validateEstate(file, parsed.success)
  const t2 = performance.now()
  if (Result.isFailure(valid)) throw new Error(`${file} is invalid`)
  return { total: t2 - t0, parse: t1 - t0, validate: t2 - t1, participants: parsed.success.participants.length }
}

const median = (xs: ReadonlyArray<number>) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

const run = (label: string, file: string, text: string, warmRuns: number): Row => {
  const cold = measure(file, text)
  const warm = Array.from({ length: warmRuns }, () => measure(file, text))
  return {
    label,
    participants: cold.participants,
    coldMs: cold.total,
    warmMs: median(warm.map((w) => w.total)),
    parseMs: median(warm.map((w) => w.parse)),
    validateMs: median(warm.map((w) => w.validate))
  }
}

export const benchEstate = (): ReadonlyArray<Row> => {
  const rows: Array<Row> = [run("default estate (YAML)", "default-estate.yaml", readFileSync(defaultEstatePath, "utf8"), 15)]
  for (const [n, runs] of [[6_000, 5], [60_000, 2]] as const) {
    const text = dump(generateEstate({ participants: n, seed: defaultSeed }), { flowLevel: 3, lineWidth: -1 })
    rows.push(run(`generated ${n.toLocaleString("en")} (YAML)`, `generated-${n}.yaml`, text, runs))
  }
  return rows
}

export const renderEstateBench = (rows: ReadonlyArray<Row>): string => {
  const base = rows[0]!
  const lines = [
    "estate: decode + validate + N-1 (ms; warm = median of repeated runs in this process)",
    "| estate | participants | cold | warm | parse | validate+N-1 | warm µs/participant | × default (warm) |",
    "|---|---:|---:|---:|---:|---:|---:|---:|"
  ]
  for (const r of rows) {
    lines.push(
      `| ${r.label} | ${r.participants} | ${r.coldMs.toFixed(0)} | ${r.warmMs.toFixed(0)} | ${r.parseMs.toFixed(0)} | ${r.validateMs.toFixed(0)} | ` +
        `${((r.warmMs * 1000) / r.participants).toFixed(0)} | ${(r.warmMs / base.warmMs).toFixed(1)} |`
    )
  }
  lines.push(`target: default estate warm < 200 ms → ${base.warmMs < 200 ? "met" : "NOT met"} (${base.warmMs.toFixed(0)} ms)`)
  return lines.join("\n")
}
