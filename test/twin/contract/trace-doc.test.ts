import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import { TRACE_KINDS } from "../../../twin/contract/trace-kinds.ts"
import { documentedKinds } from "./documented-kinds.ts"

// docs/trace.md is the reader's reference of the trace, twin/contract/trace-kinds.ts the compiler's: a kind
// in one and not the other is a kind someone cannot read (or cannot write) by the book.
const doc = readFileSync(new URL("../../../docs/trace.md", import.meta.url), "utf8")

describe("docs/trace.md against the contract", () => {
  it("reads the kind tables: the first column's names, not the fields of the format table", () => {
    // A table headed `kind` (one kind per row, two in one cell) and one headed `field`, which is not a kind table.
    const md = ["| field | type |", "|---|---|", "| `t` | integer |", "", "| kind | subject |", "|---|---|", "| `a.b` | x |", "| `c`, `d.e-f` | y |"].join("\n")
    expect(documentedKinds(md)).toEqual(["a.b", "c", "d.e-f"])
  })

  it("documents every kind of the contract", () => {
    const documented = new Set(documentedKinds(doc))
    expect(TRACE_KINDS.filter((k) => !documented.has(k))).toEqual([])
  })

  it("documents no kind the contract lacks, each once", () => {
    const documented = documentedKinds(doc)
    const known = new Set<string>(TRACE_KINDS)
    expect(documented.filter((k) => !known.has(k))).toEqual([])
    expect(documented.filter((k, i) => documented.indexOf(k) !== i)).toEqual([])
  })

  it("has 50 kinds: 9 of the engine and world, 6 of OTP-C, 22 of market data, 5 of China Connect and ECP (ecp.wire: the rig's SFTP wire), 8 of scenarios and live drills", () => {
    // twin/contract/kinds-world.ts 9 + kinds-ocg.ts 6 + kinds-omd.ts 22 + kinds-csc-ecp.ts 5 + kinds-scenario.ts 8
    expect(TRACE_KINDS.length).toBe(9 + 6 + 22 + 5 + 8)
    expect(new Set(TRACE_KINDS).size).toBe(TRACE_KINDS.length)
  })
})
