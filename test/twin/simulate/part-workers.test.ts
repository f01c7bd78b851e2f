/**
 * The parts' worker threads kept between runs (twin/simulate/part-workers.ts): one whose run ended well is
 * handed to the next run; one whose run failed or was interrupted is ended and never handed out again.
 */
import { once } from "node:events"
import { Effect, Exit } from "effect"
import { describe, expect, it } from "vitest"
import { acquireWorker, releaseWorker } from "../../../twin/simulate/part-workers.ts"

describe("the parts' workers", () => {
  it("keeps a worker whose run ended well for the next run, and ends one whose run did not", async () => {
    const first = await Effect.runPromise(acquireWorker)
    await Effect.runPromise(releaseWorker(first, Exit.void))
    const again = await Effect.runPromise(acquireWorker)
    expect(again).toBe(first)
    const exited = once(again, "exit")
    await Effect.runPromise(releaseWorker(again, Exit.fail("a part failed")))
    await exited
    const fresh = await Effect.runPromise(acquireWorker)
    expect(fresh).not.toBe(first)
    await Effect.runPromise(releaseWorker(fresh, Exit.interrupt()))
  })
})
