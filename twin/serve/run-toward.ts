/**
 * What a paced server does with its world on every tick (the live hub, the drill hub): run it toward the
 * instant due, in slices, until it gets there or the tick's wall-time budget runs out — then the sockets'
 * I/O gets its turn. One piece for both hubs: the clock-chasing bug (issue 22) was fixed in each of two
 * copies of this loop.
 *
 * - The target is taken once, at the tick's start. Re-read after every slice, it moves on by the slice's
 *   own wall time (×300: 300 virtual µs per wall µs), and a world that keeps up chases it in ever smaller
 *   steps for the whole budget, every tick, at every speed.
 * - Slices adapt to what they cost: the first is a simulated second; one that took longer than the whole
 *   budget makes the next ones an eighth as long (down to a millisecond), so a dense stretch of the day (or
 *   an instructor's fault that multiplies the work) never keeps the sockets waiting for long; one that took
 *   less than a quarter of it doubles the next, up to a simulated minute. Each slice costs a little of its
 *   own (the health tracker's flush, the rig's look at what the slice wrote): at ×1000 a world in slices of a
 *   second spent ~6 % more CPU per event than in long ones (bench/live.ts), where slices grown to cost a few
 *   ms each cover several simulated seconds. At low speeds the instant due bounds them anyway.
 * - The world is told where it will go next (`runAhead`): behind when the budget runs out, its next slice;
 *   on time, the instant the next tick will be due (`next`, one tick's wall time on). A world on two threads
 *   starts the trading path's part of it at once, so that thread works while this one serves the sockets
 *   and the rig, or sleeps till the next tick (live-session.ts).
 */
import { type Micros, seconds } from "../engine/time.ts"

export const FIRST_SLICE: Micros = seconds(1)
export const MAX_SLICE: Micros = seconds(60)
export const MIN_SLICE: Micros = 1_000

/** The world as a hub steps it. */
export interface SteppedWorld {
  /** The instant run to. */
  readonly now: Micros
  /** Whether its window has ended. */
  readonly over: boolean
  advance(t: Micros): unknown
  /** The next `advance` will go to `t`: work toward it may start now (optional). */
  runAhead?(t: Micros): void
}

export class RunToward {
  /** Simulated µs per slice, adapted to what a slice costs. */
  private slice: Micros = FIRST_SLICE
  private readonly wallNow: () => number
  private readonly budgetMs: number

  constructor(wallNow: () => number, budgetMs: number) {
    this.wallNow = wallNow
    this.budgetMs = budgetMs
  }

  /**
   * Runs `world` toward `target` from the tick that began at wall ms `began`; true when the budget ran out
   * before the world got there (it is behind: the next tick should come at once). `next`: the instant the
   * next tick will be due if this one gets there (undefined: unknown, e.g. paused).
   */
  run(world: SteppedWorld, target: Micros, began: number, next?: Micros): boolean {
    while (!world.over && world.now < target) {
      const sliceBegan = this.wallNow()
      world.advance(Math.min(target, world.now + this.slice))
      const took = this.wallNow() - sliceBegan
      if (took > this.budgetMs) this.slice = Math.max(MIN_SLICE, Math.floor(this.slice / 8))
      else if (took < this.budgetMs / 4) this.slice = Math.min(MAX_SLICE, this.slice * 2)
      if (this.wallNow() - began >= this.budgetMs) break
    }
    const behind = !world.over && world.now < target
    if (behind) world.runAhead?.(Math.min(target, world.now + this.slice))
    else if (next !== undefined && !world.over && world.now < next) world.runAhead?.(Math.min(next, world.now + this.slice))
    return behind
  }
}
