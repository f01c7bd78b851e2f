/**
 * The fuzz corpus (issue 16 "Keep"): cases made from the shipped files — estates, the library's scenarios,
 * a trace of the tiny estate's morning and one live control frame of each type — by the mutations of
 * mutate.ts, seeded so a case number names the same bytes on every machine. Case i of a corpus depends on
 * (seed, i) only: a sample of the corpus is its first N cases.
 */
import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { load } from "js-yaml"
import { LiveSession } from "../../twin/serve/live-session.ts"
import { defaultEstatePath } from "../../topology/load.ts"
import { minutes, NINE, tiny } from "../twin/serve/support.ts"
import type { Family } from "./decoders.ts"
import { type Expect, type Json, pathsOf, type TextMutation, textMutations, valueMutations, withNesting, writeYaml } from "./mutate.ts"
import { Random } from "./random.ts"

export interface Source {
  readonly family: Family
  readonly name: string
  readonly text: string
  readonly value: Json
  readonly paths: ReadonlyArray<ReadonlyArray<string | number>>
  /** How often it is picked among its family's sources (the shipped estate costs 0.5 s a case). */
  readonly weight: number
}

export interface Case {
  readonly id: number
  readonly family: Family
  readonly source: string
  readonly mutation: string
  readonly expect: Expect
  /** The file name the decoder is given (its extension says YAML or JSON). */
  readonly file: string
  readonly bytes: Uint8Array
}

const yamlSource = (family: Family, path: string, weight: number): Source => {
  const text = readFileSync(path, "utf8")
  const value = load(text) as Json
  return { family, name: path, text, value, paths: pathsOf(value), weight }
}

const libraryScenarios = (dir: string): Array<string> =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? libraryScenarios(join(dir, e.name)) : e.name.endsWith(".yaml") ? [join(dir, e.name)] : []))

/** The tiny estate's first five minutes from nine, as the twin writes them (trace.start, estate.layout, …). */
const traceSource = (): Source => {
  const session = new LiveSession({ model: tiny, seed: 4, window: { from: NINE, to: NINE + minutes(5) }, moved: [] })
  session.advance(NINE + minutes(5))
  const lines = session.lines.slice(0, 400)
  const value = lines.map((l) => JSON.parse(l) as Json)
  return { family: "trace", name: "tiny-estate trace (live session, 09:00–09:05)", text: `${lines.join("\n")}\n`, value, paths: pathsOf(value), weight: 1 }
}

const FRAMES: ReadonlyArray<Json> = [
  { type: "hello", have: 120, token: "t0ken-123" },
  { type: "inject", fault: { kind: "link-down", link: "ar-dc1-a--new-core-dc1-a" }, for: "5m", id: "cut-1", token: "k", ref: 7 },
  { type: "end-fault", id: "live-1", token: "k", ref: "e" },
  { type: "phase", phase: "plane-b", token: "k", ref: "a" },
  { type: "move", units: ["access-dc1-b"], back: true, token: "k", ref: 3 },
  { type: "speed", speed: 60, token: "k", ref: 1 },
  { type: "pause", token: "k", ref: 2 },
  { type: "resume", token: "k", ref: 4 }
]

export const sources = (): ReadonlyArray<Source> => [
  yamlSource("estate", defaultEstatePath, 1),
  yamlSource("estate", "test/topology/fixtures/tiny-estate.yaml", 40),
  yamlSource("estate", "test/scenarios/fixtures/ocg-estate.yaml", 20),
  yamlSource("estate", "test/scenarios/faults/fixtures/fault-estate.yaml", 20),
  ...libraryScenarios("scenarios/library").map((p) => yamlSource("scenario", p, 1)),
  traceSource(),
  ...FRAMES.map((f, i) => ({ family: "frame" as const, name: `frame ${i} (${(f as { type: string }).type})`, text: JSON.stringify(f), value: f, paths: pathsOf(f), weight: 1 }))
]

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s)

/** What a family's format makes of a mutation, where it differs from mutate.ts's default. */
const expectFor = (family: Family, mutation: string, expect: Expect): Expect => {
  if (family === "trace") {
    // docs/trace.md: a reader ignores kinds and fields it does not know, and `data` is each kind's own —
    // the viewer checks the line's shape, the file's order and window, and the layout (trace-file.ts)
    if (["unknown key", "deep nesting", "dangling reference", "duplicate id", "wrong type", "NaN", "huge number", "removed field"].includes(mutation)) return "either"
  }
  if (family === "frame" && mutation === "NaN") return "refuse"
  return expect
}

