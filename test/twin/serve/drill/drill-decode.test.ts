import { Result } from "effect"
import { describe, expect, it } from "vitest"
import type * as Drill from "../../../../twin/contract/drill-protocol.ts"
import {
  Act,
  decodeDrillMessage,
  Diagnose,
  DrillEndFault,
  DrillHello,
  DrillInject,
  DrillSpeed,
  EndDrill,
  Hint,
  PauseDrill,
  ResumeDrill,
  StartDrill
} from "../../../../twin/serve/drill/drill-decode.ts"

// The decoders and the contract's types are two descriptions of one protocol: this fails to compile
// (npx tsc --noEmit) as soon as they differ in a field, its optionality or its type.
type Both<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
type Same<A, B> = Both<A, B> extends true ? Both<keyof A, keyof B> : false

const agree: {
  readonly hello: Same<typeof DrillHello.Type, Drill.DrillHello>
  readonly diagnose: Same<typeof Diagnose.Type, Drill.Diagnose>
  readonly act: Same<typeof Act.Type, Drill.Act>
  readonly start: Same<typeof StartDrill.Type, Drill.StartDrill>
  readonly pause: Same<typeof PauseDrill.Type, Drill.PauseDrill>
  readonly resume: Same<typeof ResumeDrill.Type, Drill.ResumeDrill>
  readonly speed: Same<typeof DrillSpeed.Type, Drill.DrillSpeed>
  readonly inject: Same<typeof DrillInject.Type, Drill.DrillInject>
  readonly endFault: Same<typeof DrillEndFault.Type, Drill.DrillEndFault>
  readonly hint: Same<typeof Hint.Type, Drill.Hint>
  readonly endDrill: Same<typeof EndDrill.Type, Drill.EndDrill>
} = { hello: true, diagnose: true, act: true, start: true, pause: true, resume: true, speed: true, inject: true, endFault: true, hint: true, endDrill: true }

describe("the drill protocol's decoders", () => {
  it("declare the eleven client messages of the contract", () => {
    expect(Object.keys(agree)).toHaveLength(11)
  })

  it("decode a diagnosis and an action to exactly the contract's objects", () => {
    const diagnose: Drill.Diagnose = { type: "diagnose", element: "ocg-x", fault: "node-crash", participants: ["P0001", "P0002"], services: ["otp-c"], ref: 3 }
    const act: Drill.Act = { type: "act", action: "restart-service", target: "rts-x", ref: "a1" }
    const inject: Drill.DrillInject = { type: "inject", fault: { kind: "link-down", link: "L" }, for: "5m", token: "T" }
    expect(decodeDrillMessage(JSON.stringify(diagnose))).toEqual(Result.succeed(diagnose))
    expect(decodeDrillMessage(JSON.stringify(act))).toEqual(Result.succeed(act))
    expect(decodeDrillMessage(JSON.stringify(inject))).toEqual(Result.succeed(inject))
  })

  it("refuse bad frames with one line naming the field, and echo the ref", () => {
    expect(decodeDrillMessage("{")).toEqual(Result.fail({ message: "message: expected JSON, got text that does not parse" }))
    expect(decodeDrillMessage(JSON.stringify({ type: "act", action: "reboot-everything", target: "x", ref: 9 }))).toEqual(
      Result.fail({
        ref: 9,
        message: 'action: expected "roll-back-unit" | "fail-over-site" | "switch-carrier" | "restart-service" | "escalate-carrier", got "reboot-everything"'
      })
    )
    expect(decodeDrillMessage(JSON.stringify({ type: "__proto__" }))).toEqual(
      Result.fail({ message: 'type: expected one of hello, diagnose, act, start, pause, resume, speed, inject, end-fault, hint, end-drill, got "__proto__"' })
    )
    expect(decodeDrillMessage(JSON.stringify({ type: "hint", text: "", token: "T" }))).toEqual(Result.fail({ message: 'text: expected a hint, got ""' }))
    expect(decodeDrillMessage(JSON.stringify({ type: "start", extra: 1 }))).toEqual(Result.fail({ message: "extra: expected no such field, got 1" }))
  })
})
