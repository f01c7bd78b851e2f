/**
 * When the rig's OMD-C send queue counts the world as behind the clock, and so caps each of its turns
 * (send-queue.ts TURN_MS), leaving the thread to the world.
 *
 * A world on time lags by a tick (the live hub's 50 ms) and its cost, and a loaded machine's 1× world by a
 * few hundred ms at times: the rig's turns must not be capped then, or it would drop packets a 1× listener
 * needs. So the world is behind only when the instant it has reached was due over `BEHIND_MS` ago — unless
 * the rig is shedding (it dropped at least `SHEDDING_PACKETS` in the last `SHEDDING_MS`): it cannot follow
 * this speed, the wire has gaps whatever it sends, and the world comes first from two ticks late
 * (`BEHIND_WHILE_SHEDDING_MS`). A few packets dropped (one at start-up, while the viewer is built) is not
 * shedding: a 1× rig keeps the second. At ×1000 the rig sheds ~99.9 % of its packets (docs/omd-wire.md
 * "Pacing"); uncapped, its packets took about a fifth of the serving thread while the world was a few
 * hundred ms late (docs/live.md).
 */
export const BEHIND_MS = 1_000
export const BEHIND_WHILE_SHEDDING_MS = 100
export const SHEDDING_MS = 5_000
export const SHEDDING_PACKETS = 1_000

/** `lateMs`: wall ms since the instant the world has reached was due; `shedding`: `Shedding.now`. */
export const worldBehind = (lateMs: number, shedding: boolean): boolean =>
  lateMs > (shedding ? BEHIND_WHILE_SHEDDING_MS : BEHIND_MS)

/** The rig's drops over the last `SHEDDING_MS`, from the running totals the send queue reports. */
export class Shedding {
  private readonly drops: Array<{ readonly at: number; readonly count: number }> = []
  private total = 0
  private inWindow = 0

  /** The send queue's running total of packets dropped, reported at wall ms `at`. */
  dropped(total: number, at: number): void {
    const count = total - this.total
    this.total = total
    if (count <= 0) return
    this.drops.push({ at, count })
    this.inWindow += count
  }

  /** Whether at least `SHEDDING_PACKETS` were dropped in the `SHEDDING_MS` before wall ms `at`. */
  now(at: number): boolean {
    while (this.drops.length > 0 && at - this.drops[0]!.at >= SHEDDING_MS) this.inWindow -= this.drops.shift()!.count
    return this.inWindow >= SHEDDING_PACKETS
  }
}
