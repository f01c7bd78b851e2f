import { Result } from "effect"
import { describe, expect, it } from "vitest"
import type * as Live from "../../../twin/contract/live-protocol.ts"
import { decodeClientMessage, EndFault, Hello, Inject, Move, Pause, Resume, SetSpeed, StartPhase } from "../../../twin/serve/protocol.ts"

// The server's Schema decoders and the contract's message types are two descriptions of one protocol. The
// type check below fails to compile (npx tsc --noEmit) as soon as they differ in either direction: a field
// added, dropped, renamed, made optional, or of another type on one side only — the drift that once gave
// the viewer a `ref` of type string while the server sent numbers too.

/**
 * `true` when A and B are assignable both ways and have the same keys (an optional field on one side only
 * passes assignability both ways, not the keys). Readonly modifiers aside: decoded values are fresh.
 */
type Both<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
type Same<A, B> = Both<A, B> extends true ? Both<keyof A, keyof B> : false

const agree: {
  readonly hello: Same<typeof Hello.Type, Live.Hello>
  readonly inject: Same<typeof Inject.Type, Live.Inject>
  readonly endFault: Same<typeof EndFault.Type, Live.EndFault>
  readonly phase: Same<typeof StartPhase.Type, Live.StartPhase>
  readonly move: Same<typeof Move.Type, Live.Move>
  readonly speed: Same<typeof SetSpeed.Type, Live.SetSpeed>
  readonly pause: Same<typeof Pause.Type, Live.Pause>
  readonly resume: Same<typeof Resume.Type, Live.Resume>
} = { hello: true, inject: true, endFault: true, phase: true, move: true, speed: true, pause: true, resume: true }

describe("the live protocol's decoders and the contract", () => {
  it("declare the same eight client messages", () => {
    expect(Object.keys(agree)).toEqual(["hello", "inject", "endFault", "phase", "move", "speed", "pause", "resume"])
  })

  it("decode a frame to the contract's message, ref a number or a string as sent", () => {
    // Values written as the contract types them: what the decoder gives must be exactly these objects.
    const inject: Live.Inject = { type: "inject", fault: { kind: "node-down", node: "core-dc1-a", nested: [1, null, { on: true }] }, for: "5m", id: "f1", ref: 7 }
    const move: Live.Move = { type: "move", units: ["u1", "u2"], back: true, token: "T", ref: "c3" }
    expect(decodeClientMessage(JSON.stringify(inject))).toEqual(Result.succeed(inject))
    expect(decodeClientMessage(JSON.stringify(move))).toEqual(Result.succeed(move))
  })
})
