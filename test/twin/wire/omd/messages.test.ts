/**
 * Each message type against its hand-written wire image (fixtures.ts, from the v1.45 tables): the encoder
 * writes exactly those bytes, the decoder reads them back to exactly the object.
 */
import { describe, expect, it } from "vitest"
import { codecFor, decodePacket, encodeMessage, MESSAGE_CODECS, messageSize } from "../../../../twin/wire/omd/index.ts"
import { FIXTURES, wire } from "./fixtures.ts"

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex")

describe("OMD-C messages against the spec tables", () => {
  it("has one fixture per message type the codec lays out (19 types)", () => {
    const fixtureTypes = FIXTURES.map((f) => f.message.msgType).sort((a, b) => a - b)
    expect(fixtureTypes).toEqual([10, 11, 20, 21, 30, 31, 32, 50, 52, 53, 60, 62, 100, 101, 102, 105, 201, 202, 203])
    expect(MESSAGE_CODECS.map((c) => c.msgType).sort((a, b) => a - b)).toEqual(fixtureTypes)
  })

  for (const fixture of FIXTURES) {
    describe(fixture.name, () => {
      const bytes = wire(fixture.rows)
      it("encodes to the hand-written bytes", () => {
        expect(hex(encodeMessage(fixture.message))).toBe(hex(bytes))
        expect(messageSize(fixture.message)).toBe(bytes.length)
      })
      it("decodes the hand-written bytes to the object", () => {
        const codec = codecFor(fixture.message.msgType)!
        expect(codec.decode(new DataView(bytes.buffer), bytes, 0, bytes.length)).toEqual(fixture.message)
      })
    })
  }

  it("lays out the Total Lengths the tables print", () => {
    // §3.4.2 8, §3.4.3 8, §3.5.1 16, §3.5.2 8, §3.5.3 16, §3.5.4 16, §3.6.1 8, §3.7.1 40, §3.7.2 544 + 8nU,
    // §3.8.1 32, §3.8.2 12, §3.9.1 32, §3.9.2 28, §3.9.3 20, §3.9.6 12 + 24nO, §3.10.1 32, §3.10.3 36, §3.10.4 16, §3.11.1 52.
    const totals = Object.fromEntries(MESSAGE_CODECS.map((c) => [c.msgType, c.fixedSize]))
    expect(totals).toEqual({
      100: 8, 105: 8, 101: 16, 102: 8, 201: 16, 202: 16, 203: 8, 10: 40, 11: 544, 20: 32, 21: 12, 30: 32, 31: 28, 32: 20, 53: 12, 50: 32, 52: 36, 62: 16, 60: 52
    })
  })

  it("decodes a message a long string was cut to fit: MarketName keeps its first 25 characters", () => {
    const long = "Growth Enterprise Market Board" // 30 characters; the field is 25 (§3.7.1 offset 8)
    const bytes = encodeMessage({ msgType: 10, marketCode: "GEM", marketName: long, currencyCode: "HKD", numberOfSecurities: 1 })
    const packet = decodePacket(Uint8Array.from([0x38, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ...bytes]))
    // PktSize 0x38 = 56 = 16 + 40; the first 25 characters are "Growth Enterprise Market " and the trailing space is padding.
    expect(packet).toMatchObject({ messages: [{ marketCode: "GEM", marketName: "Growth Enterprise Market" }] })
  })
})
