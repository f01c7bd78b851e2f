/**
 * Property tests for the viewer's NDJSON trace parser (untrusted input: any file a user opens), against
 * the twin's encoder (STYLE.md: decode ∘ encode = id; random text never crashes a decoder — its only
 * failure is a TraceParseError naming the line, `FILE:LINE: expected …, got …`).
 * Seeded and bounded so CI is deterministic and each property runs in well under a second.
 */
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { encodeTraceEvent } from "../../../twin/engine/trace.ts"
import { NdjsonParser, parseTrace, TraceParseError } from "../../../viewer/src/trace/parse.ts"
import type { TraceEvent } from "../../../viewer/src/trace/types.ts"

const runs = { seed: 1414, numRuns: 200 }
const file = "day.ndjson"

/** A JSON value as it comes back from JSON.parse (no -0, no undefined), nested a few levels. */
const jsonValue = fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.parse(JSON.stringify(v)) as unknown)
/** Text with the characters an encoder must escape: quotes, backslashes, newlines, CR, unicode, lone surrogates. */
const awkwardText = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 12 }),
  fc.string({ unit: fc.constantFrom("\"", "\\", "\n", "\r", "\u2028", "\ud800", "é", "漢", "🚀", "a", " "), maxLength: 12 }),
  fc.string({ unit: "binary", maxLength: 12 })
)
const documentedKinds = ["trace.start", "trace.end", "node.state", "link.state", "service.health", "session.state", "fault.start", "fault.end"]

const traceEvent: fc.Arbitrary<TraceEvent> = fc.record({
  t: fc.oneof(fc.nat({ max: 86_400_000_000 }), fc.maxSafeNat()),
  kind: fc.oneof(fc.constantFrom(...documentedKinds), awkwardText),
  subject: awkwardText,
  data: fc.dictionary(awkwardText, jsonValue, { maxKeys: 5 }).map((d) => JSON.parse(JSON.stringify(d)) as TraceEvent["data"])
})

const ndjson = (events: ReadonlyArray<TraceEvent>): string => events.map((e) => `${encodeTraceEvent(e)}\n`).join("")

/** Runs the parser; a thrown TraceParseError is its typed failure, anything else escapes and fails the test. */
const attempt = (text: string): { readonly events: ReadonlyArray<TraceEvent> } | { readonly error: TraceParseError } => {
  try {
    return { events: parseTrace(file, text) }
  } catch (e) {
    if (e instanceof TraceParseError) return { error: e }
    throw e
  }
}

const oneLine = /^day\.ndjson:\d+: expected [^\n]+, got [^\n]*$/

describe("trace parser properties", () => {
  it("parse ∘ encode = id, whatever the events' strings and data", () => {
    fc.assert(
      fc.property(fc.array(traceEvent, { maxLength: 8 }), (events) => {
        expect(parseTrace(file, ndjson(events))).toEqual(events)
      }),
      runs
    )
  })

  it("the same events however the text is cut into chunks (CRLF line ends too)", () => {
    fc.assert(
      fc.property(fc.array(traceEvent, { minLength: 1, maxLength: 5 }), fc.array(fc.nat(), { maxLength: 4 }), fc.boolean(), (events, cuts, crlf) => {
        const text = crlf ? ndjson(events).replaceAll("\n", "\r\n") : ndjson(events)
        const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b)
        const p = new NdjsonParser(file)
        let from = 0
        for (const cut of at) {
          p.push(text.slice(from, cut))
          from = cut
        }
        p.push(text.slice(from))
        expect(p.end()).toEqual(events)
      }),
      runs
    )
  })

  it("arbitrary text never throws past the parser: events or one line FILE:LINE: expected …, got …", () => {
    const junk = fc.oneof(
      fc.string({ unit: "binary", maxLength: 60 }),
      fc.string({ unit: fc.constantFrom("{", "}", "[", "]", "\"", ":", ",", "\n", "\r", " ", "1", "e", "t", "-", "9"), maxLength: 60 }),
      fc.json({ maxDepth: 4 }),
      fc.array(fc.json({ maxDepth: 2 }), { maxLength: 4 }).map((ls) => ls.join("\n"))
    )
    fc.assert(
      fc.property(junk, (text) => {
        const r = attempt(text)
        if ("error" in r) expect(r.error.message).toMatch(oneLine)
        else for (const e of r.events) expect(Number.isInteger(e.t)).toBe(true)
      }),
      runs
    )
  })

  it("one bad line among valid ones (truncated, not JSON, huge or fractional t, deep nesting, wrong types) is named by its line number", () => {
    const truncated = traceEvent.chain((e) => {
      const line = encodeTraceEvent(e)
      return fc.integer({ min: 1, max: line.length - 1 }).map((n) => line.slice(0, n))
    })
    const depth = fc.integer({ min: 1, max: 2_000 })
    const bad = fc.oneof(
      truncated.filter((l) => l.trim() !== ""),
      fc.constantFrom(
        "not json",
        "{\"t\":1e400,\"kind\":\"a\",\"subject\":\"s\",\"data\":{}}",
        "{\"t\":1.5,\"kind\":\"a\",\"subject\":\"s\",\"data\":{}}",
        "{\"t\":\"1\",\"kind\":\"a\",\"subject\":\"s\",\"data\":{}}",
        "{\"t\":1,\"kind\":7,\"subject\":\"s\",\"data\":{}}",
        "{\"t\":1,\"kind\":\"a\",\"subject\":null,\"data\":{}}",
        "{\"t\":1,\"kind\":\"a\",\"subject\":\"s\",\"data\":[]}",
        "{\"t\":1,\"kind\":\"a\",\"subject\":\"s\"}",
        "[1,2,3]",
        "null",
        "\"a string\""
      ),
      depth.map((d) => `{"t":1,"kind":"a","subject":"s","data":{"x":${"[".repeat(d)}${"]".repeat(d - 1)}}}`),
      depth.map((d) => `${"[".repeat(d)}${"]".repeat(d)}`)
    )
    fc.assert(
      fc.property(fc.array(traceEvent, { maxLength: 4 }), bad, fc.array(traceEvent, { maxLength: 2 }), (before, line, after) => {
        const r = attempt(`${ndjson(before)}${line}\n${ndjson(after)}`)
        expect("error" in r).toBe(true)
        if ("error" in r) {
          expect(r.error.message).toMatch(oneLine)
          expect(r.error.line).toBe(before.length + 1)
          expect(r.error.message.startsWith(`${file}:${before.length + 1}: expected `)).toBe(true)
        }
      }),
      runs
    )
  })
})
