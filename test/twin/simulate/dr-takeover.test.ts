/**
 * The DR take-over written once (twin/simulate/dr-takeover.ts): a machine is continued on its node's DR
 * pair from its state as of its node's loss (or as of now, if its node never went down), once; nodes
 * without a pair are not taken over. The machine here is a counter whose state is the number of inputs it
 * has had, so "which state was copied" is a number to compare.
 */
import { describe, expect, it } from "vitest"
import { KeyedTable } from "../../../twin/engine/keyed-table.ts"
import type { Machine } from "../../../twin/engine/machine.ts"
import { constantNetwork, Runtime } from "../../../twin/engine/runtime.ts"
import { MemoryTrace } from "../../../twin/engine/trace.ts"
import { type Copy, DrTakeover } from "../../../twin/simulate/dr-takeover.ts"

// Counts the messages it has had (its start input is not one).
const counter: Machine<number, "tick"> = { step: (n, input) => [input._tag === "receive" ? n + 1 : n, []] }
const tick = { _tag: "receive" as const, from: "test", message: "tick" as const }

/** A runtime with counter `m` on `primary-node` (paired with `backup-node`) and `x` on `lonely-node` (no pair). */
const setup = () => {
  const rt = new Runtime(constantNetwork(1), new MemoryTrace())
  rt.add("m", "primary-node", counter, 0, 0)
  rt.add("x", "lonely-node", counter, 0, 0)
  const dr = new DrTakeover<number>(rt, (node) => (node === "primary-node" ? "backup-node" : undefined))
  const started: Array<readonly [string, Copy<number>]> = []
  const start = (backupNode: string, copy: Copy<number>) => {
    started.push([backupNode, copy])
    return `m@${backupNode}`
  }
  return { rt, dr, started, start }
}

describe("DrTakeover", () => {
  it("continues from the state at the node's loss, not the state at the take-over, once", () => {
    const { rt, dr, started, start } = setup()
    // Inputs at 10 and 20 µs; the node goes down at 25 µs (state 2); one more input at 30 µs (state 3).
    rt.inject(10, "m", tick)
    rt.inject(20, "m", tick)
    rt.at(25, () => dr.nodeChanged([{ id: "m", node: "primary-node" }], "primary-node", true))
    rt.inject(30, "m", tick)
    rt.run(40)
    expect(rt.stateOf<number>("m")).toBe(3)
    expect(dr.takeOver({ id: "m", node: "primary-node" }, start)).toBe("m@backup-node")
    expect(started).toEqual([["backup-node", { state: 2, at: 25 }]])
    // Taken over: not again, and retired.
    expect(dr.takeOver({ id: "m", node: "primary-node" }, start)).toBeUndefined()
    expect(started.length).toBe(1)
    expect(dr.successorOf("m")).toBe("m@backup-node")
    expect(dr.retired("m")).toBe(true)
  })

  it("a node back up before the take-over: the state now, as of now", () => {
    const { rt, dr, started, start } = setup()
    rt.inject(10, "m", tick)
    rt.at(15, () => dr.nodeChanged([{ id: "m", node: "primary-node" }], "primary-node", true))
    rt.at(16, () => dr.nodeChanged([{ id: "m", node: "primary-node" }], "primary-node", false))
    rt.inject(20, "m", tick)
    rt.run(50)
    dr.takeOver({ id: "m", node: "primary-node" }, start)
    // run(50) leaves the clock at 50 µs: the copy is both inputs' state, as of then.
    expect(started).toEqual([["backup-node", { state: 2, at: 50 }]])
  })

  it("a state with a linear table is kept as `keep` copies it: the machine's later steps leave the copy as it was", () => {
    // A counter that keeps its count in a linear table (keyed-table.ts), as the OTP-C host keeps its logs.
    type Tabled = { readonly table: KeyedTable<number> }
    const tabled: Machine<Tabled, "tick"> = {
      step: (s, input) => [input._tag === "receive" ? { table: s.table.set("n", (s.table.get("n") ?? 0) + 1) } : s, []]
    }
    const run = (keep: ((s: Tabled) => Tabled) | undefined) => {
      const rt = new Runtime(constantNetwork(1), new MemoryTrace())
      rt.add("m", "primary-node", tabled, { table: KeyedTable.empty<number>() }, 0)
      const dr = new DrTakeover<Tabled>(rt, () => "backup-node", keep)
      rt.inject(10, "m", tick)
      rt.at(15, () => dr.nodeChanged([{ id: "m", node: "primary-node" }], "primary-node", true))
      rt.inject(20, "m", tick)
      rt.run(30)
      let kept: Copy<Tabled> | undefined
      dr.takeOver({ id: "m", node: "primary-node" }, (_node, copy) => {
        kept = copy
        return "m@backup-node"
      })
      return { kept: kept!, now: rt.stateOf<Tabled>("m") }
    }
    const copied = run((s) => ({ table: s.table.copy() }))
    expect([copied.kept.state.table.get("n"), copied.kept.at, copied.now.table.get("n")]).toEqual([1, 15, 2])
    // Without the copy the kept state's table was spent by the step at 20 µs: reading it throws, never a wrong count.
    expect(() => run(undefined).kept.state.table.get("n")).toThrow(/a spent version was used/)
  })

  it("no DR pair, or a start that declines: nothing taken over", () => {
    const { dr, started, start } = setup()
    expect(dr.takeOver({ id: "x", node: "lonely-node" }, start)).toBeUndefined()
    expect(started).toEqual([])
    expect(dr.takeOver({ id: "m", node: "primary-node" }, () => undefined)).toBeUndefined()
    expect(dr.retired("m")).toBe(false)
  })
})
