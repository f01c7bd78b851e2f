/**
 * Property tests for the estate and scenario document decoders (untrusted input: any file a user names).
 * STYLE.md: random input never throws past a decoder — it returns InputInvalid, and every issue renders as
 * one line `FILE:PATH: expected …, got …` (README "bad input → one line, exit 2"). Inputs: random text,
 * random JSON values rendered as YAML and JSON, and the small fixtures with one value replaced or one key
 * added at a random place. Seeded and bounded so CI is deterministic.
 */
import { readFileSync } from "node:fs"
import { Result } from "effect"
import fc from "fast-check"
import { dump, load } from "js-yaml"
import { describe, expect, it } from "vitest"
import { type InputInvalid, renderInputInvalid } from "../../topology/input-issue.ts"
import { parseEstate } from "../../topology/load.ts"
import { parseScenario } from "../../scenarios/load.ts"

const runs = { seed: 1414, numRuns: 200 }

type Decoder = (file: string, text: string) => Result.Result<unknown, InputInvalid>
const decoders: ReadonlyArray<readonly [string, Decoder]> = [["estate", parseEstate], ["scenario", parseScenario]]

const estateText = readFileSync(new URL("./fixtures/tiny-estate.yaml", import.meta.url), "utf8")
const scenarioText = readFileSync(new URL("../scenarios/fixtures/short-pass.yaml", import.meta.url), "utf8")

/** Decodes; the only failure allowed is InputInvalid whose every line is `FILE:[PATH:] expected …, got …`. */
const check = (decode: Decoder, file: string, text: string): Result.Result<unknown, InputInvalid> => {
  const r = decode(file, text)
  expect(Result.isResult(r)).toBe(true)
  if (Result.isFailure(r)) {
    expect(r.failure._tag).toBe("InputInvalid")
    const lines = renderInputInvalid(r.failure)
    expect(lines.length).toBeGreaterThan(0)
    for (const line of lines) {
      expect(line).not.toMatch(/[\n\r\u0085\u2028\u2029]/)
      expect(line.startsWith(`${file}:`)).toBe(true)
      expect(line).toMatch(/ expected .+, got /)
    }
  }
  return r
}

/** Text with what breaks lines or paths: newlines, CR, tab, U+0085, U+2028/9, quotes, dots, brackets. */
const awkward = fc.string({
  unit: fc.constantFrom("a", ".", "[", "]", "0", ":", " ", "\n", "\r", "\t", "\u0085", "\u2028", "\u2029", "\"", "#", "é"),
  maxLength: 6
})
const key = fc.oneof(
  fc.constantFrom("id", "kind", "name", "nodes", "links", "sites", "phases", "steps", "at", "seed", "calendar", "version", "__proto__", "constructor"),
  fc.string({ unit: "grapheme", maxLength: 8 }),
  awkward
)
const jsonValue = fc.oneof(fc.jsonValue({ maxDepth: 3 }), awkward)

describe.each(decoders)("%s document decoder properties", (_, decode) => {
  it("random text, as .yaml or .json, never throws and fails in one-line issues", () => {
    const text = fc.oneof(
      fc.string({ unit: "binary", maxLength: 80 }),
      fc.string({ unit: fc.constantFrom("{", "}", "[", "]", "-", ":", " ", "\n", "\"", "'", "&a", "*a", "!!", "#", "? ", "|", ">", "1", "x"), maxLength: 60 }),
      fc.integer({ min: 1, max: 1_000 }).map((d) => `${"[".repeat(d)}${"]".repeat(d)}`),
      fc.integer({ min: 1, max: 1_000 }).map((d) => `${"{a: ".repeat(d)}1${"}".repeat(d)}`)
    )
    fc.assert(
      fc.property(text, fc.constantFrom("doc.yaml", "doc.json", "DOC.JSON"), (t, file) => void check(decode, file, t)),
      runs
    )
  })

  it("random JSON values rendered as YAML and as JSON never throw and fail in one-line issues", () => {
    const value = fc.oneof(jsonValue, fc.dictionary(key, jsonValue, { maxKeys: 6 }))
    fc.assert(
      fc.property(value, (v) => {
        check(decode, "doc.json", JSON.stringify(v))
        check(decode, "doc.yaml", dump(v))
      }),
      runs
    )
  })
})

type Json = null | boolean | number | string | Array<Json> | { [k: string]: Json }

/** Every path to a value inside `doc` (the root excluded). */
const pathsOf = (doc: Json, at: ReadonlyArray<string | number> = []): Array<ReadonlyArray<string | number>> => {
  if (doc === null || typeof doc !== "object") return []
  const entries: Array<[string | number, Json]> = Array.isArray(doc) ? doc.map((v, i) => [i, v]) : Object.entries(doc)
  return entries.flatMap(([k, v]) => [[...at, k], ...pathsOf(v, [...at, k])])
}

