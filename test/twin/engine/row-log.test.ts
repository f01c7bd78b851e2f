import { describe, expect, it } from "vitest"
import { appendRow, cell, emptyRowLog, keep, keptWith, nameIn, nameOf, type RowLog, setCell } from "../../../twin/engine/row-log.ts"

const push = (log: RowLog, a: number, name: string, kept?: string): RowLog => {
  const next = appendRow(log)
  setCell(next, log.length, 0, a)
  setCell(next, log.length, 1, nameIn(next, name))
  if (kept !== undefined) keep(next, log.length, kept)
  return next
}

const rowsOf = (log: RowLog): Array<[number, string, unknown]> =>
  Array.from({ length: log.length }, (_, i) => [cell(log, i, 0), nameOf(log, cell(log, i, 1)), keptWith(log, i)])

describe("RowLog", () => {
  it("is persistent: an append leaves the version it was made from as it was", () => {
    const a = push(emptyRowLog(2), 1, "x")
    const b = push(a, 2, "y", "kept")
    expect([a.length, b.length]).toEqual([1, 2])
    expect(rowsOf(a)).toEqual([[1, "x", undefined]])
    expect(rowsOf(b)).toEqual([[1, "x", undefined], [2, "y", "kept"]])
    // The newest version is appended to in place: both share storage.
    expect(b.storage).toBe(a.storage)
  })

  it("copies the rows of an older version appended to again, so two branches never see each other's rows", () => {
    const root = push(push(emptyRowLog(2), 1, "x"), 2, "y", "k2")
    const left = push(root, 3, "left")
    const right = push(root, 4, "right", "k4")
    const rightMore = push(right, 5, "x")
    expect(rowsOf(root)).toEqual([[1, "x", undefined], [2, "y", "k2"]])
    expect(rowsOf(left)).toEqual([[1, "x", undefined], [2, "y", "k2"], [3, "left", undefined]])
    expect(rowsOf(rightMore)).toEqual([[1, "x", undefined], [2, "y", "k2"], [4, "right", "k4"], [5, "x", undefined]])
    expect(right.storage).not.toBe(left.storage)
    // A branch from the middle of a lineage drops the kept objects of rows past it.
    const fromOne = push(push(emptyRowLog(2), 1, "x"), 2, "y", "k2")
    const mid: RowLog = { ...fromOne, length: 1 }
    expect(rowsOf(push(mid, 9, "z"))).toEqual([[1, "x", undefined], [9, "z", undefined]])
  })

  it("grows past its first storage and keeps every row", () => {
    let log = emptyRowLog(2)
    const versions: Array<RowLog> = []
    for (let i = 0; i < 1000; i++) versions.push((log = push(log, i, `n${i % 7}`)))
    expect(rowsOf(log).map(([a]) => a)).toEqual(Array.from({ length: 1000 }, (_, i) => i))
    expect(rowsOf(versions[10]!).map(([a, n]) => `${a}${n}`)).toEqual(Array.from({ length: 11 }, (_, i) => `${i}n${i % 7}`))
    expect(log.storage!.names).toEqual(["n0", "n1", "n2", "n3", "n4", "n5", "n6"])
  })
})
