/**
 * A live world's step in two parts (live-session.ts with `threads: 2`): this thread's part — China Connect,
 * market data, ECP — and the trading path's in its worker (trading-part.ts), run to the same target side by
 * side, their new trace lines merged by time (the trading part's first at an instant both wrote: the
 * grouping `twin simulate` writes, twin/simulate/merge-parts.ts) and what the world writes rather than a
 * system kept once, the trading part's. The followers of this thread's part (`follow`: the rig's OMD-C and
 * ECP endpoints) work between this part's run and the wait for the other, so their work overlaps it.
 *
 * Controls: each one this thread's part accepted goes to the trading part before its next step, and the
 * trading part's answers, returned with that step, must be the same (else the world stops: a defect).
 *
 * With the trading path split by participants (`share`: its last part, trading-share.ts), this thread runs
 * that part too, after its followers and before the wait, and the step merges three streams in `partsFor`'s
 * order — the worker's parts, this thread's trading part, the other systems — as `twin simulate` does.
 *
 * Running ahead (`runAhead`): the trading part may start its next step before this thread asks for it, so
 * that it works while this thread serves the sockets and the rig between two ticks; the step then only
 * runs this thread's part and waits. Nothing this thread does meanwhile can reach the trading part but a
 * control, and a control is refused until the step is taken (the session takes it first: `settle`).
 */
import { Result } from "effect"
import type { Micros } from "../../engine/time.ts"
import type { TraceEvent, TraceSink } from "../../engine/trace.ts"
import { startMerge } from "../../simulate/merge-parts.ts"
import type { WorldControl } from "../world-controls.ts"
import { type ControlAnswer, TradingPart, type TradingPartInit } from "./trading-part.ts"
import type { TradingShare } from "./trading-share.ts"

type Follower = (fresh: ReadonlyArray<TraceEvent>, now: Micros) => void

export class TwoParts {
  /** Where this thread's part writes its trace (held until the step's merge). */
  readonly sink: TraceSink
  /**
   * Wall ms this thread spent running its part and its followers, waiting for the trading part after that,
   * and merging — what bounds the pace (bench/live.ts prints it).
   */
  readonly times = { ownMs: 0, waitMs: 0, mergeMs: 0 }
  private readonly trading: TradingPart
  private readonly merged: TraceSink
  private readonly local: Array<TraceEvent> = []
  private readonly answered: Array<ControlAnswer> = []
  private readonly followers: Array<Follower> = []
  /** The target of the trading part's step begun ahead of this thread's (`runAhead`), until it is taken. */
  private aheadTo: Micros | undefined

  /** A trading part this thread runs beside its own (the last of `init.shares`), if the path is split. */
  private readonly share: TradingShare | undefined

  /** `merged`: where the merged trace goes. */
  constructor(init: TradingPartInit, merged: TraceSink, share?: TradingShare) {
    this.trading = new TradingPart(init)
    this.merged = merged
    this.share = share
    this.sink = { write: (e) => void this.local.push(e) }
  }

  /** `control` as this thread's part answered it at `at`: accepted, it goes to the trading part too. */
  control(control: WorldControl, at: Micros, answer: Result.Result<string, string>): void {
    if (this.aheadTo !== undefined) throw new Error(`a control at ${at} while the trading part runs ahead to ${this.aheadTo}`)
    if (Result.isFailure(answer)) return
    const shared = this.share?.control(control, at)
    if (shared !== undefined && JSON.stringify(shared) !== JSON.stringify(answer)) {
      throw new Error(`this thread's trading part answered ${JSON.stringify(shared)}, its own part ${JSON.stringify(answer)}`)
    }
    this.trading.control(control, at)
    this.answered.push({ ok: answer.success })
  }

  follow(follower: Follower): void {
    this.followers.push(follower)
  }

  /** Where the trading part's step begun ahead runs to, or undefined: the next `step` must go there. */
  get ahead(): Micros | undefined {
    return this.aheadTo
  }

  /** Starts the trading part's next step, to `target`, now (at most one ahead). */
  runAhead(target: Micros): void {
    if (this.aheadTo !== undefined) return
    this.trading.begin(target)
    this.aheadTo = target
  }

  /**
   * Both parts to `target`: the trading part's thread starts (unless it runs ahead there already), `runHere`
   * runs this thread's part, `reached` marks it there and the followers work, then the trading part's lines
   * are awaited and merged. The events both parts ran.
   */
  step(target: Micros, runHere: (t: Micros) => number, reached: (t: Micros) => void): number {
    const t0 = performance.now()
    if (this.aheadTo === undefined) this.trading.begin(target)
    else if (this.aheadTo !== target) throw new Error(`a step to ${target} while the trading part runs ahead to ${this.aheadTo}`)
    this.aheadTo = undefined
    const ran = runHere(target)
    const local = this.local.splice(0)
    reached(target)
    let t1 = t0
    let remote: ReturnType<TradingPart["finish"]>
    let shared: ReadonlyArray<TraceEvent> = []
    let sharedRan = 0
    try {
      for (const follower of this.followers) follower(local, target)
      if (this.share !== undefined) {
        sharedRan = this.share.sim.runTo(target)
        shared = this.share.take()
      }
    } finally {
      t1 = performance.now()
      remote = this.trading.finish()
    }
    const t2 = performance.now()
    const expected = this.answered.splice(0)
    if (JSON.stringify(remote.controls) !== JSON.stringify(expected)) {
      throw new Error(`the trading part answered the controls ${JSON.stringify(remote.controls)}, this part ${JSON.stringify(expected)}`)
    }
    // The parts in `partsFor`'s order: the worker's trading parts, this thread's, the other systems.
    const parts = this.share === undefined ? [remote.events] : [remote.events, shared]
    startMerge([...parts, local], this.merged)(Number.POSITIVE_INFINITY)
    this.times.ownMs += t1 - t0
    this.times.waitMs += t2 - t1
    this.times.mergeMs += performance.now() - t2
    return ran + sharedRan + remote.ran
  }

  /** Ends the trading part's thread. */
  close(): Promise<void> {
    return this.trading.close().then(() => undefined)
  }
}
