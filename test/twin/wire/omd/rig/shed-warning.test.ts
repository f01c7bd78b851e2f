/**
 * The instructor's console line about packets the rig shed (shed-warning.ts): at most one every 10 s, and
 * the last count always told — a burst right after a line is reported when the 10 s are up.
 */
import { afterEach, describe, expect, it, vi } from "vitest"
import { ShedWarning } from "../../../../../twin/wire/omd/rig/shed-warning.ts"

afterEach(() => {
  vi.useRealTimers()
})

describe("the rig's shedding told on the console", () => {
  it("says the first drop at once, holds the next for 10 s and then says the count as it is then", () => {
    vi.useFakeTimers()
    const lines: Array<string> = []
    let count = 0
    const w = new ShedWarning((l) => lines.push(l.replace(/ \(more.*$/, "")), () => count)
    count = 1
    w.dropped(1)
    expect(lines).toEqual(["omd-c: the rig cannot keep up at this speed: 1 packet dropped so far"])
    vi.advanceTimersByTime(1_000)
    count = 40_000
    w.dropped(40_000)
    count = 49_406
    w.dropped(49_406)
    expect(lines).toHaveLength(1)
    vi.advanceTimersByTime(8_999)
    expect(lines).toHaveLength(1)
    vi.advanceTimersByTime(1)
    expect(lines.at(-1)).toBe("omd-c: the rig cannot keep up at this speed: 49406 packets dropped so far")
    // Nothing more shed: nothing more said.
    vi.advanceTimersByTime(60_000)
    expect(lines).toHaveLength(2)
  })

  it("says nothing after it is closed", () => {
    vi.useFakeTimers()
    const lines: Array<string> = []
    const w = new ShedWarning((l) => lines.push(l), () => 7)
    w.dropped(1)
    w.dropped(7)
    w.close()
    vi.advanceTimersByTime(20_000)
    w.dropped(9)
    expect(lines).toHaveLength(1)
  })
})
