import { describe, expect, it } from "vitest"
import { OpenGaps } from "../../../scenarios/checks/open-gaps.ts"

const openOf = (o: OpenGaps) => [...o.open()].map((c) => [c.participant, c.channel, c.gaps.map((g) => [g.first, g.last, g.foundAt])])

describe("OpenGaps (ranges found lost and not yet closed, from the trace)", () => {
  it("cuts what a close names out of the ranges it touches; each piece keeps when its range was found", () => {
    const o = new OpenGaps()
    o.found("P1", "P1/omdc-ss", "omdc/SS", 10, 19, 1)
    o.found("P1", "P1/omdc-ss", "omdc/SS", 30, 39, 2)
    // Found out of number order (a late arbitration timeout): kept sorted.
    o.found("P1", "P1/omdc-ss", "omdc/SS", 20, 25, 3)
    o.found("P2", "P2/omdc-ss", "omdc/SS", 10, 19, 4)
    o.closed("P1", "omdc/SS", 15, 32)
    expect(openOf(o)).toEqual([
      ["P1", "omdc/SS", [[10, 14, 1], [33, 39, 2]]],
      ["P2", "omdc/SS", [[10, 19, 4]]]
    ])
    // A piece out of the middle, then a refresh up to 40: P1 has nothing open.
    o.closed("P1", "omdc/SS", 12, 12)
    expect(openOf(o)[0]).toEqual(["P1", "omdc/SS", [[10, 11, 1], [13, 14, 1], [33, 39, 2]]])
    for (const [first, last] of [[10, 11], [13, 14], [33, 39]] as const) o.closed("P1", "omdc/SS", first, last)
    // Closing what is not open (another channel, numbers between ranges) changes nothing.
    o.closed("P2", "omdc/SP", 10, 19)
    o.closed("P2", "omdc/SS", 20, 29)
    expect(openOf(o)).toEqual([["P2", "omdc/SS", [[10, 19, 4]]]])
  })
  it("a refresh closing thousands of ranges in order, one by one, leaves exactly what it did not reach", () => {
    // 3,000 ranges of 10 (0–9, 20–29, …), found at 1…3,000; closed from the head up to 25,004, which cuts
    // range 1,250 (25,000–25,009) in two; then one range out of the middle.
    const o = new OpenGaps()
    for (let i = 0; i < 3000; i++) o.found("P1", "P1/omdc-sp", "omdc/SP", 20 * i, 20 * i + 9, i + 1)
    for (let i = 0; i < 1250; i++) o.closed("P1", "omdc/SP", 20 * i, 20 * i + 9)
    o.closed("P1", "omdc/SP", 25_000, 25_004)
    o.closed("P1", "omdc/SP", 40_000, 40_009)
    const [sp] = [...o.open()]
    expect(sp!.gaps.length).toBe(1749)
    expect(sp!.gaps.slice(0, 2)).toEqual([{ first: 25_005, last: 25_009, foundAt: 1251 }, { first: 25_020, last: 25_029, foundAt: 1252 }])
    expect(sp!.gaps.some((g) => g.first === 40_000)).toBe(false)
    expect(sp!.gaps.at(-1)).toEqual({ first: 59_980, last: 59_989, foundAt: 3000 })
  })
})
