/**
 * FIX tag=value framing: BodyLength, CheckSum, and every way untrusted bytes can be wrong.
 */
import { describe, expect, it } from "vitest"
import { encodeFrame, FixFrameError, FrameReader, type FixFrame } from "../../../../../twin/wire/ocg/codec/frame.ts"

const S = "\x01"

describe("encodeFrame", () => {
  it("writes BodyLength and CheckSum as FIX defines them", () => {
    const bytes = encodeFrame("FIXT.1.1", [[35, "0"], [49, "A"], [56, "B"], [34, "1"]])
    // Body "35=0|49=A|56=B|34=1|" is 5+5+5+5 = 20 bytes; CheckSum is the byte sum of
    // "8=FIXT.1.1|9=20|" + body, modulo 256, computed here independently.
    const head = `8=FIXT.1.1${S}9=20${S}`
    const body = `35=0${S}49=A${S}56=B${S}34=1${S}`
    const sum = [...Buffer.from(head + body, "latin1")].reduce((a, b) => a + b, 0) % 256
    expect(bytes.toString("latin1")).toBe(`${head}${body}10=${String(sum).padStart(3, "0")}${S}`)
    expect(sum).toBe(203)
  })
})

const frames = (reader: FrameReader, bytes: string | Buffer): Array<FixFrame | FixFrameError> =>
  reader.push(typeof bytes === "string" ? Buffer.from(bytes, "latin1") : bytes)

describe("FrameReader", () => {
  const good = encodeFrame("FIXT.1.1", [[35, "0"], [49, "A"], [56, "B"], [34, "1"]])

  it("cuts frames split across chunks and joined in one", () => {
    const r = new FrameReader(1000)
    expect(frames(r, good.subarray(0, 7))).toEqual([])
    const both = Buffer.concat([good.subarray(7), good])
    const out = frames(r, both)
    expect(out).toHaveLength(2)
    expect((out[0] as FixFrame).fields).toEqual([[35, "0"], [49, "A"], [56, "B"], [34, "1"]])
    expect((out[1] as FixFrame).size).toBe(good.length)
  })

  it("a bad CheckSum is fatal, naming the offset of 10= and the sum expected", () => {
    const bad = Buffer.from(good)
    // Change the last checksum digit: 203 → 202.
    bad[bad.length - 2] = 0x32
    const [e] = frames(new FrameReader(1000), bad)
    expect(e).toBeInstanceOf(FixFrameError)
    const err = e as FixFrameError
    // "8=FIXT.1.1|9=20|" is 16 bytes, body 20: 10= starts at offset 36.
    expect([err.fatal, err.field, err.offset, err.expected, err.got]).toEqual([true, "CheckSum (10)", 36, "203 (sum of the bytes before it, modulo 256)", '"202"'])
  })

  it("a BodyLength that does not land on 10= is fatal", () => {
    const text = good.toString("latin1").replace("9=20", "9=19")
    const [e] = frames(new FrameReader(1000), text)
    const err = e as FixFrameError
    // 9= starts at offset 11 (after "8=FIXT.1.1|"); 19 body bytes land on "|10=203|".
    expect([err.fatal, err.field, err.offset]).toEqual([true, "BodyLength (9)", 11])
    expect(err.got).toBe('"|10=203|"')
  })

  it("a BodyLength that is not a number is fatal", () => {
    const [e] = frames(new FrameReader(1000), `8=FIXT.1.1${S}9=2x${S}35=0${S}`)
    expect([(e as FixFrameError).fatal, (e as FixFrameError).expected, (e as FixFrameError).got]).toEqual([true, "a decimal byte count", '"2x"'])
  })

  it("bytes that do not start with 8= are fatal and nothing after them is read", () => {
    const r = new FrameReader(1000)
    const out = frames(r, Buffer.concat([Buffer.from("GET / HTTP/1.1\r\n"), good]))
    expect(out).toHaveLength(1)
    expect([(out[0] as FixFrameError).field, (out[0] as FixFrameError).offset]).toEqual(["BeginString (8)", 0])
    expect(frames(r, good)).toEqual([])
  })

  it("a message larger than the limit is refused from its BodyLength, before its bytes arrive", () => {
    const [e] = frames(new FrameReader(100), `8=FIXT.1.1${S}9=5000${S}`)
    // 18 header bytes ("8=FIXT.1.1|" 11 + "9=5000|" 7) + 5000 + 7 ("10=nnn|") = 5025.
    expect([(e as FixFrameError).fatal, (e as FixFrameError).got]).toEqual([true, "5000 body bytes (5025 in all)"])
  })

  it("a garbled field inside a well-delimited frame is not fatal and carries the MsgSeqNum for a Reject, read past the garbled field", () => {
    const f = encodeFrame("FIXT.1.1", [[35, "D"], [49, "A"], [56, "B"], [34, "7"]])
    const text = f.toString("latin1").replace("56=B", "5x=B")
    // The CheckSum must match the garbled bytes for the frame to reach field parsing: re-encode by hand.
    const body = text.slice(text.indexOf("35="), text.indexOf("10="))
    const head = `8=FIXT.1.1${S}9=${body.length}${S}`
    const sum = [...Buffer.from(head + body, "latin1")].reduce((a, b) => a + b, 0) % 256
    const [e] = frames(new FrameReader(1000), `${head}${body}10=${String(sum).padStart(3, "0")}${S}`)
    const err = e as FixFrameError
    // "35=D|49=A|" is 10 bytes: the garbled field starts at 16 + 10 = 26. FIX 14.a: 373=0, invalid tag number.
    // MsgSeqNum 7 comes after it, as the standard header orders 49, 56, 34: still found for the Reject.
    expect([err.fatal, err.field, err.offset, err.seq, err.got, err.reason]).toEqual([false, "tag", 26, 7, '"5x=B"', 0])
  })

  it("a tag without a value is not fatal: FIX 14.d, 373=4 (tag specified without a value), naming the tag", () => {
    const body = `35=1${S}49=A${S}56=B${S}34=7${S}112=${S}`
    const head = `8=FIXT.1.1${S}9=${body.length}${S}`
    const sum = [...Buffer.from(head + body, "latin1")].reduce((a, b) => a + b, 0) % 256
    const [e] = frames(new FrameReader(1000), `${head}${body}10=${String(sum).padStart(3, "0")}${S}`)
    const err = e as FixFrameError
    expect([err.fatal, err.seq, err.refTag, err.reason]).toEqual([false, 7, 112, 4])
  })
})
