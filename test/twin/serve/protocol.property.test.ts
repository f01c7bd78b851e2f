/**
 * Property tests for the live protocol's decoders (untrusted input: any frame a WebSocket client sends, and
 * on the viewer's side any frame a server sends). STYLE.md: decode ∘ encode = id; random input never
 * throws — the client decoder returns a Result whose failure is one line, the viewer's returns a string.
 * Seeded and bounded so CI is deterministic.
 */
import { Result } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { type ClientMessage, decodeClientMessage, eventsFrame, MAX_FRAME_CHARS, MAX_SPEED, MIN_SPEED } from "../../../twin/serve/protocol.ts"
import { encodeTraceEvent } from "../../../twin/engine/trace.ts"
import type { TraceValue } from "../../../twin/contract/trace-value.ts"
import { decodeServerMessage, type ServerMessage } from "../../../viewer/src/live/protocol.ts"

const runs = { seed: 1414, numRuns: 200 }

const text = fc.string({ unit: "grapheme", maxLength: 10 })
/** JSON values as JSON.parse returns them (no -0, no undefined). */
const jsonValue = fc.jsonValue({ maxDepth: 3 }).map((v): TraceValue => JSON.parse(JSON.stringify(v)))
const faultId = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,8}$/)

/** Optional `token` and `ref`, present or absent (absent means no key at all: excess/missing keys matter). */
const common = fc.record(
  { token: text, ref: fc.oneof(text, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => JSON.parse(JSON.stringify(d)) as number)) },
  { requiredKeys: [] }
)

const clientMessage: fc.Arbitrary<ClientMessage> = fc.oneof(
  fc.record({ type: fc.constant("hello" as const), have: fc.nat() }, { requiredKeys: ["type", "have"] }).chain((m) =>
    fc.record({ token: text }, { requiredKeys: [] }).map((o) => ({ ...m, ...o }))
  ),
  fc.tuple(
    fc.record(
      {
        type: fc.constant("inject" as const),
        fault: fc.dictionary(text.filter((k) => k !== "__proto__"), jsonValue, { maxKeys: 4 }).map((d) => ({ ...d })),
        for: text,
        id: faultId
      },
      { requiredKeys: ["type", "fault"] }
    ),
    common
  ).map(([m, o]) => ({ ...m, ...o })),
  fc.tuple(fc.record({ type: fc.constant("end-fault" as const), id: text }), common).map(([m, o]) => ({ ...m, ...o })),
  fc.tuple(fc.record({ type: fc.constant("phase" as const), phase: text }), common).map(([m, o]) => ({ ...m, ...o })),
  fc.tuple(
    fc.record({ type: fc.constant("move" as const), units: fc.array(text, { minLength: 1, maxLength: 4 }), back: fc.boolean() }, {
      requiredKeys: ["type", "units"]
    }),
    common
  ).map(([m, o]) => ({ ...m, ...o })),
  fc.tuple(
    fc.record({ type: fc.constant("speed" as const), speed: fc.oneof(fc.integer({ min: MIN_SPEED, max: MAX_SPEED }), fc.double({ min: MIN_SPEED, max: MAX_SPEED, noNaN: true })) }),
    common
  ).map(([m, o]) => ({ ...m, ...o })),
  fc.tuple(fc.record({ type: fc.constantFrom("pause" as const, "resume" as const) }), common).map(([m, o]) => ({ ...m, ...o }))
)

/** Runs the decoder: it must return, never throw. */
const decode = (frame: string) => {
  const r = decodeClientMessage(frame)
  expect(Result.isResult(r)).toBe(true)
  if (Result.isFailure(r)) {
    expect(r.failure.message).not.toMatch(/[\n\r]/)
    expect(r.failure.message).toMatch(/^[^:]+: expected .+, got /)
  }
  return r
}

