/**
 * The trading part's thread (twin/serve/parted/trading-part.ts) when it cannot do its work: an estate its
 * worker cannot build a world from makes the step throw with the worker's reason — the live hub then stops
 * the world and says why — rather than the serving thread waiting for a reply that never comes; and a thread
 * gone without a word wakes the step at once (its lifeline: thread-warden.ts), not after the step's timeout.
 */
import { describe, expect, it } from "vitest"
import type { EstateFile } from "../../../../topology/schema.ts"
import { TradingPart } from "../../../../twin/serve/parted/trading-part.ts"
import { minutes, NINE } from "../support.ts"

describe("the trading part's thread", () => {
  it("a world it cannot build: the step throws with the worker's reason, and the thread still closes", async () => {
    const part = new TradingPart({ estate: {} as EstateFile, seed: 1, window: { from: NINE, to: NINE + minutes(5) }, moved: [], settings: undefined })
    part.begin(NINE + minutes(1))
    expect(() => part.finish()).toThrow(/^the trading path's thread failed: /)
    await expect(part.close()).resolves.toBeTypeOf("number")
  }, 60_000)

  it("a thread gone without a word: the step throws at once, not after its two minutes' timeout", async () => {
    const part = new TradingPart({ estate: {} as EstateFile, seed: 1, window: { from: NINE, to: NINE + minutes(5) }, moved: [], settings: undefined })
    // A step answered first: the thread runs and holds its lifeline (one ended before it starts never held it).
    part.begin(NINE + minutes(1))
    expect(() => part.finish()).toThrow(/^the trading path's thread failed: /)
    const closed = part.close()
    part.begin(NINE + minutes(2))
    const started = Date.now()
    expect(() => part.finish()).toThrow("the trading path's thread ended without a word (out of memory, killed or exited)")
    expect(Date.now() - started).toBeLessThan(30_000)
    await closed
  }, 60_000)
})
