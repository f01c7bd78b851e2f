import { describe, expect, it } from "vitest"
import { appendOwnedRow, emptyRowList, RowArena } from "../../../../twin/engine/row-arena.ts"
import type { Execution } from "../../../../twin/models/ocg/index.ts"
import { EXECUTION_WIDTH, execIdAt, pack, unpack } from "../../../../twin/models/ocg/packed-execution.ts"

const base: Execution = {
  execId: 7_000_123, compId: "P001T01", clOrdId: 42, execType: "trade", status: "filled",
  quantity: 300, cumQty: 300, price: 10.05, cancelOnDisconnect: false, dropCopyFor: undefined, text: undefined
}

describe("packed executions", () => {
  it("unpack(pack(e)) is e, field for field and key for key, for every exec type, status, flag and a refusal's text", () => {
    const all: Array<Execution> = [
      base,
      { ...base, execType: "new", status: "new", cumQty: 0 },
      { ...base, execType: "cancel", status: "cancelled", cancelOnDisconnect: true, price: 0.001 },
      { ...base, dropCopyFor: "P001D01" },
      { ...base, execType: "replace", status: "new", cumQty: 0 },
      { ...base, execType: "reject", status: "cancelled", quantity: 0, cumQty: 0, price: 0 },
      // A refusal with the host's words, and its drop copy (the text numbered once, read from both).
      { ...base, execType: "reject", status: "rejected", cumQty: 0, text: "no order input in BL (from 09:22:00): again from 09:30:00" },
      { ...base, execType: "reject", status: "new", cumQty: 0, dropCopyFor: "P001D01", text: "no order input in BL (from 09:22:00): again from 09:30:00" },
      { ...base, compId: "P002T01", dropCopyFor: "P002D02", execId: 2 ** 40 }
    ]
    const arena = new RowArena(EXECUTION_WIDTH + 1)
    // Each in the list of the session it belongs to (its drop-copy session's for a copy), as the host keeps them.
    const rows = all.map((e) => {
      const owner = e.dropCopyFor ?? e.compId
      const list = appendOwnedRow(emptyRowList, arena, owner)
      pack(arena, list.last, 1, e, owner, list.owner)
      return list.last
    })
    all.forEach((e, i) => {
      const back = unpack(arena, rows[i]!, 1)
      expect(back).toEqual(e)
      expect(Object.keys(back)).toEqual(Object.keys(e))
      expect(execIdAt(arena, rows[i]!, 1)).toBe(e.execId)
    })
  })

  it("numbers the owner's Comp ID once per list and looks up only the other names", () => {
    const arena = new RowArena(EXECUTION_WIDTH + 1)
    // P001D01's log: a copy of P001T01's execution, then another. The list numbers its owner on its first
    // row (number 0, the arena's first name); P001T01 is numbered when the first copy is packed (1).
    const first = appendOwnedRow(emptyRowList, arena, "P001D01")
    pack(arena, first.last, 1, { ...base, dropCopyFor: "P001D01" }, "P001D01", first.owner)
    const second = appendOwnedRow(first, arena, "P001D01")
    pack(arena, second.last, 1, { ...base, execId: 8, dropCopyFor: "P001D01" }, "P001D01", second.owner)
    expect([first.owner, second.owner]).toEqual([0, 0])
    // Numbers 1 (Comp ID) and 7 (drop copy for) of each row: the two names' numbers.
    expect([arena.get(first.last, 2), arena.get(first.last, 8), arena.get(second.last, 2), arena.get(second.last, 8)]).toEqual([1, 0, 1, 0])
    expect([arena.nameOf(0), arena.nameOf(1), arena.nameIn("P001T01")]).toEqual(["P001D01", "P001T01", 1])
    expect(unpack(arena, second.last, 1)).toEqual({ ...base, execId: 8, dropCopyFor: "P001D01" })
  })
})
