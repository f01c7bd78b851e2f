import { describe, expect, it } from "vitest"
import { KeyedTable, KeyHandle } from "../../../twin/engine/keyed-table.ts"

const SPENT = /a spent version was used/

describe("KeyedTable", () => {
  it("is linear: a set returns the next version, and the version written is spent for reads, writes and iteration", () => {
    const a = KeyedTable.empty<number>().set("x", 1)
    const b = a.set("x", 2).set("y", 3)
    expect([b.get("x"), b.get("y"), b.size, b.has("y"), b.get("z")]).toEqual([2, 3, 2, true, undefined])
    expect(() => a.get("x")).toThrow(SPENT)
    expect(() => a.has("y")).toThrow(SPENT)
    expect(() => a.getBy(new KeyHandle("x"))).toThrow(SPENT)
    expect(() => a.set("x", 9)).toThrow(SPENT)
    expect(() => [...a]).toThrow(SPENT)
    // The spent version wrote nothing: the newest still reads as it did.
    expect([...b]).toEqual([["x", 2], ["y", 3]])
  })

  it("keeps a version as a copy: the copy and the table then go their own ways", () => {
    const root = KeyedTable.empty<string>().set("a", "root")
    const kept = root.copy()
    const left = root.set("l", "left")
    const right = kept.set("r", "right")
    expect([...left]).toEqual([["a", "root"], ["l", "left"]])
    expect([...right]).toEqual([["a", "root"], ["r", "right"]])
    expect([left.get("r"), right.get("l"), left.size, right.size]).toEqual([undefined, undefined, 2, 2])
    expect(() => kept.get("a")).toThrow(SPENT)
  })

  it("throws at the next step when written while being iterated (read the entries out first)", () => {
    let t = KeyedTable.empty<number>().set("a", 1).set("b", 2)
    const seen: Array<string> = []
    expect(() => {
      for (const [k, v] of t) {
        seen.push(k)
        t = t.set(k, v + 10)
      }
    }).toThrow(SPENT)
    expect(seen).toEqual(["a"])
    for (const [k, v] of [...t]) t = t.set(k, v + 100)
    expect([...t]).toEqual([["a", 111], ["b", 102]])
  })

  it("reads the same after repeated, alternating and missing lookups (the last key's slot is kept)", () => {
    // 40 keys: k0…k31 fill the first level, k32 makes a second. The copy `small` (32 keys, one level) never
    // saw k32…k39; a lookup of k35 in `big` keeps its slot (35), which `small` must still read as absent.
    let big = KeyedTable.empty<number>()
    for (let i = 0; i < 32; i++) big = big.set(`k${i}`, i)
    const small = big.copy()
    for (let i = 32; i < 40; i++) big = big.set(`k${i}`, i * 10)
    expect([big.get("k35"), small.get("k35"), big.get("k35"), small.get("k3"), big.get("k3")]).toEqual([350, undefined, 350, 3, 3])
    // A key never set is not kept: the key read before it still reads right after.
    expect([big.get("k7"), big.get("nope"), big.get("k7"), big.has("nope")]).toEqual([7, undefined, 7, false])
    // Read, write, read of one key (a step's pattern).
    const next = big.set("k7", big.get("k7")! + 100)
    expect([next.get("k7"), next.get("k8"), next.get("k7")]).toEqual([107, 8, 107])
    // A new key is read back at once (its slot, 40, is the one kept after the write).
    const more = next.set("new", 5)
    expect([more.get("new"), small.get("new"), more.size, small.size]).toEqual([5, undefined, 41, 32])
  })

  it("reads through a key handle as by key, in its own table and in another, before and after the key exists", () => {
    // Table A sets x at slot 0, y at slot 1; table B sets y first (slot 0), then x (slot 1): a handle that
    // kept A's slot for x must not read B's slot 0 (y's value there).
    let a = KeyedTable.empty<string>().set("x", "ax").set("y", "ay")
    const b0 = KeyedTable.empty<string>().set("y", "by")
    const x = new KeyHandle("x")
    expect([a.getBy(x), x.slot]).toEqual(["ax", 0])
    expect([b0.getBy(x), x.slot]).toEqual([undefined, 0]) // not in B yet: the handle still holds A's slot
    const b = b0.set("x", "bx")
    expect([b.getBy(x), x.slot, a.getBy(x), x.slot]).toEqual(["bx", 1, "ax", 0])
    // The next version is read through the kept slot, and a lookup by key after a handle read finds the
    // same entry.
    a = a.set("x", "ax2")
    expect([a.getBy(x), a.get("x"), a.get("y"), a.getBy(new KeyHandle("nope"))]).toEqual(["ax2", "ax2", "ay", undefined])
  })

  it("holds a thousand keys across arrays and iterates them in the order they were first set", () => {
    let t = KeyedTable.empty<number>()
    const keys = Array.from({ length: 1000 }, (_, i) => `P${String(999 - i).padStart(4, "0")}`)
    for (const [i, k] of keys.entries()) t = t.set(k, i)
    const before = t.copy()
    for (const [i, k] of keys.entries()) if (i % 3 === 0) t = t.set(k, -i)
    expect(t.size).toBe(1000)
    expect([...t].map(([k]) => k)).toEqual(keys)
    expect(keys.every((k, i) => t.get(k) === (i % 3 === 0 ? -i : i) && before.get(k) === i)).toBe(true)
  })

  it("grows a level at 32, 1,024 and 32,768 keys, and copies taken on the way read as the table did then", () => {
    // 40,000 keys need four levels of 32 (32³ = 32,768 < 40,000 ≤ 32⁴): the table grows from one level
    // (≤ 32 keys) to two (≤ 1,024), three (≤ 32,768) and four, writing one array per level per write.
    let t = KeyedTable.empty<number>()
    const keys = Array.from({ length: 40_000 }, (_, i) => `C${i}`)
    const copies = new Map<number, KeyedTable<number>>()
    for (const [i, k] of keys.entries()) {
      t = t.set(k, i)
      if (i === 31 || i === 1023 || i === 32_767) copies.set(i + 1, t.copy())
    }
    expect(t.size).toBe(40_000)
    expect([t.get("C0"), t.get("C31"), t.get("C32"), t.get("C1024"), t.get("C32768"), t.get("C39999")]).toEqual([0, 31, 32, 1024, 32_768, 39_999])
    const small = copies.get(32)!
    expect([small.size, small.get("C31"), small.get("C32"), small.get("C39999")]).toEqual([32, 31, undefined, undefined])
    expect([copies.get(1024)!.size, copies.get(32_768)!.get("C32767"), copies.get(32_768)!.get("C32768")]).toEqual([1024, 32_767, undefined])
    expect([...t].map(([, v]) => v)).toEqual(keys.map((_, i) => i))
  })
})
