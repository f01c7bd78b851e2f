/**
 * FIX UTCTimestamp: what the gateway stamps (SendingTime, TransactTime) and how a peer's SendingTime is read.
 */
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { parseUtcTimestamp, utcTimestamp } from "../../../../../twin/wire/ocg/codec/timestamp.ts"

describe("UTCTimestamp", () => {
  it("writes YYYYMMDD-HH:MM:SS.sss in UTC", () => {
    expect(utcTimestamp(Date.UTC(2026, 11, 5, 1, 30, 0, 7))).toBe("20261205-01:30:00.007")
  })

  it("reads whole seconds, milliseconds, microseconds (to the millisecond) and a leap second", () => {
    expect(parseUtcTimestamp("20261205-01:30:00")).toBe(Date.UTC(2026, 11, 5, 1, 30, 0))
    expect(parseUtcTimestamp("20261205-01:30:00.007")).toBe(Date.UTC(2026, 11, 5, 1, 30, 0, 7))
    expect(parseUtcTimestamp("20261205-01:30:00.123456")).toBe(Date.UTC(2026, 11, 5, 1, 30, 0, 123))
    // 2016-12-31 23:59:60 was a leap second: the instant is the next day's midnight.
    expect(parseUtcTimestamp("20161231-23:59:60")).toBe(Date.UTC(2017, 0, 1))
  })

  it("refuses what is not a UTCTimestamp", () => {
    for (const text of ["yesterday", "", "20261205-01:30", "20261205 01:30:00", "20261205-01:30:00.", "20260230-00:00:00", "20261305-00:00:00", "20261205-24:00:00", "20261205-01:60:00"]) {
      expect([text, parseUtcTimestamp(text)]).toEqual([text, undefined])
    }
  })

  it("reads back what it writes (fast-check, years 1970-9999)", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: Date.UTC(9999, 11, 31, 23, 59, 59, 999) }), (ms) => parseUtcTimestamp(utcTimestamp(ms)) === ms), { seed: 52 })
  })
})
