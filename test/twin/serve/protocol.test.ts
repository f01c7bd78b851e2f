import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { decodeClientMessage, eventsFrame, MAX_FRAME_CHARS } from "../../../twin/serve/protocol.ts"

const ok = (message: unknown) => {
  const r = decodeClientMessage(JSON.stringify(message))
  if (Result.isFailure(r)) throw new Error(`refused: ${r.failure.message}`)
  return r.success
}
const refused = (text: string) => {
  const r = decodeClientMessage(text)
  if (Result.isSuccess(r)) throw new Error(`accepted: ${text}`)
  return r.failure
}

describe("live protocol: client messages", () => {
  it("decodes each message type as the contract writes it", () => {
    expect(ok({ type: "hello", have: 0 })).toEqual({ type: "hello", have: 0 })
    expect(ok({ type: "hello", have: 120, token: "t0ken-123" })).toEqual({ type: "hello", have: 120, token: "t0ken-123" })
    expect(ok({ type: "inject", fault: { kind: "link-down", link: "L1" }, for: "5m", id: "cut-1", token: "k", ref: 7 })).toEqual({
      type: "inject",
      fault: { kind: "link-down", link: "L1" },
      for: "5m",
      id: "cut-1",
      token: "k",
      ref: 7
    })
    expect(ok({ type: "end-fault", id: "live-1", token: "k" })).toEqual({ type: "end-fault", id: "live-1", token: "k" })
    expect(ok({ type: "phase", phase: "plane-b", token: "k", ref: "a" })).toEqual({ type: "phase", phase: "plane-b", token: "k", ref: "a" })
    expect(ok({ type: "move", units: ["access-dc1-b"], back: true, token: "k" })).toEqual({ type: "move", units: ["access-dc1-b"], back: true, token: "k" })
    expect(ok({ type: "speed", speed: 1000, token: "k" })).toEqual({ type: "speed", speed: 1000, token: "k" })
    expect(ok({ type: "pause", token: "k" })).toEqual({ type: "pause", token: "k" })
    expect(ok({ type: "resume" })).toEqual({ type: "resume" })
  })

  it("refuses text that is not a JSON object of a known type, in one line", () => {
    expect(refused("not json")).toEqual({ message: "message: expected JSON, got text that does not parse" })
    expect(refused("[1,2]")).toEqual({ message: 'message: expected a JSON object with a "type", got an array' })
    expect(refused("42")).toEqual({ message: 'message: expected a JSON object with a "type", got 42' })
    expect(refused(JSON.stringify({ type: "explode", ref: 3 }))).toEqual({
      message: 'type: expected one of hello, inject, end-fault, phase, move, speed, pause, resume, got "explode"',
      ref: 3
    })
    expect(refused(JSON.stringify({ have: 0 })).message).toBe("type: expected one of hello, inject, end-fault, phase, move, speed, pause, resume, got nothing")
  })

  it("refuses a key given twice instead of keeping the last (speed 5000 then 5 was acknowledged as 5×)", () => {
    expect(refused('{"type":"speed","speed":5000,"speed":5,"token":"k","ref":4}')).toEqual({
      message: 'speed: expected each key once in an object, got "speed" again at 1:30 (first at 1:17)',
      ref: 4
    })
    expect(refused('{"type":"inject","fault":{"kind":"link-down","link":"L1","link":"L2"}}').message).toBe(
      'fault.link: expected each key once in an object, got "link" again at 1:58 (first at 1:46)'
    )
  })

  it("refuses a type named after an Object.prototype member instead of throwing (found by protocol.property.test.ts)", () => {
    // byType["toString"] used to find Object.prototype.toString and hand it to Schema, which threw a TypeError
    expect(refused('{"type":"toString","ref":9}')).toEqual({
      message: 'type: expected one of hello, inject, end-fault, phase, move, speed, pause, resume, got "toString"',
      ref: 9
    })
    expect(refused('{"type":"__proto__"}').message).toBe('type: expected one of hello, inject, end-fault, phase, move, speed, pause, resume, got "__proto__"')
    expect(refused('{"type":"constructor"}').message).toBe('type: expected one of hello, inject, end-fault, phase, move, speed, pause, resume, got "constructor"')
  })

  it("refuses wrong fields with their path and keeps the ref for the reply", () => {
    expect(refused(JSON.stringify({ type: "hello", have: -1 })).message).toBe("have: expected a count of events, 0 or more, got -1")
    expect(refused(JSON.stringify({ type: "speed", speed: 0, token: "k", ref: "s1" }))).toEqual({
      message: "speed: expected a speed from 1 to 1000, got 0",
      ref: "s1"
    })
    expect(refused(JSON.stringify({ type: "speed", speed: 1001 })).message).toBe("speed: expected a speed from 1 to 1000, got 1001")
    expect(refused(JSON.stringify({ type: "move", units: [] })).message).toBe("units: expected at least one unit, got []")
    expect(refused(JSON.stringify({ type: "inject", fault: "link-down" })).message).toMatch(/^fault: expected /)
    expect(refused(JSON.stringify({ type: "inject", fault: {}, id: "no spaces" })).message).toBe(
      `id: expected an id of letters, digits, '.', '_' or '-', got "no spaces"`
    )
    expect(refused(JSON.stringify({ type: "pause", extra: 1 })).message).toMatch(/^extra: /)
  })

  it("refuses a frame over the size limit before parsing it", () => {
    const big = JSON.stringify({ type: "hello", have: 0, token: "x".repeat(MAX_FRAME_CHARS) })
    expect(refused(big).message).toBe(`message: expected at most ${MAX_FRAME_CHARS} characters, got ${big.length}`)
  })
})

describe("live protocol: events frames", () => {
  it("joins already-encoded trace lines into one frame that parses back", () => {
    const frame = eventsFrame(12, ['{"t":1,"kind":"a","subject":"s","data":{}}', '{"t":2,"kind":"b","subject":"s","data":{"x":1}}'])
    expect(JSON.parse(frame)).toEqual({
      type: "events",
      from: 12,
      events: [{ t: 1, kind: "a", subject: "s", data: {} }, { t: 2, kind: "b", subject: "s", data: { x: 1 } }]
    })
  })
})
