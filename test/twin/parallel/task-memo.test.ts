/** A lane's memo tables: one value per key and memo, made once; another memo, or a cleared one, makes its own. */
import { describe, expect, it } from "vitest"
import { MemoTable, TaskMemo } from "../../../twin/parallel/task-memo.ts"

describe("MemoTable", () => {
  it("makes a key's value once per memo, again in another memo and after the memo is cleared", () => {
    const table = new MemoTable<string>()
    let made = 0
    const make = () => `value ${++made}`
    const a = new TaskMemo()
    const b = new TaskMemo()
    // a: made once (1), asked twice; b: its own (2); a cleared: made again (3); `offer` keeps what is there.
    expect([table.get(a, "k", make), table.get(a, "k", make), table.get(b, "k", make)]).toEqual(["value 1", "value 1", "value 2"])
    table.offer(b, "k", "offered")
    table.offer(b, "other", "offered")
    expect([table.get(b, "k", make), table.get(b, "other", make)]).toEqual(["value 2", "offered"])
    a.clear()
    expect(table.get(a, "k", make)).toBe("value 3")
    expect(made).toBe(3)
  })
})
