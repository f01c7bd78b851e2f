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
})
