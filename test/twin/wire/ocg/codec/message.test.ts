/**
 * The header checks of `readMessage` (FIX session test cases 14.b, 14.f, 14.g, 14.h): each wrong message is named
 * by its tag and the SessionRejectReason (373) its Reject carries.
 */
import { describe, expect, it } from "vitest"
import { type Field, type FixFrame } from "../../../../../twin/wire/ocg/codec/frame.ts"
import { FixHeaderError, readMessage } from "../../../../../twin/wire/ocg/codec/message.ts"

const frame = (fields: ReadonlyArray<Field>): FixFrame => ({ beginString: "FIXT.1.1", fields, size: 0 })
const header = (msgType: string, sendingTime: ReadonlyArray<Field> = [[52, "20261205-01:30:00.000"]]): Array<Field> => [[35, msgType], [49, "CO00001"], [56, "HKEXOCG"], [34, "7"], ...sendingTime]
const verdict = (fields: ReadonlyArray<Field>) => {
  const m = readMessage(frame(fields))
  return m instanceof FixHeaderError ? [m.tag, m.reason, m.seq] : "accepted"
}

describe("readMessage", () => {
  it("reads SendingTime (52) as an instant", () => {
    const m = readMessage(frame([...header("0"), [112, "x"]]))
    expect(m instanceof FixHeaderError ? m.message : m.sendingTime).toBe(Date.UTC(2026, 11, 5, 1, 30))
  })

  it("a message without SendingTime: 373=1 (required tag missing), naming 52 and the message's number", () => {
    expect(verdict([...header("1", []), [112, "x"]])).toEqual([52, 1, 7])
  })

  it("a SendingTime that is not a UTCTimestamp: 373=6 (incorrect data format)", () => {
    expect(verdict([...header("1", [[52, "yesterday"]]), [112, "x"]])).toEqual([52, 6, 7])
  })

  it("a tag the endpoint reads given twice: 373=13 (tag appears more than once), in the header or the body", () => {
    expect(verdict([...header("1"), [112, "D1"], [112, "D2"]])).toEqual([112, 13, 7])
    expect(verdict([...header("1"), [34, "8"], [112, "x"]])).toEqual([34, 13, 7])
    expect(verdict([...header("D"), [11, "1"], [54, "1"], [38, "100"], [40, "1"], [48, "700"], [11, "2"]])).toEqual([11, 13, 7])
  })

  it("a header tag after a body tag: 373=14 (tag specified out of required order) naming it, as FIX test case 14.g's all-body-first New Order", () => {
    const body: Array<Field> = [[11, "id"], [54, "1"], [38, "100"], [40, "1"], [48, "700"]]
    expect(verdict([[35, "D"], ...body, [34, "2"], [49, "CO00001"], [52, "20261205-01:30:00.000"], [56, "HKEXOCG"]])).toEqual([34, 14, 2])
    expect(verdict([...header("D"), [11, "id"], [43, "Y"], [54, "1"]])).toEqual([43, 14, 7])
    // Header fields in any order among themselves are fine (FIX test case 15).
    expect(verdict([[35, "0"], [52, "20261205-01:30:00.000"], [34, "7"], [56, "HKEXOCG"], [49, "CO00001"], [112, "x"]])).toBe("accepted")
  })

  it("a repeating group's members may repeat: two parties in a New Order Single are accepted", () => {
    const parties: Array<Field> = [[453, "2"], [448, "1234"], [447, "D"], [452, "1"], [448, "5678"], [447, "D"], [452, "12"]]
    expect(verdict([...header("D"), [11, "1"], [54, "1"], [38, "100"], [40, "1"], [48, "700"], ...parties])).toBe("accepted")
  })
})
