/**
 * The rendezvous of two parts on two threads (twin/simulate/part-rendezvous.ts) with a real worker: the
 * worker's lines since the last rendezvous reach the calling thread's merge, in order, and the answer computed
 * here reaches the worker; parts that disagree on a rendezvous, a worker that ends or fails while this thread
 * waits, a worker's thread that dies without a word (exits, runs out of memory) while this thread waits, and a
 * calling thread that ends while the worker waits each fail with a message rather than hang.
 */
import { once } from "node:events"
import { Worker } from "node:worker_threads"
import { describe, expect, it } from "vitest"
import type { TraceEvent } from "../../../twin/engine/trace.ts"
import { noRendezvous, openRendezvous, portsOf } from "../../../twin/simulate/part-rendezvous.ts"
import { ThreadLost } from "../../../twin/simulate/thread-warden.ts"

interface WorkerResult {
  readonly answers: ReadonlyArray<unknown>
  readonly error?: string
}

/**
 * A worker meeting this thread as `script` says, then failing with `fail` or dying with `die`; `merged`: the
 * subjects of the lines each rendezvous merged.
 */
const start = (script: ReadonlyArray<string>, fail?: string, die?: "exit" | "out-of-memory") => {
  const merged: Array<Array<string>> = []
  const here = openRendezvous((theirs: ReadonlyArray<TraceEvent>) => void merged.push(theirs.map((e) => e.subject)))
  const worker = new Worker(new URL("./fixtures/rendezvous-worker.ts", import.meta.url), {
    workerData: { line: here.line, script, ...(fail === undefined ? {} : { fail }), ...(die === undefined ? {} : { die }) },
    transferList: [...portsOf(here.line)],
    ...(die === "out-of-memory" ? { resourceLimits: { maxOldGenerationSizeMb: 48 } } : {})
  })
  const result = once(worker, "message").then(([r]) => r as WorkerResult)
  return { here, merged, result, worker }
}

describe("two parts' rendezvous", () => {
  it("hands the worker's lines to the merge and the answer computed here to the worker, in order", async () => {
    const { here, merged, result } = start(["go-a", "watch-b", "prt-c"])
    const answers = ["go-a", "watch-b", "prt-c"].map((name, i) => here.meet(name, () => ({ verdict: i === 1 ? "fail" : "pass", name })))
    here.end()
    expect(answers).toEqual([{ verdict: "pass", name: "go-a" }, { verdict: "fail", name: "watch-b" }, { verdict: "pass", name: "prt-c" }])
    expect(merged).toEqual([["go-a"], ["watch-b"], ["prt-c"]])
    expect(await result).toEqual({ answers })
  })

  it("fails where the parts disagree on a rendezvous, where the worker ended or failed, and where this part ended first", async () => {
    const disagree = start(["go-a"])
    expect(() => disagree.here.meet("go-b", () => 1)).toThrow("rendezvous 1: this part is at go-b, the worker's at 1 (go-a)")
    disagree.here.end()
    expect((await disagree.result).error).toBe("the calling thread's part ended before rendezvous 1 (go-a)")

    const ended = start(["go-a"])
    expect(ended.here.meet("go-a", () => 1)).toBe(1)
    expect(() => ended.here.meet("watch-b", () => 2)).toThrow("the worker's part ended before rendezvous 2 (watch-b)")
    expect(await ended.result).toEqual({ answers: [1] })

    const failed = start([], "a model's defect")
    expect(() => failed.here.meet("go-a", () => 1)).toThrow("the worker's part failed before rendezvous 1 (go-a): a model's defect")
    expect((await failed.result).error).toBe("a model's defect")

    expect(() => noRendezvous("one thread")("go-a", () => 1)).toThrow("rendezvous go-a: one thread")
  })

  it("wakes this thread with a message when the worker's thread dies without a word while it waits", async () => {
    for (const die of ["exit", "out-of-memory"] as const) {
      const dying = start(["go-a"], undefined, die)
      // It posts nothing; out of memory, its thread's `error` rejects the wait for its message.
      const said = dying.result.catch((e: Error) => e.message)
      const exited = new Promise<number>((resolve) => dying.worker.once("exit", resolve))
      expect(dying.here.meet("go-a", () => 1)).toBe(1)
      // This thread blocks here (no event loop) until the warden sees the worker's thread gone.
      // A ThreadLost: the CLI tells it in one line with exit 3, not as an internal error.
      let lost: unknown
      try {
        dying.here.meet("watch-b", () => 2)
      } catch (e) {
        lost = e
      }
      expect(lost, die).toBeInstanceOf(ThreadLost)
      expect((lost as Error).message, die).toBe("the worker's thread ended without a word before rendezvous 2 (watch-b): killed, out of memory or exited")
      expect(await exited, die).toBe(die === "exit" ? 3 : 1)
      if (die === "out-of-memory") expect(await said).toContain("reaching memory limit")
      dying.here.end()
    }
  }, 30_000)
})