/** Trace-only text mutations: line ends, blank lines, a line out of order, an event far in the future. */
const traceMutations: ReadonlyArray<TextMutation> = [
  { name: "same, CRLF line ends", expect: "same", apply: (t) => utf8(t.replaceAll("\n", "\r\n")) },
  { name: "same, blank lines", expect: "same", apply: (t) => utf8(t.replaceAll("\n", "\n\n")) },
  {
    name: "line out of order",
    expect: "either",
    apply: (t, _v, random) => {
      const lines = t.split("\n").filter((l) => l !== "")
      const i = 2 + random.int(lines.length - 3)
      ;[lines[i], lines[i + 1]] = [lines[i + 1]!, lines[i]!]
      return utf8(`${lines.join("\n")}\n`)
    }
  },
  {
    name: "t far outside the window",
    expect: "refuse",
    apply: (t, _v, random) => {
      const lines = t.split("\n").filter((l) => l !== "")
      const i = 2 + random.int(lines.length - 2)
      lines[i] = lines[i]!.replace(/^\{"t":\d+/, `{"t":${random.pick(["1e300", "-5", "86400000001", "9007199254740993"])}`)
      return utf8(`${lines.join("\n")}\n`)
    }
  }
]

/** Frame-only text mutations: a `type` named after a prototype member; whitespace. */
const frameMutations: ReadonlyArray<TextMutation> = [
  { name: "same, whitespace", expect: "same", apply: (_t, v) => utf8(` ${JSON.stringify(v, null, 1)}\n`) },
  {
    name: "prototype type",
    expect: "refuse",
    apply: (_t, v, random) => utf8(JSON.stringify({ ...(v as Record<string, Json>), type: random.pick(["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf"]) }))
  },
  { name: "over 64 KiB", expect: "refuse", apply: (_t, v) => utf8(JSON.stringify({ ...(v as Record<string, Json>), token: "x".repeat(70_000) })) }
]

const textMutationsOf = (family: Family): ReadonlyArray<TextMutation> => {
  if (family === "trace") {
    return [...textMutations.filter((m) => !m.name.startsWith("same,") && !m.name.startsWith("alias") && m.name !== "deep YAML" && m.name !== "not a mapping"), ...traceMutations]
  }
  if (family === "frame") {
    const kept = ["truncated mid-line", "one byte changed", "empty file", "blank file", "same, keys reordered", "not a mapping"]
    return [...textMutations.filter((m) => kept.includes(m.name)).map((m) => (m.name === "same, keys reordered" ? { ...m, apply: (_t: string, v: Json) => utf8(JSON.stringify(sortKeys(v))) } : m)), ...frameMutations]
  }
  return textMutations
}

const sortKeys = (v: Json): Json =>
  v === null || typeof v !== "object" ? v : Array.isArray(v) ? v.map(sortKeys) : Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, Json>)[k]!)]))

/**
 * Paths a frame's value mutations may touch: its own fields — what is inside `fault` is the scenario
 * resolver's to judge once the hub applies it (a key added there is refused by live-faults.ts, not by the
 * decoder), and `ref` takes a string or a number alike.
 */
const framePaths = (s: Source, mutation: string) => s.paths.filter((p) => p.length === 1 && p[0] !== "ref" && (mutation !== "unknown key" || p[0] !== "fault"))

/** Case `id` of the corpus of `seed`. */
export const makeCase = (all: ReadonlyArray<Source>, seed: number, id: number): Case => {
  const random = new Random((seed * 1_000_003 + id) >>> 0)
  const family = (["estate", "scenario", "trace", "frame"] as const)[id % 4]!
  const mine = all.filter((s) => s.family === family)
  const total = mine.reduce((a, s) => a + s.weight, 0)
  let roll = random.next() * total
  const source = mine.find((s) => (roll -= s.weight) < 0) ?? mine[0]!
  const base = { id, family, source: source.name }
  const ext = family === "trace" ? ".ndjson" : family === "frame" ? ".json" : ".yaml"
  for (;;) {
    // half the cases change the value and write it back; half change the text
    if (random.int(2) === 0) {
      const mutation = random.pick(valueMutations)
      const paths = family === "frame" && mutation.name !== "deep nesting" ? framePaths(source, mutation.name) : source.paths
      const mutated = paths.length === 0 ? undefined : mutation.apply(source.value, paths, random)
      if (mutated === undefined) continue
      const text =
        family === "trace"
          ? `${(mutated as ReadonlyArray<Json>).map((e) => encodeLine(e)).join("\n")}\n`
          : family === "frame"
            ? encodeLine(mutated)
            : writeYaml(mutated, random)
      return { ...base, mutation: mutation.name, expect: expectFor(family, mutation.name, mutation.expect), file: `case-${id}${ext}`, bytes: utf8(text) }
    }
    const mutation = random.pick(textMutationsOf(family))
    const file = `case-${id}${mutation.json === true ? ".json" : ext}`
    return { ...base, mutation: mutation.name, expect: expectFor(family, mutation.name, mutation.expect), file, bytes: mutation.apply(source.text, source.value, random) }
  }
}

/** JSON for a trace line or a frame; NaN and ±Infinity (not JSON) are written as the bare words a careless writer would. */
const encodeLine = (v: Json): string => {
  const text = JSON.stringify(v, (_k, x: unknown) => (typeof x === "number" && !Number.isFinite(x) ? `__${String(x)}__` : x))
  return withNesting(text.replace(/"__(NaN|Infinity|-Infinity)__"/g, "$1"))
}
