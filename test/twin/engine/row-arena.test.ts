import { describe, expect, it } from "vitest"
import { appendOwnedRow, appendRow, emptyRowList, RowArena, type RowList, rowsFrom } from "../../../twin/engine/row-arena.ts"

// Rows of width 3: the link, a number and a name.
const push = (list: RowList, arena: RowArena, a: number, name: string, kept?: string): RowList => {
  const next = appendRow(list, arena)
  next.arena!.set(next.last, 1, a)
  next.arena!.set(next.last, 2, next.arena!.nameIn(name))
  if (kept !== undefined) next.arena!.keep(next.last, kept)
  return next
}

const contents = (list: RowList): Array<[number, string, unknown]> =>
  rowsFrom(list, 0).map((row) => [list.arena!.get(row, 1), list.arena!.nameOf(list.arena!.get(row, 2)), list.arena!.kept(row)])

describe("row arena and row lists", () => {
  it("a list is persistent: appending leaves the version it was made from as it was, in any order", () => {
    const arena = new RowArena(3)
    const root = push(push(emptyRowList, arena, 1, "x"), arena, 2, "y", "k2")
    const left = push(root, arena, 3, "left")
    const right = push(push(root, arena, 4, "right", "k4"), arena, 5, "x")
    const leftMore = push(left, arena, 6, "y")
    expect(contents(root)).toEqual([[1, "x", undefined], [2, "y", "k2"]])
    expect(contents(left)).toEqual([[1, "x", undefined], [2, "y", "k2"], [3, "left", undefined]])
    expect(contents(right)).toEqual([[1, "x", undefined], [2, "y", "k2"], [4, "right", "k4"], [5, "x", undefined]])
    expect(contents(leftMore).map(([a]) => a)).toEqual([1, 2, 3, 6])
    expect([root.length, left.length, right.length, leftMore.length]).toEqual([2, 3, 4, 4])
    expect(rowsFrom(right, 2).map((row) => arena.get(row, 1))).toEqual([4, 5])
    expect(rowsFrom(right, 9)).toEqual([])
  })

  it("lists share one arena and keep appending to the arena their rows are in", () => {
    const a = new RowArena(3)
    const b = new RowArena(3)
    const one = push(emptyRowList, a, 1, "one")
    const two = push(emptyRowList, a, 2, "two")
    // Handed to a machine with another arena (a DR take-over): its rows stay in the first.
    const moved = push(one, b, 3, "three")
    expect(moved.arena).toBe(a)
    expect([contents(moved), contents(two)]).toEqual([[[1, "one", undefined], [3, "three", undefined]], [[2, "two", undefined]]])
  })

  it("an owned list numbers its owner in its arena on its first row and keeps that number", () => {
    const a = new RowArena(3)
    const b = new RowArena(3)
    a.nameIn("other") // number 0 in `a`
    const one = appendOwnedRow(emptyRowList, a, "S1") // S1: number 1 in `a`
    const two = appendOwnedRow(one, a, "S1")
    // Handed to a machine with another arena: its rows and the number stay those of `a`.
    const moved = appendOwnedRow(two, b, "S1")
    const plain = appendRow(moved, a) // a plain append keeps what the list has
    expect([emptyRowList.owner, one.owner, two.owner, moved.owner, plain.owner]).toEqual([-1, 1, 1, 1, 1])
    expect([a.nameOf(1), moved.arena, moved.length]).toEqual(["S1", a, 3])
    expect(appendRow(emptyRowList, a).owner).toBe(-1)
  })

  it("holds more rows than one chunk (16,384), every list in order", () => {
    const arena = new RowArena(3)
    const lists: Array<RowList> = [emptyRowList, emptyRowList, emptyRowList]
    for (let i = 0; i < 50_000; i++) lists[i % 3] = push(lists[i % 3]!, arena, i, `n${i % 7}`)
    lists.forEach((list, k) => {
      expect(list.length).toBe(k === 0 ? 16_667 : 16_667 - (k === 2 ? 1 : 0))
      expect(contents(list).every(([a, n], j) => a === 3 * j + k && n === `n${(3 * j + k) % 7}`)).toBe(true)
    })
  })
})
