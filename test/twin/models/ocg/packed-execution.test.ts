import { describe, expect, it } from "vitest"
import { appendRow, emptyRowLog } from "../../../../twin/engine/row-log.ts"
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
      { ...base, compId: "P002T01", dropCopyFor: "P002D02", execId: 2 ** 40 }
    ]
    let log = emptyRowLog(EXECUTION_WIDTH + 1)
    for (const e of all) {
      log = appendRow(log)
      pack(log, log.length - 1, 1, e)
    }
    all.forEach((e, i) => {
      const back = unpack(log, i, 1)
      expect(back).toEqual(e)
      expect(Object.keys(back)).toEqual(Object.keys(e))
      expect(execIdAt(log, i, 1)).toBe(e.execId)
    })
  })
})
