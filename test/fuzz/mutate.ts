/**
 * The mutations of the fuzz corpus, on a document's decoded value (a path is chosen at random and the value
 * there replaced) or on its text/bytes. Each mutation says what a decoder must do with the result:
 * - "refuse": the input is malformed (a wrong type, NaN, a huge number, an unknown key, a duplicate id, a
 *   dangling reference, deep nesting, an alias bomb, bytes that are not UTF-8, an empty file): exit 2.
 * - "same": the mutation does not change the meaning (keys reordered, YAML written as JSON or in flow
 *   style, comments): exit 0 with the same decoded value as the original — or a refusal would be a bug.
 * - "either": the result may be another valid document (a prefix cut at a line end, a removed optional
 *   field, one character changed): exit 2, or exit 0 with whatever value — never a crash or a hang.
 */
import { dump } from "js-yaml"
import type { Random } from "./random.ts"

export type Expect = "refuse" | "same" | "either"

export type Json = null | boolean | number | string | ReadonlyArray<Json> | { readonly [k: string]: Json }
type Path = ReadonlyArray<string | number>

/** Every path in a value (containers and leaves), root excluded. */
export const pathsOf = (root: Json): Array<Path> => {
  const out: Array<Path> = []
  const stack: Array<[Json, Path]> = [[root, []]]
  while (stack.length > 0) {
    const [v, p] = stack.pop()!
    if (v !== null && typeof v === "object") {
      const entries: Array<[string | number, Json]> = Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.entries(v)
      for (const [k, x] of entries) {
        out.push([...p, k])
        stack.push([x, [...p, k]])
      }
    }
  }
  return out
}

const clone = (v: Json): Json => structuredClone(v)

const at = (root: Json, path: Path): Json => path.reduce<Json>((v, k) => (v as Record<string | number, Json>)[k]!, root)

/** A copy of root with the value at path replaced (or removed when `value` is undefined). */
export const setAt = (root: Json, path: Path, value: Json | undefined): Json => {
  const copy = clone(root)
  const parent = at(copy, path.slice(0, -1)) as Record<string | number, Json> | Array<Json>
  const key = path[path.length - 1]!
  if (value === undefined) {
    if (Array.isArray(parent)) parent.splice(key as number, 1)
    else delete (parent as Record<string, Json>)[key as string]
  } else (parent as Record<string | number, Json>)[key] = value
  return copy
}

export interface ValueMutation {
  readonly name: string
  readonly expect: Expect
  /** The mutated value, or undefined when this value offers no place for it. */
  readonly apply: (root: Json, paths: ReadonlyArray<Path>, random: Random) => Json | undefined
}

const leaves = (root: Json, paths: ReadonlyArray<Path>, test: (v: Json) => boolean): Array<Path> => paths.filter((p) => test(at(root, p)))

/**
 * Arrays nested `depth` deep, as a marker the writers expand in the text (withNesting): a serialiser walking
 * a 30,000-deep value would overflow its own stack before the decoder under test sees it.
 */
const nested = (depth: number): Json => `__DEEP_${depth}__`

