import { describe, expect, it } from "vitest"
import { decodeServerMessage, heldNote, onEvents } from "../../../viewer/src/live/protocol.ts"

const start = { t: 0, kind: "trace.start", subject: "twin", data: {} }
const health = { t: 5, kind: "health", subject: "P1", data: {} }

describe("live protocol, client side", () => {
  it("appends a batch that starts where the client is, resyncs otherwise", () => {
    expect(onEvents(0, 0, start)).toBe("append")
    expect(onEvents(120, 120, health)).toBe("append")
    expect(onEvents(120, 100, health)).toBe("resync") // overlap: ask again from 120
    expect(onEvents(120, 140, health)).toBe("resync") // a gap
    expect(onEvents(120, 0, start)).toBe("reset") // the server started over
  })

  it("reads frames; a frame that is not a message is reported, not thrown", () => {
    expect(decodeServerMessage('{"type":"ack","ref":"c1","detail":"ok"}')).toEqual({ type: "ack", ref: "c1", detail: "ok" })
    expect(decodeServerMessage("nope")).toBe('live: expected a JSON message, got "nope"')
    expect(decodeServerMessage("[1]")).toBe("live: expected a message with a type")
    expect(decodeServerMessage('{"type":"events","from":0}')).toBe("live: expected events with from and an events array")
  })

  it("says the speed held beside the speed asked when the world falls short by more than 5 %", () => {
    const clock = { type: "clock" as const, t: 0, speed: 1000, paused: false, lagMs: 2000 }
    expect(heldNote({ ...clock, held: 552.4 })).toBe("×552 of ×1000")
    // Keeping pace within 5 % (a tick's wobble), paused, or not measured yet: nothing to add.
    expect(heldNote({ ...clock, held: 950 })).toBeUndefined()
    expect(heldNote({ ...clock, held: 552.4, paused: true })).toBeUndefined()
    expect(heldNote(clock)).toBeUndefined()
    // Under ×10 a tenth is worth showing.
    expect(heldNote({ ...clock, speed: 5, held: 2.5 })).toBe("×2.5 of ×5")
  })
})
