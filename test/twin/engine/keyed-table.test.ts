import { describe, expect, it } from "vitest"
import { KeyedTable } from "../../../twin/engine/keyed-table.ts"

describe("KeyedTable", () => {
  it("is persistent: a set returns a new table and leaves the old one as it was", () => {
    const a = KeyedTable.empty<number>().set("x", 1)
    const b = a.set("x", 2).set("y", 3)
    expect([a.get("x"), a.get("y"), a.size]).toEqual([1, undefined, 1])
    expect([b.get("x"), b.get("y"), b.size]).toEqual([2, 3, 2])
    expect([b.has("y"), a.has("y"), b.get("z")]).toEqual([true, false, undefined])
  })

  it("keeps branches apart when both add keys (slots are shared by the lineage, values are not)", () => {
    const root = KeyedTable.empty<string>().set("a", "root")
    const left = root.set("l", "left")
    const right = root.set("r", "right")
    expect([...left]).toEqual([["a", "root"], ["l", "left"]])
    expect([...right]).toEqual([["a", "root"], ["r", "right"]])
    expect([left.get("r"), right.get("l"), root.size, left.size, right.size]).toEqual([undefined, undefined, 1, 2, 2])
  })

  it("holds a thousand keys across chunks and iterates them in the order they were first set", () => {
    let t = KeyedTable.empty<number>()
    const keys = Array.from({ length: 1000 }, (_, i) => `P${String(999 - i).padStart(4, "0")}`)
    for (const [i, k] of keys.entries()) t = t.set(k, i)
    const before = t
    for (const [i, k] of keys.entries()) if (i % 3 === 0) t = t.set(k, -i)
    expect(t.size).toBe(1000)
    expect([...t].map(([k]) => k)).toEqual(keys)
    expect(keys.every((k, i) => t.get(k) === (i % 3 === 0 ? -i : i) && before.get(k) === i)).toBe(true)
  })

  it("grows a level at 32, 1,024 and 32,768 keys, and older, shallower versions read and branch as before", () => {
    // 40,000 keys need three levels of 32 (32³ = 32,768 < 40,000 ≤ 32⁴): the table grows from one level
    // (≤ 32 keys) to two (≤ 1,024), three (≤ 32,768) and four, copying one array per level per write.
    let t = KeyedTable.empty<number>()
    const keys = Array.from({ length: 40_000 }, (_, i) => `C${i}`)
    const versions = new Map<number, KeyedTable<number>>()
    for (const [i, k] of keys.entries()) {
      t = t.set(k, i)
      if (i === 31 || i === 1023 || i === 32_767) versions.set(i + 1, t)
    }
    expect(t.size).toBe(40_000)
    expect([t.get("C0"), t.get("C31"), t.get("C32"), t.get("C1024"), t.get("C32768"), t.get("C39999")]).toEqual([0, 31, 32, 1024, 32_768, 39_999])
    // A version at one level (32 keys) knows nothing of slot 32 on, nor of slot 39,999.
    const small = versions.get(32)!
    expect([small.size, small.get("C31"), small.get("C32"), small.get("C39999")]).toEqual([32, 31, undefined, undefined])
    // Writing to it a key numbered 39,999 by its lineage grows that version alone to four levels.
    const branched = small.set("C39999", -1)
    expect([branched.size, branched.get("C39999"), branched.get("C32"), t.get("C39999")]).toEqual([33, -1, undefined, 39_999])
    expect([...branched].map(([k]) => k)).toEqual([...keys.slice(0, 32), "C39999"])
    expect([versions.get(1024)!.size, versions.get(32_768)!.get("C32767"), versions.get(32_768)!.get("C32768")]).toEqual([1024, 32_767, undefined])
    expect([...t].map(([, v]) => v)).toEqual(keys.map((_, i) => i))
  })
})