/** The text with each nesting marker replaced by `[[…]]` of its depth (valid JSON and flow YAML). */
export const withNesting = (text: string): string =>
  text.replace(/["']?__DEEP_(\d+)__["']?/g, (_m, n: string) => "[".repeat(Number(n)) + "]".repeat(Number(n)))

/** A value of another type than `v` (string ↔ number ↔ boolean ↔ object ↔ array). */
const otherType = (v: Json, random: Random): Json => {
  const choices: Array<Json> = [42, "forty-two", true, { x: 1 }, ["a"]]
  const kind = (x: Json) => (x === null ? "null" : Array.isArray(x) ? "array" : typeof x)
  return random.pick(choices.filter((c) => kind(c) !== kind(v)))
}

/** The id-bearing objects of every list, by list path. */
const idLists = (root: Json, paths: ReadonlyArray<Path>): Array<Path> =>
  [[] as Path, ...paths].filter((p) => {
    const v = at(root, p)
    return Array.isArray(v) && v.length > 0 && v.every((x) => x !== null && typeof x === "object" && !Array.isArray(x) && typeof (x as Record<string, Json>).id === "string")
  })

export const valueMutations: ReadonlyArray<ValueMutation> = [
  {
    name: "wrong type",
    expect: "refuse",
    apply: (root, paths, random) => {
      // a string field turned number, a number field turned string…: never both allowed by a field here
      // except `ref` in live frames (string or number) — its mutation picks another kind of value
      const ps = leaves(root, paths, (v) => v === null || typeof v !== "object")
      if (ps.length === 0) return undefined
      const p = random.pick(ps)
      return setAt(root, p, otherType(at(root, p), random))
    }
  },
  {
    name: "NaN",
    expect: "refuse",
    apply: (root, paths, random) => {
      const ps = leaves(root, paths, (v) => typeof v === "number")
      return ps.length === 0 ? undefined : setAt(root, random.pick(ps), Number.NaN)
    }
  },
  {
    name: "negative number",
    expect: "either",
    // -1 is refused by counts, latencies and capacities; an offset or a price may take it
    apply: (root, paths, random) => {
      const ps = leaves(root, paths, (v) => typeof v === "number" && v > 0)
      return ps.length === 0 ? undefined : setAt(root, random.pick(ps), -1 - random.int(1000))
    }
  },
  {
    name: "huge number",
    expect: "refuse",
    apply: (root, paths, random) => {
      const ps = leaves(root, paths, (v) => typeof v === "number")
      return ps.length === 0 ? undefined : setAt(root, random.pick(ps), random.pick([1e308, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 2 ** 60]))
    }
  },
  {
    name: "unknown key",
    expect: "refuse",
    apply: (root, paths, random) => {
      const ps = [[] as Path, ...paths].filter((p) => {
        const v = at(root, p)
        return v !== null && typeof v === "object" && !Array.isArray(v)
      })
      return setAt(root, [...random.pick(ps), `typo${random.int(1000)}`], 1)
    }
  },
  {
    name: "duplicate id",
    expect: "refuse",
    apply: (root, paths, random) => {
      const lists = idLists(root, paths)
      if (lists.length === 0) return undefined
      const p = random.pick(lists)
      const list = at(root, p) as ReadonlyArray<Json>
      return setAt(root, [...p, list.length], clone(random.pick(list)))
    }
  },
  {
    name: "dangling reference",
    expect: "refuse",
    apply: (root, paths, random) => {
      // a string naming an id of the document, somewhere other than an `id` field, pointed at nothing
      const ids = new Set<string>()
      for (const p of paths) if (p[p.length - 1] === "id" && typeof at(root, p) === "string") ids.add(at(root, p) as string)
      // (names and descriptions are labels that may read like an id: not references)
      const labels = new Set<string | number>(["id", "name", "description"])
      const refs = leaves(root, paths, (v) => typeof v === "string" && ids.has(v)).filter((p) => !labels.has(p[p.length - 1]!))
      return refs.length === 0 ? undefined : setAt(root, random.pick(refs), `nowhere-${random.int(1000)}`)
    }
  },
  {
    name: "deep nesting",
    expect: "refuse",
    apply: (root, paths, random) => setAt(root, random.pick(paths), nested(random.pick([101, 150, 1_000, 30_000])))
  },
  {
    name: "removed field",
    expect: "either",
    apply: (root, paths, random) => {
      const ps = paths.filter((p) => typeof p[p.length - 1] === "string")
      return ps.length === 0 ? undefined : setAt(root, random.pick(ps), undefined)
    }
  }
]

/** How a mutated value is written back: YAML (the shipped files' form) or JSON; NaN and ±Infinity only in YAML. */
export const writeYaml = (v: Json, random: Random): string => withNesting(dump(v, { noRefs: true, ...(random.int(3) === 0 ? { flowLevel: 2 } : {}) }))

export interface TextMutation {
  readonly name: string
  readonly expect: Expect
  /** Whether the result is read as JSON (a `.json` file). */
  readonly json?: boolean
  readonly apply: (text: string, value: Json, random: Random) => Uint8Array
}

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s)

/** Nine levels of nine aliases of the level below (the "billion laughs") in place of the first key's value. */
const aliasBomb = (value: Json): string => {
  const lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
  for (let i = 1; i < 10; i++) lines.push(`a${i}: &a${i} [${Array.from({ length: 9 }, () => `*a${i - 1}`).join(", ")}]`)
  const first = value !== null && typeof value === "object" && !Array.isArray(value) ? Object.keys(value)[0] ?? "x" : "x"
  return [...lines, `${first}: *a9`, ""].join("\n")
}

export const textMutations: ReadonlyArray<TextMutation> = [
  { name: "same, as JSON", expect: "same", json: true, apply: (_t, v) => utf8(JSON.stringify(v, null, 2)) },
  { name: "same, keys reordered", expect: "same", apply: (_t, v) => utf8(dump(v, { noRefs: true, sortKeys: true })) },
  { name: "same, flow style", expect: "same", apply: (_t, v) => utf8(dump(v, { noRefs: true, flowLevel: 1 })) },
  { name: "same, comments added", expect: "same", apply: (t) => utf8(`# a comment\n${t.replaceAll("\n\n", "\n\n# another\n")}\n# the end\n`) },
  {
    name: "truncated mid-line",
    expect: "either",
    apply: (t, _v, random) => {
      // cut inside a line (not at its end): usually a broken document, sometimes a shorter valid one
      const bytes = utf8(t)
      return bytes.subarray(0, 1 + random.int(Math.max(1, bytes.length - 1)))
    }
  },
  {
    name: "truncated at a line end",
    expect: "either",
    apply: (t, _v, random) => {
      const ends = [...t.matchAll(/\n/g)].map((m) => m.index!)
      return utf8(ends.length === 0 ? "" : t.slice(0, random.pick(ends) + 1))
    }
  },
  {
    name: "invalid UTF-8",
    expect: "refuse",
    apply: (t, _v, random) => {
      const bytes = utf8(t)
      const at = random.int(bytes.length + 1)
      const bad = random.pick([[0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xe6, 0xbc]])
      return Uint8Array.from([...bytes.subarray(0, at), ...bad, ...bytes.subarray(at)])
    }
  },
  {
    name: "one byte changed",
    expect: "either",
    apply: (t, _v, random) => {
      const bytes = Uint8Array.from(utf8(t))
      const at = random.int(bytes.length)
      bytes[at] = random.pick([0x20, 0x3a, 0x2d, 0x5b, 0x7b, 0x22, 0x27, 0x26, 0x2a, 0x21, 0x0a, 0x30, 0x61, 0x7c, 0x3e, 0x09])
      return bytes
    }
  },
  { name: "empty file", expect: "refuse", apply: () => new Uint8Array(0) },
  { name: "blank file", expect: "refuse", apply: () => utf8("\n  \n\t\n") },
  { name: "alias bomb", expect: "refuse", apply: (_t, v) => utf8(aliasBomb(v)) },
  { name: "alias cycle", expect: "refuse", apply: () => utf8("version: &v [1, *v]\n") },
  { name: "deep YAML", expect: "refuse", apply: (_t, _v, random) => utf8(`x: ${"[".repeat(random.pick([101, 5_000, 30_000]))}`) },
  { name: "huge scalar", expect: "refuse", apply: () => utf8(`name: ${"x".repeat(4 * 1024 * 1024)}\n`) },
  { name: "not a mapping", expect: "refuse", apply: (_t, _v, random) => utf8(random.pick(["[1, 2]\n", "42\n", "just text\n", "null\n", "- a\n- b\n"])) }
]