/** A copy of `doc` with the value at `path` replaced by `f(old)`. */
const updateAt = (doc: Json, path: ReadonlyArray<string | number>, f: (old: Json) => Json): Json => {
  if (path.length === 0) return f(doc)
  const [head, ...rest] = path
  if (Array.isArray(doc)) return doc.map((v, i) => (i === head ? updateAt(v, rest, f) : v))
  const obj = doc as { [k: string]: Json }
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, k === head ? updateAt(v, rest, f) : v]))
}

const mutations = (doc: Json) => {
  const paths = pathsOf(doc)
  const path = fc.constantFrom(...paths)
  return fc.oneof(
    // one value replaced by anything
    fc.tuple(path, jsonValue).map(([p, v]) => updateAt(doc, p, () => v as Json)),
    // one key added where an object is (unknown keys are errors, with any spelling of the key)
    fc.tuple(fc.constantFrom([], ...paths), key, jsonValue).map(([p, k, v]) =>
      updateAt(doc, p, (old) => (old !== null && typeof old === "object" && !Array.isArray(old) ? { ...old, [k]: v as Json } : old))
    ),
    // one value removed from its object or list
    path.map((p) =>
      updateAt(doc, p.slice(0, -1), (parent) =>
        Array.isArray(parent) ? parent.filter((_, i) => i !== p.at(-1)) : Object.fromEntries(Object.entries(parent as object).filter(([k]) => k !== p.at(-1)))
      )
    )
  )
}

describe("issue lines stay one line whatever the keys and values (cases found by the properties below)", () => {
  it("a key with a newline, an empty key and a U+2028 key are quoted in the path; a U+2028 in a value is escaped", () => {
    // `{"a\nb": 1}` used to render as `e.json:a` + newline + `b: expected no such field, got 1` (two lines)
    const doc = load(estateText) as { sites: Array<object> }
    const text = JSON.stringify({ ...doc, "a\nb": 1, "": 2, sites: [{ ...doc.sites[0], "\u2028": "x\u2029" }, ...doc.sites.slice(1)] })
    const r = parseEstate("e.json", text)
    expect(Result.isFailure(r) && renderInputInvalid(r.failure)).toEqual([
      'e.json:["a\\nb"]: expected no such field, got 1',
      'e.json:[""]: expected no such field, got 2',
      'e.json:sites[0]["\\u2028"]: expected no such field, got "x\\u2029"'
    ])
  })

  it("a key with a space, a colon or a dot is quoted too: the path reads as one path (found by the fuzz corpus)", () => {
    // a key "la encyUs" (one byte of latencyUs changed) printed as `links[0].la encyUs: expected …`
    const doc = load(estateText) as { sites: Array<object> }
    const text = JSON.stringify({ ...doc, sites: [{ ...doc.sites[0], "la encyUs": 2, "a: b": 3, "x.y": 4, "plain_key-2$": 5 }, ...doc.sites.slice(1)] })
    const r = parseEstate("e.json", text)
    expect(Result.isFailure(r) && renderInputInvalid(r.failure)).toEqual([
      'e.json:sites[0]["la encyUs"]: expected no such field, got 2',
      'e.json:sites[0]["a: b"]: expected no such field, got 3',
      'e.json:sites[0]["x.y"]: expected no such field, got 4',
      "e.json:sites[0].plain_key-2$: expected no such field, got 5"
    ])
  })
})

describe.each([
  ["estate (tiny-estate.yaml)", parseEstate as Decoder, estateText],
  ["scenario (short-pass.yaml)", parseScenario as Decoder, scenarioText]
] as const)("%s with one random change", (_, decode, text) => {
  const doc = load(text) as Json

  it("the fixture itself decodes, from YAML and from its JSON rendering, to the same value (decode ∘ encode = id)", () => {
    const fromYaml = check(decode, "fixture.yaml", text)
    const fromJson = check(decode, "fixture.json", JSON.stringify(doc))
    expect(Result.isSuccess(fromYaml) && Result.isSuccess(fromJson)).toBe(true)
    if (Result.isSuccess(fromYaml) && Result.isSuccess(fromJson)) {
      expect(fromJson.success).toEqual(fromYaml.success)
      // the decoded value, written out again, decodes to itself
      const again = check(decode, "again.json", JSON.stringify(fromYaml.success))
      expect(Result.isSuccess(again) && again.success).toEqual(fromYaml.success)
    }
  })

  it("never throws and every issue is one line naming the file", () => {
    fc.assert(
      fc.property(mutations(doc), (changed) => {
        check(decode, "changed.yaml", dump(changed))
        check(decode, "changed.json", JSON.stringify(changed))
      }),
      runs
    )
  })
})
