import { describe, expect, it } from "vitest"
import { RowArena } from "../../../../twin/engine/row-arena.ts"
import type { Execution } from "../../../../twin/models/ocg/index.ts"
import { EXECUTION_WIDTH, execIdAt, pack, unpack } from "../../../../twin/models/ocg/packed-execution.ts"

const base: Execution = {
  execId: 7_000_123, compId: "P001T01", clOrdId: 42, execType: "trade", status: "filled",
  quantity: 300, cumQty: 300, price: 10.05, cancelOnDisconnect: false, dropCopyFor: undefined
}

describe("packed executions", () => {
  it("unpack(pack(e)) is e, field for field and key for key, for every exec type, status and flag", () => {
    const all: Array<Execution> = [
      base,
      { ...base, execType: "new", status: "new", cumQty: 0 },
      { ...base, execType: "cancel", status: "cancelled", cancelOnDisconnect: true, price: 0.001 },
      { ...base, dropCopyFor: "P001D01" },
      { ...base, execType: "replace", status: "new", cumQty: 0 },
      { ...base, execType: "reject", status: "cancelled", quantity: 0, cumQty: 0, price: 0 },
      { ...base, compId: "P002T01", dropCopyFor: "P002D02", execId: 2 ** 40 }
    ]
    const arena = new RowArena(EXECUTION_WIDTH + 1)
    const rows = all.map((e) => {
      const row = arena.add(-1)
      pack(arena, row, 1, e)
      return row
    })
    all.forEach((e, i) => {
      const back = unpack(arena, rows[i]!, 1)
      expect(back).toEqual(e)
      expect(Object.keys(back)).toEqual(Object.keys(e))
      expect(execIdAt(arena, rows[i]!, 1)).toBe(e.execId)
    })
  })
})
