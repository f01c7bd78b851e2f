/**
 * Trace lines taken from the front (twin/simulate/line-queue.ts): before an instant or all, in order, none
 * twice and none lost — across the cuts it makes of its array once much has been taken.
 */
import { describe, expect, it } from "vitest"
import type { TraceEvent } from "../../../twin/engine/trace.ts"
import { LineQueue } from "../../../twin/simulate/line-queue.ts"

const line = (t: number, n: number) => ({ t, kind: "test.line", subject: String(n), data: {} }) as unknown as TraceEvent

describe("a queue of trace lines", () => {
  it("gives the lines before an instant, then the rest, in order and each once", () => {
    const q = new LineQueue()
    for (const [i, t] of [1, 1, 2, 5, 5, 9].entries()) q.push(line(t, i))
    expect(q.takeBefore(1)).toEqual([])
    expect(q.takeBefore(5).map((e) => e.subject)).toEqual(["0", "1", "2"])
    expect(q.size).toBe(3)
    expect(q.takeBefore(5)).toEqual([])
    q.push(line(12, 6))
    expect(q.takeAll().map((e) => e.subject)).toEqual(["3", "4", "5", "6"])
    expect(q.size).toBe(0)
  })

  it("keeps every line across many takes that cut its array", () => {
    const q = new LineQueue()
    const seen: Array<number> = []
    let n = 0
    for (let t = 0; t < 400; t++) {
      for (let k = 0; k < 1_000; k++) q.push(line(t, n++))
      if (t % 3 === 2) for (const e of q.takeBefore(t - 1)) seen.push(Number(e.subject))
    }
    for (const e of q.takeAll()) seen.push(Number(e.subject))
    expect(seen).toEqual(Array.from({ length: n }, (_, i) => i))
  })
})
