/**
 * The endpoint's OTP-C application: a market order (40=1) has no price, so its Execution Reports carry no
 * Price (44) — FIX gives Price to the OrdTypes that have one — while its fill still says LastPx (31).
 */
import { describe, expect, it } from "vitest"
import { seconds } from "../../../../../twin/engine/time.ts"
import type { Field } from "../../../../../twin/wire/ocg/codec/frame.ts"
import type { FixMessage } from "../../../../../twin/wire/ocg/codec/message.ts"
import { OtpcApplication } from "../../../../../twin/wire/ocg/session/application.ts"

const order = (seq: number, fields: ReadonlyArray<Field>): FixMessage => ({
  msgType: "D", seq, sender: "CO00001", target: "HKEXOCG", possDup: false, possResend: false, sendingTime: 0, fields: [[35, "D"], ...fields]
})
const get = (body: ReadonlyArray<Field>, ...tags: Array<number>) => tags.map((t) => body.find(([x]) => x === t)?.[1])

describe("OtpcApplication", () => {
  it("a market order's acknowledgement and fill carry no Price (44); the fill carries LastPx (31) and LastQty (32)", () => {
    const app = new OtpcApplication(seconds(30), () => "20261205-01:30:00.000")
    // A market order sent with a price anyway: the price means nothing for it and is not echoed.
    const answer = app.onMessage("CO00001", order(2, [[11, "1"], [48, "700"], [54, "1"], [38, "1000"], [40, "1"], [44, "99"]]), 0)
    const ack = answer._tag === "reports" ? answer.bodies[0]! : []
    expect(get(ack, 150, 39, 44, 6)).toEqual(["0", "0", undefined, "0"])
    const [fill] = app.due(seconds(30))
    // The twin's OTP-C has no market price: LastPx and AvgPx are 0.
    expect(get(fill!.body, 150, 39, 44, 31, 32, 6)).toEqual(["F", "2", undefined, "0", "1000", "0"])
  })

  it("a limit order's reports keep its Price", () => {
    const app = new OtpcApplication(seconds(30), () => "20261205-01:30:00.000")
    const answer = app.onMessage("CO00001", order(2, [[11, "1"], [48, "700"], [54, "1"], [38, "1000"], [40, "2"], [44, "100.5"]]), 0)
    expect(get(answer._tag === "reports" ? answer.bodies[0]! : [], 150, 44)).toEqual(["0", "100.5"])
    expect(get(app.due(seconds(30))[0]!.body, 150, 44, 31, 6)).toEqual(["F", "100.5", "100.5", "100.5"])
  })
})
