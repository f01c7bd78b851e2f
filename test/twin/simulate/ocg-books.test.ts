/** A BSS session's execution books are read as held: an audit does not wake a session whose heartbeats are elided. */
import { describe, expect, it } from "vitest"
import type { Machine } from "../../../twin/engine/machine.ts"
import { constantNetwork, Runtime } from "../../../twin/engine/runtime.ts"
import { MemoryTrace } from "../../../twin/engine/trace.ts"
import { type ClientState, clientState } from "../../../twin/models/ocg/index.ts"
import { sessionBooks } from "../../../twin/simulate/ocg-books.ts"

const idle: Machine<ClientState, never> = { step: (s) => [s, []] }

describe("sessionBooks", () => {
  it("reads the counts and ExecID high-water mark without asking the elider to catch the session up", () => {
    const rt = new Runtime(constantNetwork(0), new MemoryTrace())
    const start = clientState({ participant: "P1", compId: "P1T01", type: "trading", lookupEndpoints: ["ls-1"] })
    const held: ClientState = { ...start, execHighWater: 17, counts: { ...start.counts, applied: 12, duplicates: 2 } }
    rt.add("P1.P1T01", "P1.bss", idle, held)
    const settled: Array<string> = []
    rt.elide({ intercept: () => false, settle: (id) => settled.push(id), settleAll: () => {} })
    const books = sessionBooks(rt, "P1.P1T01")
    expect([books.execHighWater, books.counts.applied, books.counts.duplicates]).toEqual([17, 12, 2])
    expect(settled).toEqual([])
    // A read through `stateOf` would have woken it.
    rt.stateOf("P1.P1T01")
    expect(settled).toEqual(["P1.P1T01"])
  })
})
