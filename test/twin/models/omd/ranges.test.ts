import { describe, expect, it } from "vitest"
import { clip, merge, minus, runsOf, splitBy, subtract, total, type SeqRange } from "../../../../twin/models/omd/ranges.ts"

describe("sequence ranges", () => {
  it("turns sorted seqs into runs", () => {
    expect(runsOf([])).toEqual([])
    expect(runsOf([3, 4, 5, 9, 11, 12])).toEqual([{ first: 3, last: 5 }, { first: 9, last: 9 }, { first: 11, last: 12 }])
  })

  it("subtracts, keeping each piece's other fields", () => {
    const gaps = [{ first: 10, last: 20, tag: "x" }, { first: 30, last: 30, tag: "y" }]
    const { kept, removed } = subtract(gaps, [{ first: 12, last: 13 }, { first: 18, last: 31 }])
    expect(kept).toEqual([{ first: 10, last: 11, tag: "x" }, { first: 14, last: 17, tag: "x" }])
    expect(removed).toEqual([{ first: 12, last: 13, tag: "x" }, { first: 18, last: 20, tag: "x" }, { first: 30, last: 30, tag: "y" }])
  })

  it("splits, clips, merges", () => {
    expect(splitBy({ first: 1, last: 25_000 }, 10_000)).toEqual([{ first: 1, last: 10_000 }, { first: 10_001, last: 20_000 }, { first: 20_001, last: 25_000 }])
    expect(clip([{ first: 1, last: 5 }, { first: 8, last: 9 }], 3, 8)).toEqual([{ first: 3, last: 5 }, { first: 8, last: 8 }])
    expect(merge([{ first: 1, last: 2 }, { first: 3, last: 4 }, { first: 6, last: 6 }])).toEqual([{ first: 1, last: 4 }, { first: 6, last: 6 }])
  })

  it("partitions exactly: kept + removed = the items, kept ∩ cut = ∅ (pseudo-random cases checked per seq)", () => {
    let x = 99
    const rand = (n: number) => {
      x = (x * 1_103_515_245 + 12_345) % 2_147_483_648
      return x % n
    }
    const ranges = (): Array<SeqRange> => {
      const out: Array<SeqRange> = []
      let at = rand(5)
      for (let i = rand(6); i > 0; i--) {
        const first = at + 1 + rand(4)
        const last = first + rand(5)
        out.push({ first, last })
        at = last + 1
      }
      return out
    }
    const members = (rs: ReadonlyArray<SeqRange>) => rs.flatMap((r) => Array.from({ length: r.last - r.first + 1 }, (_, i) => r.first + i))
    for (let trial = 0; trial < 500; trial++) {
      const a = ranges()
      const b = ranges()
      const { kept, removed } = subtract(a, b)
      const inB = new Set(members(b))
      expect(members(kept)).toEqual(members(a).filter((s) => !inB.has(s)))
      expect(members(removed)).toEqual(members(a).filter((s) => inB.has(s)))
      expect(total(minus(a, b))).toBe(total(kept))
    }
  })
})
