/** `ls -l`'s time column (long-name.ts): HH:MM within the last half year (182.5 days), the year otherwise. */
import { describe, expect, it } from "vitest"
import { lsTime } from "../../../../twin/wire/ecp/long-name.ts"

const now = Date.parse("2026-12-05T10:00:00Z")
const HALF_YEAR_MS = 182.5 * 24 * 3600 * 1000

describe("lsTime", () => {
  it("a file of the last half year shows its time; one a half year old or more, or in the future, its year", () => {
    expect(lsTime(now, now)).toBe("Dec  5 10:00")
    expect(lsTime(Date.parse("2026-01-09T23:59:59Z"), now)).toBe("Jan  9  2026")
    // 2026-12-05T10:00Z − 182.5 days = 2026-06-05T22:00Z: the last instant with a time is just after it.
    expect(lsTime(now - HALF_YEAR_MS + 1000, now)).toBe("Jun  5 22:00")
    expect(lsTime(now - HALF_YEAR_MS, now)).toBe("Jun  5  2026")
    expect(lsTime(now + 60_000, now)).toBe("Dec  5  2026")
    expect(lsTime(Date.parse("2020-11-22T03:04:05Z"), now)).toBe("Nov 22  2020")
  })
})
