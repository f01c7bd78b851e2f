import { describe, expect, it } from "vitest"
import { KeyedTable, KeyHandle } from "../../../twin/engine/keyed-table.ts"

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

  it("reads the same after repeated, alternating and missing lookups (the last key's slot is kept)", () => {
    // 40 keys: k0…k31 fill the first level, k32 makes a second. `small` (32 keys, one level) never saw
    // k32…k39; a lookup of k35 in `big` keeps its slot (35), which `small` must still read as absent.
    let small = KeyedTable.empty<number>()
    for (let i = 0; i < 32; i++) small = small.set(`k${i}`, i)
    let big = small
    for (let i = 32; i < 40; i++) big = big.set(`k${i}`, i * 10)
    expect([big.get("k35"), small.get("k35"), big.get("k35"), small.get("k3"), big.get("k3")]).toEqual([350, undefined, 350, 3, 3])
    // A key no version has set is not kept: the key read before it still reads right after.
    expect([big.get("k7"), big.get("nope"), big.get("k7"), big.has("nope")]).toEqual([7, undefined, 7, false])
    // Read, write, read of one key (a step's pattern), on two branches.
    const left = big.set("k7", big.get("k7")! + 100)
    const right = big.set("k7", -1)
    expect([left.get("k7"), right.get("k7"), big.get("k7"), left.get("k8"), left.get("k7")]).toEqual([107, -1, 7, 8, 107])
    // A new key is read back at once (its slot, 40, is the one kept after the write).
    const more = right.set("new", 5)
    expect([more.get("new"), big.get("new"), more.size, big.size]).toEqual([5, undefined, 41, 40])
  })

  it("reads through a key handle as by key, in its own lineage and in another, before and after the key exists", () => {
    // Lineage A sets x at slot 0, y at slot 1; lineage B sets y first (slot 0), then x (slot 1): a handle
    // that kept A's slot for x must not read B's slot 0 (y's value there).
    const a = KeyedTable.empty<string>().set("x", "ax").set("y", "ay")
    const b0 = KeyedTable.empty<string>().set("y", "by")
    const x = new KeyHandle("x")
    expect([a.getBy(x), x.slot]).toEqual(["ax", 0])
    expect([b0.getBy(x), x.slot]).toEqual([undefined, 0]) // not in B yet: the handle still holds A's slot
    const b = b0.set("x", "bx")
    expect([b.getBy(x), x.slot, a.getBy(x), x.slot]).toEqual(["bx", 1, "ax", 0])
    // Versions of one lineage share slots: a later write is read through the kept slot, an older version
    // keeps its value, and a lookup by key after a handle read finds the same entry.
    const a2 = a.set("x", "ax2")
    expect([a2.getBy(x), a.getBy(x), a2.get("x"), a2.get("y"), a2.getBy(new KeyHandle("nope"))]).toEqual(["ax2", "ax", "ax2", "ay", undefined])
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
