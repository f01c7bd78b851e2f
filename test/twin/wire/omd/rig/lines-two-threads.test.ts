/**
 * The rig's multicast lines with the live world on two threads (`twin serve --threads 2`: the trading path
 * in a worker thread, market data here, docs/live.md "Two threads"): P2's line A and line B of channel SS
 * carry exactly the numbers the twin's tap says reached P2, as on one thread (lines.test.ts). Its own
 * groups and ports (address-plan.ts), apart from lines.test.ts's.
 */
import { afterEach, describe, expect, it } from "vitest"
import { joinLine, listed, minutes, NINE, type Received, type RigWorld, seconds, startRigWorld, tapSeqs, tiny } from "./support.ts"

const ADDRESSES = { octet: 205, port: 46_000 }
const open: Array<{ close: () => Promise<void> }> = []
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close()
})

const receiver = async (w: RigWorld, role: string): Promise<Received> => {
  const r = await joinLine(listed(w, "P2", "SS", role))
  open.push(r)
  return r
}

describe("P2's lines with the world on two threads", () => {
  it("carry exactly the numbers the tap says reached P2, line A and line B, all of 1 … highest", async () => {
    const w = await startRigWorld({ model: tiny, watched: ["P2"], window: { from: NINE, to: NINE + minutes(2) }, rig: { addresses: ADDRESSES }, threads: 2 })
    open.push(w)
    expect(w.live.threads).toBe(2)
    const a = await receiver(w, "line-A")
    const b = await receiver(w, "line-B")
    await w.runTo(NINE + seconds(12))
    const tapA = tapSeqs(w.arrivals, "P2", "omdc/SS", "A")
    expect(tapA.length).toBeGreaterThan(20_000)
    expect(a.errors).toEqual([])
    expect(a.seqs()).toEqual(tapA)
    expect(b.seqs()).toEqual(tapSeqs(w.arrivals, "P2", "omdc/SS", "B"))
    const highest = Math.max(...tapA)
    expect(new Set(a.seqs()).size).toBe(highest)
  })
})