describe("live client-message decoder properties", () => {
  it("decode ∘ JSON.stringify = id for every valid client message", () => {
    fc.assert(
      fc.property(clientMessage, (m) => {
        const r = decode(JSON.stringify(m))
        if (Result.isFailure(r)) throw new Error(`refused ${JSON.stringify(m)}: ${r.failure.message}`)
        expect(r.success).toEqual(m)
      }),
      runs
    )
  })

  it("arbitrary text never throws: a message or one line `PATH: expected …, got …`", () => {
    const frames = fc.oneof(
      fc.string({ unit: "binary", maxLength: 80 }),
      fc.string({ unit: fc.constantFrom("{", "}", "[", "]", "\"", ":", ",", "\n", "1", "-", "e", "type", "hello", "inject"), maxLength: 40 }),
      fc.json({ maxDepth: 4 })
    )
    fc.assert(fc.property(frames, (f) => void decode(f)), runs)
  })

  it("arbitrary JSON objects, with a known type or not, never throw, and a readable ref comes back with the refusal", () => {
    const type = fc.oneof(fc.constantFrom("hello", "inject", "end-fault", "phase", "move", "speed", "pause", "resume", "toString", "__proto__", "constructor"), text, jsonValue)
    const keys = fc.constantFrom("have", "fault", "for", "id", "phase", "units", "back", "speed", "token", "ref", "kind", "__proto__", "constructor")
    const object = fc.tuple(type, fc.dictionary(fc.oneof(keys, text), jsonValue, { maxKeys: 5 })).map(([t, rest]) => ({ ...rest, type: t }))
    fc.assert(
      fc.property(object, (o) => {
        const r = decode(JSON.stringify(o))
        const ref = (o as Record<string, unknown>).ref
        if (Result.isFailure(r) && (typeof ref === "string" || typeof ref === "number")) expect(r.failure.ref).toBe(ref)
      }),
      runs
    )
  })

  it("a frame over MAX_FRAME_CHARS is refused before parsing, whatever it holds", () => {
    fc.assert(
      fc.property(fc.nat({ max: 100 }), fc.string({ maxLength: 5 }), (extra, tail) => {
        const frame = `{"type":"pause","token":"${"x".repeat(MAX_FRAME_CHARS + extra)}"}${tail}`
        const r = decode(frame)
        expect(Result.isFailure(r) && r.failure.message).toBe(`message: expected at most ${MAX_FRAME_CHARS} characters, got ${frame.length}`)
      }),
      { ...runs, numRuns: 20 }
    )
  })
})

describe("viewer server-message decoder properties", () => {
  const event = fc.record({
    t: fc.nat(),
    kind: text,
    subject: text,
    data: fc.dictionary(text, jsonValue, { maxKeys: 3 }).map((d) => JSON.parse(JSON.stringify(d)) as Record<string, never>)
  })
  const serverMessage: fc.Arbitrary<ServerMessage> = fc.oneof(
    fc.record(
      { type: fc.constant("clock" as const), t: fc.nat(), speed: fc.integer({ min: 1, max: 1000 }), paused: fc.boolean(), lagMs: fc.nat(), held: fc.integer({ min: 0, max: 10_000 }).map((x) => x / 10) },
      { requiredKeys: ["type", "t", "speed", "paused", "lagMs"] }
    ),
    fc.record({ type: fc.constant("ack" as const), ref: text, detail: text }, { requiredKeys: ["type", "detail"] }),
    fc.record({ type: fc.constant("error" as const), ref: text, message: text }, { requiredKeys: ["type", "message"] }),
    fc.record({ type: fc.constant("end" as const), t: fc.nat() }),
    fc.record({
      type: fc.constant("welcome" as const),
      role: fc.constantFrom("instructor" as const, "trainee" as const),
      scenario: fc.constant(null),
      faultKinds: fc.array(fc.record({ kind: text, params: fc.array(text, { maxLength: 3 }), summary: text }), { maxLength: 2 }),
      units: fc.array(text, { maxLength: 3 }),
      speed: fc.integer({ min: 1, max: 1000 })
    })
  )

  it("decode ∘ JSON.stringify = id, and an events frame built by the server reads back as its events", () => {
    fc.assert(
      fc.property(serverMessage, fc.nat(), fc.array(event, { maxLength: 4 }), (m, from, events) => {
        expect(decodeServerMessage(JSON.stringify(m))).toEqual(m)
        expect(decodeServerMessage(eventsFrame(from, events.map(encodeTraceEvent)))).toEqual({ type: "events", from, events })
      }),
      runs
    )
  })

  it("arbitrary text never throws: a message with a string type, or a one-line `live: expected …` string", () => {
    const frames = fc.oneof(fc.string({ unit: "binary", maxLength: 80 }), fc.json({ maxDepth: 4 }), jsonValue.map((v) => JSON.stringify({ type: "events", from: v, events: v })))
    fc.assert(
      fc.property(frames, (f) => {
        const r = decodeServerMessage(f)
        if (typeof r === "string") expect(r).toMatch(/^live: expected [^\n\r]+$/)
        else expect(typeof r.type).toBe("string")
      }),
      runs
    )
  })
})
