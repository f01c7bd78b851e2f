/**
 * Properties (fast-check): decode ∘ encode = id for every message type (messages generated from each codec's
 * spec table), packets as packed by packMessages decode to the same messages in sequence, and no byte string
 * — random, or a valid packet with bytes flipped — makes the decoder throw.
 */
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  decodePacket, encodeMessage, isOmdDecodeError, MESSAGE_CODECS, packMessages, type OmdMessage, type Row
} from "../../../../twin/wire/omd/index.ts"

/** ASCII without trailing padding: what a String field gives back (§3.1: left-aligned, padded with spaces). */
const asciiOf = (max: number) =>
  fc.string({ unit: fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcxyz0123456789 #.-"), maxLength: max }).map((s) => s.trimEnd())
const utf16Of = (maxUnits: number) =>
  fc.string({ unit: fc.constantFrom(..."騰訊控股腾讯牛熊證AB1 "), maxLength: maxUnits }).map((s) => s.trimEnd())

const valueOf = ([, , format, length]: Row): fc.Arbitrary<unknown> => {
  switch (format) {
    case "Uint8": return fc.integer({ min: 0, max: 0xff })
    case "Uint16": return fc.integer({ min: 0, max: 0xffff })
    case "Uint32": return fc.integer({ min: 0, max: 0xffffffff })
    case "Int16": return fc.integer({ min: -0x8000, max: 0x7fff })
    case "Int32": return fc.integer({ min: -0x80000000, max: 0x7fffffff })
    case "Uint64": return fc.bigInt({ min: 0n, max: 2n ** 64n - 1n })
    case "Int64": return fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })
    case "String": return asciiOf(length)
    case "NulString": return asciiOf(length).map((s) => s.replaceAll(" ", "_"))
    case "Binary": return utf16Of(length / 2)
    case "Filler": return fc.constant(undefined)
  }
}

const recordOf = (rows: ReadonlyArray<Row>, skip?: string) =>
  fc.record(Object.fromEntries(rows.filter((r) => r[2] !== "Filler" && r[1] !== skip).map((r) => [r[1], valueOf(r)])))

const messageArbitrary: fc.Arbitrary<OmdMessage> = fc.oneof(
  ...MESSAGE_CODECS.map((codec) => {
    const { spec } = codec
    const fixed = recordOf(spec.rows, spec.group?.count)
    // Entries kept so one message fits one packet (Aggregate: 12 + 24·60 = 1452 ≤ 1456).
    const withGroup = spec.group === undefined ? fixed.map((f) => ({ ...f }))
      : fc.tuple(fixed, fc.array(recordOf(spec.group.rows), { maxLength: spec.group.entrySize === 24 ? 60 : 3 }))
          .map(([f, entries]) => ({ ...f, [spec.group!.field]: entries }))
    return withGroup.map((fields) => ({ msgType: spec.msgType, ...fields }) as OmdMessage)
  })
)

describe("OMD-C codec properties", () => {
  it("decodes every encoded message back to itself", () => {
    fc.assert(
      fc.property(messageArbitrary, (message) => {
        const bytes = encodeMessage(message)
        const packet = Uint8Array.from([(16 + bytes.length) & 0xff, (16 + bytes.length) >> 8, 1, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ...bytes])
        expect(decodePacket(packet)).toEqual({ header: { pktSize: 16 + bytes.length, msgCount: 1, seqNum: 9, sendTime: 0n }, messages: [message] })
      }),
      { numRuns: 2000 }
    )
  })

  it("packs any messages into valid packets whose sequence numbers follow on and whose messages are the input", () => {
    fc.assert(
      fc.property(fc.array(messageArbitrary, { maxLength: 200 }), fc.integer({ min: 1, max: 2 ** 31 }), (messages, first) => {
        const packets = packMessages(first, 5n, messages)
        let next = first
        const seen: Array<unknown> = []
        for (const p of packets) {
          expect(p.bytes.length).toBeLessThanOrEqual(1472)
          const decoded = decodePacket(p.bytes)
          if (isOmdDecodeError(decoded)) throw decoded
          expect(decoded.header.seqNum).toBe(next)
          next += decoded.header.msgCount
          seen.push(...decoded.messages)
        }
        expect(seen).toEqual(messages)
      }),
      { numRuns: 200 }
    )
  })

  it("never throws on random bytes", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 1600 }), (bytes) => void decodePacket(bytes, { skipUnknown: true })), { numRuns: 3000 })
  })

  it("never throws on a valid packet with bytes flipped, and either decodes or names an offset inside it", () => {
    fc.assert(
      fc.property(fc.array(messageArbitrary, { minLength: 1, maxLength: 20 }), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }), (messages, flips) => {
        const bytes = packMessages(1, 0n, messages)[0]!.bytes.slice()
        for (const [at, value] of flips) bytes[at % bytes.length] = value
        const result = decodePacket(bytes)
        if (isOmdDecodeError(result)) {
          expect(result.offset).toBeGreaterThanOrEqual(0)
          expect(result.offset).toBeLessThanOrEqual(bytes.length)
        }
      }),
      { numRuns: 1000 }
    )
  })
})
